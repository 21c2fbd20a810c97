r"""The exponential-family view of a distribution (MML sec. 6.6.3).

.. math:: p(x \mid \boldsymbol\eta) = h(x)
          \exp\big(\boldsymbol\eta^\top T(x) - A(\boldsymbol\eta)\big)

The log-partition ``A`` is written once, for any array namespace with ``exp``/``log``,
so the same formula gives its value (NumPy) and its gradient (:mod:`mmlkit.autodiff`):
``grad A(eta) = E[T(x)]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputValueError
from .distributions import Bernoulli, Binomial, Poisson
from .distributions._base import Distribution
from .distributions.discrete import _lgamma1, _log_binom
from .gaussian import Gaussian

__all__ = ["ExponentialFamily", "exponential_family"]

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


@dataclass(frozen=True)
class ExponentialFamily:
    """``(eta, T, A, log h)`` of one distribution; ``logpdf`` rebuilds its log-density."""

    name: str
    natural_params: np.ndarray
    sufficient_statistics: Callable[[np.ndarray], np.ndarray]   # x (n,) -> T(x) (n, m)
    log_partition_fn: Callable[[Any, Any], Any]                  # (eta, namespace) -> A
    log_base_measure: Callable[[np.ndarray], np.ndarray]         # x (n,) -> log h(x)

    def log_partition(self, eta: Any = None) -> float:
        """``A(eta)`` (at the distribution's own ``eta`` by default)."""
        e = self.natural_params if eta is None else np.asarray(eta, dtype=np.float64)
        return float(self.log_partition_fn(e, np))

    def logpdf(self, x: Any) -> np.ndarray:
        r"""``log h(x) + eta^T T(x) - A(eta)``.

        .. math:: \log p(x) = \log h(x) + \boldsymbol\eta^\top T(x) - A(\boldsymbol\eta)
        """
        x = np.asarray(x, dtype=np.float64)
        T = self.sufficient_statistics(x)
        return self.log_base_measure(x) + T @ self.natural_params - self.log_partition()

    def mean_parameters(self) -> np.ndarray:
        r"""``E[T(x)] = grad A(eta)``, by reverse-mode differentiation of ``A``.

        .. math:: \nabla_{\boldsymbol\eta} A(\boldsymbol\eta) = \mathbb E[T(x)]

        Examples
        --------
        >>> from mmlkit.prob import Bernoulli, exponential_family
        >>> exponential_family(Bernoulli(0.2)).mean_parameters().round(12).tolist()
        [0.2]
        """
        from .. import autodiff

        g = autodiff.grad(lambda eta: self.log_partition_fn(eta, autodiff))
        return np.asarray(g(self.natural_params.copy()), dtype=np.float64)


def _col(x: np.ndarray) -> np.ndarray:
    return x[..., None]


def exponential_family(dist: Distribution) -> ExponentialFamily:
    r"""Natural parameters, sufficient statistics and log-partition of ``dist``.

    Supported: Bernoulli, Binomial (fixed ``n``), Poisson, univariate Gaussian.

    .. math:: \text{Bernoulli: } \eta = \log\frac{\mu}{1-\mu},\ T(x) = x,\ A = \log(1 + e^\eta)

    Examples
    --------
    >>> from mmlkit.prob import Poisson, exponential_family
    >>> ef = exponential_family(Poisson(2.0))
    >>> ef.natural_params.round(6).tolist(), round(ef.log_partition(), 12)
    ([0.693147], 2.0)
    """
    if isinstance(dist, (Bernoulli, Binomial)):
        if not 0.0 < dist.p < 1.0:
            raise InputValueError(f"p: the natural parameter needs 0 < p < 1, got {dist.p}")
        n = dist.n if isinstance(dist, Binomial) else 1
        eta = np.array([math.log(dist.p) - math.log1p(-dist.p)])
        return ExponentialFamily(
            type(dist).__name__, eta, _col,
            lambda e, xp: n * xp.log(1.0 + xp.exp(e[0])),
            lambda x: _log_binom(n, x) if n > 1 else np.zeros_like(x))
    if isinstance(dist, Poisson):
        return ExponentialFamily("Poisson", np.array([math.log(dist.rate)]), _col,
                                 lambda e, xp: xp.exp(e[0]), lambda x: -_lgamma1(x))
    if isinstance(dist, Gaussian) and dist.is_univariate:
        # eta = (mu / s2, -1 / (2 s2)), T = (x, x^2), A = -eta1^2 / (4 eta2) - log(-2 eta2) / 2
        eta = np.array([dist.mean / dist.cov, -0.5 / dist.cov])
        return ExponentialFamily(
            "Gaussian", eta, lambda x: np.stack([x, x * x], axis=-1),
            lambda e, xp: -(e[0] * e[0]) / (4.0 * e[1]) - 0.5 * xp.log(-2.0 * e[1]),
            lambda x: np.full(np.shape(x), -_HALF_LOG_2PI))
    raise InputValueError(f"exponential_family: not available for {type(dist).__name__}; "
                          "supported: Bernoulli, Binomial, Poisson, univariate Gaussian")
