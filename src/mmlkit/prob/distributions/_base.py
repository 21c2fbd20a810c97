"""The machinery shared by every distribution, in the style of ``scipy.stats``.

A distribution writes only its formulas: ``_logpdf`` or ``_logpmf_values``, ``_cdf``,
``_sample``, ``_mean``, ``_var``, ``_entropy``. The base class converts and checks the
points, keeps float32 inputs float32, returns NumPy scalars for scalar input, checks
``random_state`` and sizes, and turns a table of log-probabilities into a fast lookup
for the discrete distributions.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ..._validation import as_float_array, check_positive_int, check_random_state
from ...errors import InputTypeError, InputValueError

__all__ = ["Distribution", "ContinuousDistribution", "DiscreteDistribution"]

_TABLE_CAP = 1 << 16  # largest support point served from the log-pmf table


def real_param(value: Any, name: str, *, positive: bool = False) -> float:
    """A finite real scalar parameter; ``InputValueError`` naming the value otherwise."""
    if isinstance(value, bool) or isinstance(value, (str, bytes)):
        raise InputTypeError(f"{name}: expected a real number, got {value!r}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name}: expected a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise InputValueError(f"{name}: must be finite, got {v}")
    if positive and v <= 0:
        raise InputValueError(f"{name}: must be > 0, got {v}")
    return v


def prob_param(value: Any, name: str = "p") -> float:
    """A probability in ``[0, 1]``."""
    p = real_param(value, name)
    if not 0.0 <= p <= 1.0:
        raise InputValueError(f"{name}: a probability must lie in [0, 1], got {p}")
    return p


def prob_vector(value: Any, name: str = "probs", *, tol: float = 1e-9) -> np.ndarray:
    """A 1-D probability vector: entries >= 0 summing to 1 (within ``tol``)."""
    p = as_float_array(value, name, ndim=1).astype(np.float64)
    if p.size == 0:
        raise InputValueError(f"{name}: needs at least one category")
    if (p < 0).any():
        raise InputValueError(f"{name}: probabilities must be >= 0, got {p.min()} at index "
                              f"{int(p.argmin())}")
    total = float(p.sum())
    if abs(total - 1.0) > tol:
        raise InputValueError(f"{name}: probabilities must sum to 1, they sum to {total!r}")
    return p / total


def scalar_out(out: np.ndarray, dtype: np.dtype) -> Any:
    """Cast back to the input's float dtype; a 0-d result becomes a NumPy scalar."""
    if dtype == np.float32:
        out = out.astype(np.float32)
    return out[()] if out.ndim == 0 else out


class Distribution:
    """Base class: point conversion, sampling sizes, moments as properties."""

    #: number of dimensions of one outcome (0 for scalar outcomes, 1 for vectors)
    event_ndim: int = 0

    # ----------------------------------------------------------------- points
    def _points(self, x: Any) -> np.ndarray:
        """Points as a float64 array; NaN is refused, infinities are allowed."""
        if type(x) is np.ndarray and x.dtype == np.float64:
            arr = x
        else:
            arr = as_float_array(x, "x", finite=False).astype(np.float64, copy=False)
        with np.errstate(invalid="ignore"):  # inf + (-inf) in the quick sum is fine
            quick = arr.sum() if arr.size else 0.0
        if math.isnan(quick) and np.isnan(arr).any():
            raise InputValueError("x: contains NaN; the points must be numbers")
        return arr

    # --------------------------------------------------------------- sampling
    def sample(self, n: int | None = None, random_state: Any = None) -> Any:
        """Draw ``n`` samples (one, without the leading axis, when ``n`` is None).

        Parameters
        ----------
        n : int or None
            Number of samples (``n >= 0``).
        random_state : None, int or numpy.random.Generator
            Source of randomness; the global NumPy RNG is never used.

        Examples
        --------
        >>> from mmlkit.prob import Bernoulli
        >>> Bernoulli(0.5).sample(6, random_state=0).shape
        (6,)
        """
        rng = check_random_state(random_state)
        if n is None:
            return self._sample(rng, 1)[0]
        count = check_positive_int(n, "n", minimum=0)
        return self._sample(rng, count)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        raise NotImplementedError

    # ---------------------------------------------------------------- moments
    @property
    def mean(self) -> Any:
        """Expected value ``E[X]``."""
        return self._mean()

    @property
    def var(self) -> Any:
        """Variance ``V[X]`` (per coordinate for vector outcomes)."""
        return self._var()

    @property
    def std(self) -> Any:
        """Standard deviation ``sqrt(V[X])``."""
        return np.sqrt(self._var())

    def entropy(self) -> float:
        """Differential (or Shannon) entropy in nats."""
        return float(self._entropy())

    def _mean(self) -> Any:
        raise NotImplementedError

    def _var(self) -> Any:
        raise NotImplementedError

    def _entropy(self) -> float:
        raise NotImplementedError

    def _params(self) -> dict[str, Any]:
        return {}

    def __repr__(self) -> str:
        def fmt(v: Any) -> str:
            if isinstance(v, np.ndarray):
                return np.array2string(v, precision=6, separator=", ").replace("\n", "")
            return f"{v:g}" if isinstance(v, float) else repr(v)

        args = ", ".join(f"{k}={fmt(v)}" for k, v in self._params().items())
        return f"{type(self).__name__}({args})"


