"""The catalogue of distributions on one shared base class (see ``_base``)."""

from ._base import ContinuousDistribution, DiscreteDistribution, Distribution
from .continuous import Beta, Dirichlet, Gamma, Uniform
from .discrete import Bernoulli, BetaBinomial, Binomial, Categorical, NegativeBinomial, Poisson

__all__ = [
    "Distribution", "ContinuousDistribution", "DiscreteDistribution",
    "Bernoulli", "Binomial", "Categorical", "Poisson", "BetaBinomial", "NegativeBinomial",
    "Uniform", "Beta", "Gamma", "Dirichlet",
]
