"""Discrete distributions on ``0, 1, 2, ...`` (MML sec. 6.1.2 and 6.6.1)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._validation import check_positive_int
from ...errors import InputValueError
from .._special import betainc, betaln, gammaincc, gammaln, lgamma_int
from ._base import DiscreteDistribution, prob_param, prob_vector, real_param

__all__ = ["Bernoulli", "Binomial", "Categorical", "Poisson", "BetaBinomial",
           "NegativeBinomial"]


def _safe_log(p: float) -> float:
    return math.log(p) if p > 0 else -math.inf


def _xlog(k: np.ndarray, log_p: float) -> np.ndarray:
    """``k * log p`` with the convention ``0 * log 0 = 0``."""
    if math.isinf(log_p):
        return np.where(k == 0, 0.0, -np.inf)
    return k * log_p


def _lgamma1(k: np.ndarray) -> np.ndarray:
    """``log Gamma(k + 1) = log k!`` for integer-valued ``k >= 0``."""
    if k.dtype.kind in "iu":
        return lgamma_int(k + 1)
    return gammaln(k + 1.0)


def _log_binom(n: int, k: np.ndarray) -> np.ndarray:
    """``log C(n, k)`` for integer arrays ``0 <= k <= n`` (exact integers for small ``n``)."""
    if n <= 1000 and k.dtype.kind in "iu":
        table = np.array([math.log(math.comb(n, j)) for j in range(n + 1)])
        return table[k]
    return math.lgamma(n + 1) - _lgamma1(k) - _lgamma1(n - k)


class Bernoulli(DiscreteDistribution):
    r"""Bernoulli distribution: one trial with success probability ``p``.

    .. math:: p(x \mid \mu) = \mu^x (1 - \mu)^{1 - x}, \quad x \in \{0, 1\}

    Examples
    --------
    >>> from mmlkit.prob import Bernoulli
    >>> d = Bernoulli(0.25)
    >>> d.pmf([0, 1, 2]).tolist(), d.mean, d.var
    ([0.75, 0.25, 0.0], 0.25, 0.1875)
    """

    _upper = 1

    def __init__(self, p: float) -> None:
        self.p = prob_param(p, "p")

    def _params(self) -> dict[str, Any]:
        return {"p": self.p}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        return np.where(k == 1, _safe_log(self.p), _safe_log(1.0 - self.p))

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        return np.full(k.shape, 1.0 - self.p)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return (rng.random(n) < self.p).astype(np.int64)

    def _mean(self) -> float:
        return self.p

    def _var(self) -> float:
        return self.p * (1.0 - self.p)


class Binomial(DiscreteDistribution):
    r"""Number of successes in ``n`` independent Bernoulli(``p``) trials.

    .. math:: p(k \mid n, \mu) = \binom{n}{k} \mu^k (1 - \mu)^{n - k}

    Examples
    --------
    >>> from mmlkit.prob import Binomial
    >>> d = Binomial(4, 0.5)
    >>> d.pmf([0, 1, 2]).round(12).tolist(), round(float(d.cdf(1)), 12), d.mean
    ([0.0625, 0.25, 0.375], 0.3125, 2.0)
    """

    def __init__(self, n: int, p: float) -> None:
        self.n = check_positive_int(n, "n", minimum=0)
        self.p = prob_param(p, "p")
        self._upper = self.n

    def _params(self) -> dict[str, Any]:
        return {"n": self.n, "p": self.p}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        return (_log_binom(self.n, k) + _xlog(k, _safe_log(self.p))
                + _xlog(self.n - k, _safe_log(1.0 - self.p)))

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        # P(K <= k) = I_{1-p}(n - k, k + 1)  (A&S 26.5.24)
        return betainc(self.n - k, k + 1.0, 1.0 - self.p)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.binomial(self.n, self.p, size=n).astype(np.int64)

    def _mean(self) -> float:
        return self.n * self.p

    def _var(self) -> float:
        return self.n * self.p * (1.0 - self.p)


class Categorical(DiscreteDistribution):
    r"""One draw from ``K`` categories labelled ``0, ..., K-1`` with probabilities ``probs``.

    ``mean`` and ``var`` are those of the integer label (as ``scipy.stats.rv_discrete``);
    the mean of the one-hot encoding is ``probs`` itself.

    .. math:: p(x = k \mid \boldsymbol\pi) = \pi_k, \qquad \sum_k \pi_k = 1

    Examples
    --------
    >>> from mmlkit.prob import Categorical
    >>> d = Categorical([0.2, 0.5, 0.3])
    >>> d.pmf([1, 2, 3]).tolist(), float(d.cdf(1))
    ([0.5, 0.3, 0.0], 0.7)
    """

    def __init__(self, probs: Any) -> None:
        self.probs = prob_vector(probs, "probs")
        self._upper = self.probs.size - 1
        self._cum = np.cumsum(self.probs)

    def _params(self) -> dict[str, Any]:
        return {"probs": self.probs}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return np.log(self.probs[k])

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        return self._cum[k.astype(np.intp)]

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        # inverse-cdf sampling: the first category whose cumulative probability exceeds u
        idx = np.searchsorted(self._cum, rng.random(n) * self._cum[-1], side="right")
        return np.minimum(idx, self._upper).astype(np.int64)

    def _mean(self) -> float:
        return float(np.arange(self.probs.size) @ self.probs)

    def _var(self) -> float:
        k = np.arange(self.probs.size) - self._mean()
        return float((k * k) @ self.probs)


class Poisson(DiscreteDistribution):
    r"""Poisson distribution with rate ``lambda > 0``.

    .. math:: p(k \mid \lambda) = \frac{\lambda^k e^{-\lambda}}{k!}

    Examples
    --------
    >>> from mmlkit.prob import Poisson
    >>> d = Poisson(2.0)
    >>> round(float(d.pmf(0)), 6), round(float(d.cdf(2)), 6), d.var
    (0.135335, 0.676676, 2.0)
    """

    def __init__(self, rate: float) -> None:
        self.rate = real_param(rate, "rate", positive=True)
        self._log_rate = math.log(self.rate)

    def _params(self) -> dict[str, Any]:
        return {"rate": self.rate}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        return k * self._log_rate - self.rate - _lgamma1(k)

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        # P(K <= k) = Q(k + 1, lambda), the regularized upper incomplete gamma
        return gammaincc(k + 1.0, self.rate)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.poisson(self.rate, size=n).astype(np.int64)

    def _mean(self) -> float:
        return self.rate

    def _var(self) -> float:
        return self.rate


class BetaBinomial(DiscreteDistribution):
    r"""Binomial count whose success probability is Beta(``a``, ``b``) distributed.

    The posterior predictive of the Beta–Binomial model (MML sec. 6.6.1).

    .. math:: p(k) = \binom{n}{k} \frac{B(k + a, n - k + b)}{B(a, b)}

    Examples
    --------
    >>> from mmlkit.prob import BetaBinomial
    >>> d = BetaBinomial(2, 1.0, 1.0)
    >>> [round(v, 12) for v in d.pmf([0, 1, 2]).tolist()]
    [0.333333333333, 0.333333333333, 0.333333333333]
    """

    def __init__(self, n: int, a: float, b: float) -> None:
        self.n = check_positive_int(n, "n", minimum=0)
        self.a = real_param(a, "a", positive=True)
        self.b = real_param(b, "b", positive=True)
        self._upper = self.n

    def _params(self) -> dict[str, Any]:
        return {"n": self.n, "a": self.a, "b": self.b}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        return (_log_binom(self.n, k) + betaln(k + self.a, self.n - k + self.b)
                - betaln(self.a, self.b))

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        cum = np.cumsum(np.exp(self._table(self.n)[:-1]))
        return np.minimum(cum[k.astype(np.intp)], 1.0)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.binomial(self.n, rng.beta(self.a, self.b, size=n)).astype(np.int64)

    def _mean(self) -> float:
        return self.n * self.a / (self.a + self.b)

    def _var(self) -> float:
        s = self.a + self.b
        return self.n * self.a * self.b * (s + self.n) / (s * s * (s + 1.0))


class NegativeBinomial(DiscreteDistribution):
    r"""Failures before the ``r``-th success, success probability ``p`` (``scipy.stats.nbinom``).

    The posterior predictive of the Gamma–Poisson model (MML sec. 6.6.1).

    .. math:: p(k) = \frac{\Gamma(k + r)}{k!\,\Gamma(r)} p^r (1 - p)^k

    Examples
    --------
    >>> from mmlkit.prob import NegativeBinomial
    >>> d = NegativeBinomial(1, 0.5)
    >>> d.pmf([0, 1, 2]).round(12).tolist(), d.mean
    ([0.5, 0.25, 0.125], 1.0)
    """

    def __init__(self, r: float, p: float) -> None:
        self.r = real_param(r, "r", positive=True)
        self.p = prob_param(p, "p")
        if self.p == 0:
            raise InputValueError("p: must be > 0 for a negative binomial, got 0.0")
        self._lg_r = math.lgamma(self.r)

    def _params(self) -> dict[str, Any]:
        return {"r": self.r, "p": self.p}

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        return (gammaln(k + self.r) - self._lg_r - _lgamma1(k) + self.r * math.log(self.p)
                + _xlog(k, _safe_log(1.0 - self.p)))

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        # P(K <= k) = I_p(r, k + 1)
        return betainc(self.r, k + 1.0, self.p)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.negative_binomial(self.r, self.p, size=n).astype(np.int64)

    def _mean(self) -> float:
        return self.r * (1.0 - self.p) / self.p

    def _var(self) -> float:
        return self.r * (1.0 - self.p) / (self.p * self.p)