class ContinuousDistribution(Distribution):
    """A distribution with a density: ``pdf``, ``logpdf`` and (univariate) ``cdf``."""

    def _log_density(self, x: Any) -> np.ndarray:
        arr = self._points(x)
        if arr.ndim == 0 and self.event_ndim == 0:
            return self._logpdf(arr.reshape(1)).reshape(())
        return np.asarray(self._logpdf(arr))

    def logpdf(self, x: Any) -> Any:
        """Log-density at ``x`` (``-inf`` outside the support)."""
        return scalar_out(self._log_density(x), getattr(x, "dtype", None))

    def pdf(self, x: Any) -> Any:
        """Density at ``x``: ``exp(logpdf(x))``."""
        return scalar_out(np.exp(self._log_density(x)), getattr(x, "dtype", None))

    def cdf(self, x: Any) -> Any:
        """Cumulative distribution function ``P(X <= x)``."""
        arr = self._points(x)
        return scalar_out(np.asarray(self._cdf(arr), dtype=np.float64), getattr(x, "dtype", None))

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class DiscreteDistribution(Distribution):
    """A distribution on the integers ``0, 1, 2, ...``: ``pmf``, ``logpmf``, ``cdf``.

    A subclass writes ``_logpmf_values(k)`` for an integer array ``k`` inside the support
    and sets ``_upper`` (the largest support point, or None when unbounded). The base
    serves ``logpmf`` from a cached table of those values, one gather per call.
    """

    _upper: int | None = None

    def _table(self, top: int) -> np.ndarray:
        """``[logpmf(0), ..., logpmf(top), -inf]``, cached and grown on demand."""
        table = getattr(self, "_logpmf_table", None)
        if table is None or table.size < top + 2:
            grown = 2 * (table.size - 2) if table is not None else 63
            size = top if self._upper is not None else max(top, grown)
            k = np.arange(size + 1)
            vals = self._logpmf_values(k)
            table = np.append(vals, -np.inf)
            table.setflags(write=False)
            self._logpmf_table = table
        return table

    def _logpmf(self, x: np.ndarray) -> np.ndarray:
        if self._upper is not None:
            top = self._upper
        else:
            big = x.max(initial=0.0)
            if big == np.inf:  # infinite points have mass 0; size the table on the rest
                big = x.max(initial=0.0, where=np.isfinite(x))
            top = int(min(max(big, 0.0), _TABLE_CAP))
        table = self._table(top)
        top = table.size - 2
        # Index -1 and top + 1 both read the trailing -inf of the table.
        if x.dtype.kind == "i":  # integer points: one clip and one gather
            return table[np.clip(x, -1, top + 1)]
        k = np.clip(x, -1, top + 1).astype(np.intp)
        out = table[k]
        out[k != x] = -np.inf
        if self._upper is None and top == _TABLE_CAP and (x > top).any():
            far = (x > top) & (x == np.floor(x)) & np.isfinite(x)
            out[far] = self._logpmf_values(x[far])
        return out

    def _log_mass(self, x: Any) -> np.ndarray:
        if type(x) is np.ndarray and x.dtype.kind == "i" and x.ndim and (
                self._upper is not None or x.max() <= _TABLE_CAP):
            return self._logpmf(x)
        arr = self._points(x)
        if arr.ndim == 0:
            return self._logpmf(arr.reshape(1)).reshape(())
        return self._logpmf(arr)

    def logpmf(self, x: Any) -> Any:
        """Log-probability of each ``x`` (``-inf`` off the support)."""
        return scalar_out(self._log_mass(x), getattr(x, "dtype", None))

    def pmf(self, x: Any) -> Any:
        """Probability mass ``P(X = x)``."""
        return scalar_out(np.exp(self._log_mass(x)), getattr(x, "dtype", None))

    def cdf(self, x: Any) -> Any:
        """Cumulative distribution function ``P(X <= x)``."""
        arr = self._points(x)
        k = np.floor(arr)
        out = np.where(k < 0, 0.0, 1.0)
        inside = (k >= 0) & np.isfinite(k)
        if self._upper is not None:
            inside &= k < self._upper
        if inside.any():
            out[inside] = self._cdf(k[inside])
        return scalar_out(out, getattr(x, "dtype", None))

    def _logpmf_values(self, k: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _cdf(self, k: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _support_sum_range(self) -> np.ndarray:
        """Support points carrying all but a negligible (< 1e-30) part of the mass."""
        if self._upper is not None:
            return np.arange(self._upper + 1)
        m, s = float(self._mean()), math.sqrt(float(self._var()))
        return np.arange(int(m + 40.0 * s + 60.0 + 10.0 * m ** 0.5))

    def _entropy(self) -> float:
        # H = -sum_k p(k) log p(k)  (MML sec. 6.1; 0 log 0 = 0)
        lp = self._logpmf_values(self._support_sum_range())
        p = np.exp(lp)
        keep = p > 0
        return float(-np.sum(p[keep] * lp[keep]))
