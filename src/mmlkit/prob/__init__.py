"""Probability and distributions (MML ch. 6).

Distributions on one base class (``pdf``/``pmf``, log versions, ``cdf``, ``sample``,
``mean``, ``var``, ``entropy()``), the Gaussian and its algebra, summary statistics,
conjugate updates, joint probability tables, the exponential family, change of
variables and closed-form KL divergences.

>>> from mmlkit.prob import Beta, posterior
>>> posterior(Beta(2, 2), "binomial", [7], n=10).mean
0.6428571428571429
"""

from .conjugate import posterior, posterior_predictive
from .distributions import (
    Bernoulli,
    Beta,
    BetaBinomial,
    Binomial,
    Categorical,
    ContinuousDistribution,
    Dirichlet,
    DiscreteDistribution,
    Distribution,
    Gamma,
    NegativeBinomial,
    Poisson,
    Uniform,
)
from .expfamily import ExponentialFamily, exponential_family
from .gaussian import Gaussian
from .kl import kl_divergence
from .stats import RunningStats, corr, cov, mean, var
from .tables import (
    bayes,
    condition,
    evidence,
    is_independent,
    joint_table,
    marginalize,
    product_rule,
)
from .transform import TransformedDistribution, change_of_variables

__all__ = [
    "Distribution", "ContinuousDistribution", "DiscreteDistribution",
    "Bernoulli", "Binomial", "Categorical", "Poisson", "BetaBinomial", "NegativeBinomial",
    "Uniform", "Beta", "Gamma", "Dirichlet", "Gaussian",
    "kl_divergence",
    "mean", "var", "cov", "corr", "RunningStats",
    "posterior", "posterior_predictive",
    "joint_table", "marginalize", "condition", "product_rule", "bayes", "evidence",
    "is_independent",
    "ExponentialFamily", "exponential_family",
    "TransformedDistribution", "change_of_variables",
]
