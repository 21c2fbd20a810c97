"""Continuous distributions: Uniform, Beta, Gamma and Dirichlet (MML sec. 6.2, 6.6)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._validation import as_float_array
from ...errors import InputValueError, ShapeError
from .._special import betainc, digamma, gammainc
from ._base import ContinuousDistribution, real_param

__all__ = ["Uniform", "Beta", "Gamma", "Dirichlet"]


def _psi(x: float) -> float:
    return float(digamma(x))


class Uniform(ContinuousDistribution):
    r"""Uniform distribution on ``[a, b]``.

    .. math:: p(x) = \frac{1}{b - a}, \quad a \le x \le b

    Examples
    --------
    >>> from mmlkit.prob import Uniform
    >>> d = Uniform(0, 4)
    >>> d.pdf([1, 5]).tolist(), float(d.cdf(1)), d.var
    ([0.25, 0.0], 0.25, 1.3333333333333333)
    """

    def __init__(self, a: float = 0.0, b: float = 1.0) -> None:
        self.a = real_param(a, "a")
        self.b = real_param(b, "b")
        if not self.b > self.a:
            raise InputValueError(f"Uniform: need a < b, got a={self.a}, b={self.b}")
        self._logp = -math.log(self.b - self.a)

    def _params(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b}

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        return np.where((x >= self.a) & (x <= self.b), self._logp, -np.inf)

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        return np.clip((x - self.a) / (self.b - self.a), 0.0, 1.0)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.a + (self.b - self.a) * rng.random(n)

    def _mean(self) -> float:
        return 0.5 * (self.a + self.b)

    def _var(self) -> float:
        return (self.b - self.a) ** 2 / 12.0

    def _entropy(self) -> float:
        return -self._logp


class Beta(ContinuousDistribution):
    r"""Beta distribution on ``[0, 1]`` (MML eq. (6.98)), conjugate to the Bernoulli.

    .. math:: p(\mu \mid \alpha, \beta) = \frac{\mu^{\alpha-1} (1-\mu)^{\beta-1}}{B(\alpha, \beta)}

    Examples
    --------
    >>> from mmlkit.prob import Beta
    >>> d = Beta(2, 2)
    >>> round(float(d.pdf(0.5)), 12), d.mean, d.var
    (1.5, 0.5, 0.05)
    """

    def __init__(self, a: float, b: float) -> None:
        self.a = real_param(a, "a", positive=True)
        self.b = real_param(b, "b", positive=True)
        self._log_norm = math.lgamma(self.a) + math.lgamma(self.b) - math.lgamma(self.a + self.b)

    def _params(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b}

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(x) if self.a != 1.0 else np.zeros_like(x)
            if self.a != 1.0:
                out *= self.a - 1.0
            if self.b != 1.0:
                t = np.log1p(-x)
                t *= self.b - 1.0
                out += t
        out -= self._log_norm
        out[(x < 0.0) | (x > 1.0)] = -np.inf
        return out

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        return betainc(self.a, self.b, np.clip(x, 0.0, 1.0))

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.beta(self.a, self.b, size=n)

    def _mean(self) -> float:
        return self.a / (self.a + self.b)

    def _var(self) -> float:
        s = self.a + self.b
        return self.a * self.b / (s * s * (s + 1.0))

    def _entropy(self) -> float:
        a, b = self.a, self.b
        return (self._log_norm - (a - 1.0) * _psi(a) - (b - 1.0) * _psi(b)
                + (a + b - 2.0) * _psi(a + b))


class Gamma(ContinuousDistribution):
    r"""Gamma distribution with ``shape`` and ``rate`` (``scale = 1 / rate``).

    .. math:: p(x \mid k, \beta) = \frac{\beta^k}{\Gamma(k)} x^{k-1} e^{-\beta x}, \quad x > 0

    Examples
    --------
    >>> from mmlkit.prob import Gamma
    >>> d = Gamma(2.0, 0.5)
    >>> round(float(d.pdf(1.0)), 6), d.mean, d.var
    (0.151633, 4.0, 8.0)
    """

    def __init__(self, shape: float, rate: float = 1.0) -> None:
        self.shape = real_param(shape, "shape", positive=True)
        self.rate = real_param(rate, "rate", positive=True)
        self._log_norm = self.shape * math.log(self.rate) - math.lgamma(self.shape)

    def _params(self) -> dict[str, Any]:
        return {"shape": self.shape, "rate": self.rate}

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        out = x * -self.rate
        if self.shape != 1.0:
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.log(x)
                t *= self.shape - 1.0
                out += t
        out += self._log_norm
        out[(x < 0.0) | (x == np.inf)] = -np.inf
        return out

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        return gammainc(self.shape, self.rate * np.maximum(x, 0.0))

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.gamma(self.shape, 1.0 / self.rate, size=n)

    def _mean(self) -> float:
        return self.shape / self.rate

    def _var(self) -> float:
        return self.shape / self.rate**2

    def _entropy(self) -> float:
        k = self.shape
        return k - math.log(self.rate) + math.lgamma(k) + (1.0 - k) * _psi(k)


class Dirichlet(ContinuousDistribution):
    r"""Dirichlet distribution on the probability simplex, conjugate to the Categorical.

    ``logpdf`` takes points of shape ``(..., K)``; points off the simplex have density 0.

    .. math:: p(\boldsymbol\pi \mid \boldsymbol\alpha) =
              \frac{\Gamma(\sum_k \alpha_k)}{\prod_k \Gamma(\alpha_k)} \prod_k \pi_k^{\alpha_k - 1}

    Examples
    --------
    >>> from mmlkit.prob import Dirichlet
    >>> d = Dirichlet([1.0, 1.0, 1.0])
    >>> round(float(d.pdf([0.2, 0.3, 0.5])), 12), d.mean.round(6).tolist()
    (2.0, [0.333333, 0.333333, 0.333333])
    """

    event_ndim = 1

    def __init__(self, alpha: Any) -> None:
        alpha = as_float_array(alpha, "alpha", ndim=1).astype(np.float64)
        if alpha.size < 2:
            raise ShapeError(f"alpha: a Dirichlet needs at least 2 categories, got {alpha.size}")
        if (alpha <= 0).any():
            raise InputValueError(f"alpha: concentrations must be > 0, got {alpha.tolist()}")
        self.alpha = alpha
        self.alpha0 = float(alpha.sum())
        self._log_norm = sum(math.lgamma(a) for a in alpha) - math.lgamma(self.alpha0)
        self._active = np.flatnonzero(alpha != 1.0)

    def _params(self) -> dict[str, Any]:
        return {"alpha": self.alpha}

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        k = self.alpha.size
        if x.ndim == 0 or x.shape[-1] != k:
            raise ShapeError(f"x: Dirichlet points need a last axis of length {k}, got shape "
                             f"{x.shape}")
        xa = x[..., self._active]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(xa) @ (self.alpha[self._active] - 1.0) - self._log_norm
        off = (x < 0).any(axis=-1) | (np.abs(x.sum(axis=-1) - 1.0) > 1e-9 * k)
        return np.where(off, -np.inf, out)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        # normalized independent Gamma(alpha_k, 1) draws are Dirichlet(alpha)
        g = rng.gamma(self.alpha, size=(n, self.alpha.size))
        return g / g.sum(axis=1, keepdims=True)

    def _mean(self) -> np.ndarray:
        return self.alpha / self.alpha0

    def _var(self) -> np.ndarray:
        m = self._mean()
        return m * (1.0 - m) / (self.alpha0 + 1.0)

    @property
    def cov(self) -> np.ndarray:
        """Covariance matrix ``(diag(m) - m m^T) / (alpha0 + 1)`` with ``m`` the mean."""
        m = self._mean()
        return (np.diag(m) - np.outer(m, m)) / (self.alpha0 + 1.0)

    def _entropy(self) -> float:
        a, a0, k = self.alpha, self.alpha0, self.alpha.size
        return (self._log_norm + (a0 - k) * _psi(a0)
                - float((a - 1.0) @ digamma(a)))

    def cdf(self, x: Any) -> Any:
        """Not defined here: a Dirichlet has no closed-form cdf."""
        raise InputValueError("Dirichlet: no cdf is defined for a distribution on the simplex")
