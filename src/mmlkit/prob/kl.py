"""Closed-form Kullback–Leibler divergences ``KL(p || q)`` between members of one family."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputValueError, ShapeError
from ._special import digamma
from .distributions import (
    Bernoulli,
    Beta,
    Binomial,
    Categorical,
    Dirichlet,
    Gamma,
    Poisson,
    Uniform,
)
from .gaussian import Gaussian, tri_inv_lower

__all__ = ["kl_divergence"]


def _plogq(p: np.ndarray, q: np.ndarray) -> float:
    """``sum p log(p / q)`` with ``0 log 0 = 0`` and ``+inf`` where ``q = 0 < p``."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    if ((q == 0) & (p > 0)).any():
        return math.inf
    m = p > 0
    return float(np.sum(p[m] * (np.log(p[m]) - np.log(q[m]))))


def _kl_bernoulli(p: Bernoulli, q: Bernoulli) -> float:
    return _plogq([p.p, 1 - p.p], [q.p, 1 - q.p])


def _kl_binomial(p: Binomial, q: Binomial) -> float:
    if p.n != q.n:
        raise InputValueError(f"kl_divergence: Binomials need the same n, got {p.n} and {q.n}")
    return p.n * _plogq([p.p, 1 - p.p], [q.p, 1 - q.p])


def _kl_categorical(p: Categorical, q: Categorical) -> float:
    if p.probs.size != q.probs.size:
        raise ShapeError("kl_divergence: Categoricals need the same number of categories")
    return _plogq(p.probs, q.probs)


def _kl_poisson(p: Poisson, q: Poisson) -> float:
    return p.rate * math.log(p.rate / q.rate) + q.rate - p.rate


def _kl_uniform(p: Uniform, q: Uniform) -> float:
    if p.a < q.a or p.b > q.b:
        return math.inf
    return math.log((q.b - q.a) / (p.b - p.a))


def _kl_beta(p: Beta, q: Beta) -> float:
    psi_a, psi_b, psi_ab = (float(v) for v in digamma(np.array([p.a, p.b, p.a + p.b])))
    return (q._log_norm - p._log_norm + (p.a - q.a) * psi_a + (p.b - q.b) * psi_b
            + (q.a - p.a + q.b - p.b) * psi_ab)


def _kl_gamma(p: Gamma, q: Gamma) -> float:
    k1, b1, k2, b2 = p.shape, p.rate, q.shape, q.rate
    return ((k1 - k2) * float(digamma(k1)) - math.lgamma(k1) + math.lgamma(k2)
            + k2 * (math.log(b1) - math.log(b2)) + k1 * (b2 - b1) / b1)


def _kl_dirichlet(p: Dirichlet, q: Dirichlet) -> float:
    if p.alpha.size != q.alpha.size:
        raise ShapeError("kl_divergence: Dirichlets need the same number of categories")
    d = digamma(p.alpha) - float(digamma(p.alpha0))
    return q._log_norm - p._log_norm + float((p.alpha - q.alpha) @ d)


def _kl_gaussian(p: Gaussian, q: Gaussian) -> float:
    # KL = 1/2 [tr(S2^-1 S1) + (m2 - m1)^T S2^-1 (m2 - m1) - d + log|S2| / |S1|]
    if p.dim != q.dim:
        raise ShapeError(f"kl_divergence: Gaussians of dimensions {p.dim} and {q.dim}")
    if p.dim is None:
        r = p.cov / q.cov
        return 0.5 * (r + (p.mean - q.mean) ** 2 / q.cov - 1.0 - math.log(r))
    Li = tri_inv_lower(q.chol)
    M = Li @ p.chol
    z = Li @ (q.mean - p.mean)
    return 0.5 * (float(np.sum(M * M)) + float(z @ z) - p.dim + q._log_det - p._log_det)


_KL: dict[type, Callable[[Any, Any], float]] = {
    Bernoulli: _kl_bernoulli, Binomial: _kl_binomial, Categorical: _kl_categorical,
    Poisson: _kl_poisson, Uniform: _kl_uniform, Beta: _kl_beta, Gamma: _kl_gamma,
    Dirichlet: _kl_dirichlet, Gaussian: _kl_gaussian,
}


def kl_divergence(p: Any, q: Any) -> float:
    r"""Kullback–Leibler divergence ``KL(p || q)`` in nats, in closed form (MML sec. 6.1).

    .. math:: \mathrm{KL}(p \,\|\, q) = \mathbb E_p\!\left[\log \frac{p(x)}{q(x)}\right]

    Examples
    --------
    >>> from mmlkit.prob import Gaussian, kl_divergence
    >>> kl_divergence(Gaussian(0.0, 1.0), Gaussian(1.0, 1.0))
    0.5
    """
    fn = _KL.get(type(p))
    if fn is None or type(q) is not type(p):
        raise InputValueError(f"kl_divergence: no closed form for {type(p).__name__} and "
                              f"{type(q).__name__}; both must be one of "
                              f"{sorted(c.__name__ for c in _KL)} of the same family")
    return float(fn(p, q))
