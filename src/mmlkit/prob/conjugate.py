"""Conjugate Bayesian updates and posterior predictives (MML sec. 6.6.1).

``posterior(prior, likelihood, data)`` returns the posterior as a distribution of the
prior's family; ``posterior_predictive(dist, likelihood)`` returns the distribution of
the next observation with the parameter integrated out.

=====================  =============  ==========================  ======================
prior                  likelihood     posterior                   predictive
=====================  =============  ==========================  ======================
Beta(a, b)             "bernoulli"    Beta(a + s, b + N - s)      Bernoulli
Beta(a, b)             "binomial"     Beta(a + s, b + nN - s)     BetaBinomial(n, a, b)
Gamma(k, rate)         "poisson"      Gamma(k + s, rate + N)      NegativeBinomial
Dirichlet(alpha)       "categorical"  Dirichlet(alpha + counts)   Categorical
Gaussian(m0, S0)       "gaussian"     Gaussian (known ``var``)    Gaussian(m, S + var)
=====================  =============  ==========================  ======================
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array, check_positive_int
from ..errors import InputTypeError, InputValueError, ShapeError
from .distributions import (
    Bernoulli,
    Beta,
    BetaBinomial,
    Binomial,
    Categorical,
    Dirichlet,
    Gamma,
    NegativeBinomial,
    Poisson,
)
from .gaussian import Gaussian

__all__ = ["posterior", "posterior_predictive"]

_NAMES = {Bernoulli: "bernoulli", Binomial: "binomial", Poisson: "poisson",
          Categorical: "categorical", Gaussian: "gaussian"}
_PRIOR = {"bernoulli": Beta, "binomial": Beta, "poisson": Gamma, "categorical": Dirichlet,
          "gaussian": Gaussian}


def _likelihood_name(prior: Any, likelihood: Any) -> str:
    name = _NAMES.get(likelihood, likelihood)
    if not isinstance(name, str) or name.lower() not in _PRIOR:
        raise InputValueError(f"likelihood: expected one of {sorted(_PRIOR)} (or the class), "
                              f"got {likelihood!r}")
    name = name.lower()
    if not isinstance(prior, _PRIOR[name]):
        raise InputTypeError(f"prior: the conjugate prior of a {name} likelihood is "
                             f"{_PRIOR[name].__name__}, got {type(prior).__name__}")
    return name


def _counts(data: Any, upper: int | None, what: str) -> np.ndarray:
    """Integer observations in ``0..upper`` (unbounded when ``upper`` is None)."""
    x = as_float_array(data, "data", ndim=(0, 1)).reshape(-1)
    bad = (x < 0) | (x != np.floor(x))
    if upper is not None:
        bad |= x > upper
    if bad.any():
        v = x[bad][0]
        rng = f"0..{upper}" if upper is not None else "0, 1, 2, ..."
        raise InputValueError(f"data: {what} observations must be integers in {rng}, got {v}")
    return x


def _known_var(var: Any, prior: Gaussian) -> Any:
    if var is None:
        raise InputValueError("var: a Gaussian likelihood needs the known noise variance var=")
    if prior.dim is None:
        v = as_float_array(var, "var", ndim=0)
        if v <= 0:
            raise InputValueError(f"var: the noise variance must be > 0, got {float(v)}")
        return float(v)
    return as_float_array(var, "var", ndim=2)


def _gaussian_mean_posterior(prior: Gaussian, data: Any, var: Any) -> Gaussian:
    # The likelihood of the mean is N(mu | xbar, var / N); the posterior is the normalized
    # product of two Gaussians in mu (MML eqs. (6.74)-(6.76)).
    noise = _known_var(var, prior)
    x = as_float_array(data, "data", ndim=(1, 2) if prior.dim else (0, 1))
    if prior.dim is not None:
        x = np.atleast_2d(x)
        if x.shape[1] != prior.dim:
            raise ShapeError(f"data: expected rows of length {prior.dim}, got shape {x.shape}")
    else:
        x = x.reshape(-1)
    n = x.shape[0]
    if n == 0:
        return prior
    return prior.product(Gaussian(x.mean(axis=0) if prior.dim else float(x.mean()),
                                  np.asarray(noise) / n))[1]


def posterior(prior: Any, likelihood: Any, data: Any, *, n: int | None = None,
              var: Any = None) -> Any:
    r"""Conjugate posterior ``p(theta | data)`` in the prior's family (MML sec. 6.6.1).

    Parameters
    ----------
    prior : Beta, Gamma, Dirichlet or Gaussian
        The prior on the likelihood's parameter.
    likelihood : str or class
        ``"bernoulli"``, ``"binomial"``, ``"poisson"``, ``"categorical"`` or
        ``"gaussian"`` (Gaussian mean with known variance), or the class itself.
    data : array_like
        Observations: 0/1 outcomes, success counts (of ``n`` trials each), event counts,
        category labels ``0..K-1``, or real values (rows for a multivariate mean).
    n : int, optional
        Trials per observation of a Binomial likelihood.
    var : float or ndarray, optional
        Known noise variance (covariance) of a Gaussian likelihood.

    .. math:: \mathrm{Beta}(a, b) \xrightarrow{h \text{ heads}, t \text{ tails}}
              \mathrm{Beta}(a + h, b + t)

    Examples
    --------
    >>> from mmlkit.prob import Beta, Gaussian, posterior
    >>> posterior(Beta(1, 1), "bernoulli", [1, 0, 1, 1])
    Beta(a=4, b=2)
    >>> posterior(Gaussian(0.0, 1.0), "gaussian", [2.0, 2.0, 2.0], var=1.0)
    Gaussian(mean=1.5, cov=0.25)
    """
    name = _likelihood_name(prior, likelihood)
    if name == "bernoulli":
        x = _counts(data, 1, "Bernoulli")
        s = float(x.sum())
        return Beta(prior.a + s, prior.b + x.size - s)
    if name == "binomial":
        trials = check_positive_int(n, "n", minimum=1) if n is not None else None
        if trials is None:
            raise InputValueError("n: a Binomial likelihood needs the number of trials n=")
        x = _counts(data, trials, "Binomial")
        s = float(x.sum())
        return Beta(prior.a + s, prior.b + trials * x.size - s)
    if name == "poisson":
        x = _counts(data, None, "Poisson")
        return Gamma(prior.shape + float(x.sum()), prior.rate + x.size)
    if name == "categorical":
        k = prior.alpha.size
        x = _counts(data, k - 1, "Categorical").astype(np.intp)
        return Dirichlet(prior.alpha + np.bincount(x, minlength=k))
    return _gaussian_mean_posterior(prior, data, var)


def posterior_predictive(dist: Any, likelihood: Any, *, n: int | None = None,
                         var: Any = None) -> Any:
    r"""Distribution of a new observation, ``p(x | D) = \int p(x | \theta) p(\theta | D) d\theta``.

    ``dist`` is a prior or posterior (Beta, Gamma, Dirichlet, Gaussian); ``likelihood``,
    ``n`` and ``var`` as in :func:`posterior`.

    .. math:: p(x = 1 \mid \mathcal D) = \frac{a}{a + b} \quad
              \text{(Beta–Bernoulli)}

    Examples
    --------
    >>> from mmlkit.prob import Beta, Gamma, posterior_predictive
    >>> posterior_predictive(Beta(4, 2), "bernoulli")
    Bernoulli(p=0.666667)
    >>> posterior_predictive(Gamma(3.0, 1.0), "poisson")
    NegativeBinomial(r=3, p=0.5)
    """
    name = _likelihood_name(dist, likelihood)
    if name == "bernoulli":
        return Bernoulli(dist.mean)
    if name == "binomial":
        if n is None:
            raise InputValueError("n: a Binomial likelihood needs the number of trials n=")
        return BetaBinomial(n, dist.a, dist.b)
    if name == "poisson":
        # integrating the Poisson rate against Gamma(k, beta) gives NB(k, beta / (beta + 1))
        return NegativeBinomial(dist.shape, dist.rate / (dist.rate + 1.0))
    if name == "categorical":
        return Categorical(dist.mean)
    noise = _known_var(var, dist)
    return Gaussian(dist.mean, np.add(dist.cov, noise) if dist.dim else dist.cov + noise)
