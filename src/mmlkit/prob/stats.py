"""Summary statistics: means, (co)variances, correlation, streaming statistics (MML sec. 6.4).

Samples are rows: ``X`` has shape ``(n_samples, n_features)`` (or ``(n_samples,)``).
Variances are two-pass (centre first, then square), so a large common offset does not
cancel the digits that matter; :class:`RunningStats` merges partial results with the
pairwise update of Chan, Golub & LeVeque (1979).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array
from ..errors import InputValueError, ShapeError

__all__ = ["mean", "var", "cov", "corr", "RunningStats"]


def _data(X: Any, name: str = "X") -> np.ndarray:
    arr = as_float_array(X, name, ndim=(1, 2))
    if arr.shape[0] == 0:
        raise InputValueError(f"{name}: needs at least one sample (row), got shape {arr.shape}")
    return arr


def _dof(n: int, ddof: int) -> int:
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)) or ddof < 0:
        raise InputValueError(f"ddof: must be an integer >= 0, got {ddof!r}")
    if n - ddof <= 0:
        raise InputValueError(f"ddof: needs more than ddof={ddof} samples, got n={n}")
    return n - ddof


def mean(X: Any, axis: int | None = 0) -> Any:
    r"""Sample mean (MML eq. (6.41)) along ``axis``.

    .. math:: \bar{\mathbf x} = \frac1N \sum_{n=1}^N \mathbf x_n

    Examples
    --------
    >>> from mmlkit.prob import mean
    >>> mean([[1.0, 2.0], [3.0, 6.0]]).tolist()
    [2.0, 4.0]
    """
    arr = _data(X)
    return np.mean(arr, axis=axis)


def var(X: Any, axis: int | None = 0, ddof: int = 0) -> Any:
    r"""Sample variance along ``axis``, two-pass (MML eq. (6.43)); divisor ``N - ddof``.

    .. math:: \mathbb V[x] = \frac{1}{N - \mathrm{ddof}} \sum_n (x_n - \bar x)^2

    Examples
    --------
    >>> from mmlkit.prob import var
    >>> float(var([1.0, 2.0, 3.0, 4.0])), float(var([1.0, 2.0, 3.0, 4.0], ddof=1))
    (1.25, 1.6666666666666667)
    """
    arr = _data(X)
    n = arr.size if axis is None else arr.shape[axis]
    dof = _dof(n, ddof)
    centred = arr - np.mean(arr, axis=axis, keepdims=True)
    return np.sum(centred * centred, axis=axis) / dof


def cov(X: Any, ddof: int = 0) -> np.ndarray:
    r"""Sample covariance matrix of the rows of ``X`` (MML eq. (6.42)); divisor ``N - ddof``.

    .. math:: \Sigma = \frac{1}{N - \mathrm{ddof}} \sum_n (\mathbf x_n - \bar{\mathbf x})
              (\mathbf x_n - \bar{\mathbf x})^\top

    Examples
    --------
    >>> from mmlkit.prob import cov
    >>> cov([[0.0, 0.0], [2.0, 4.0]]).tolist()
    [[1.0, 2.0], [2.0, 4.0]]
    """
    arr = _data(X)
    if arr.ndim == 1:
        arr = arr[:, None]
    dof = _dof(arr.shape[0], ddof)
    centred = arr - arr.mean(axis=0)
    out = centred.T @ centred / dof
    return 0.5 * (out + out.T)


def corr(X: Any) -> np.ndarray:
    r"""Correlation matrix of the columns of ``X`` (MML eq. (6.40)).

    .. math:: \operatorname{corr}[x_i, x_j] = \frac{\operatorname{Cov}[x_i, x_j]}
              {\sqrt{\mathbb V[x_i] \mathbb V[x_j]}}

    A constant column has no correlation: ``InputValueError`` names it.

    Examples
    --------
    >>> from mmlkit.prob import corr
    >>> corr([[1.0, 2.0], [2.0, 4.0], [3.0, 5.0]]).round(4).tolist()
    [[1.0, 0.982], [0.982, 1.0]]
    """
    S = cov(X)
    sd = np.sqrt(np.diag(S))
    flat = np.flatnonzero(sd == 0)
    if flat.size:
        raise InputValueError(f"X: column {int(flat[0])} is constant; its correlation is "
                              "undefined")
    R = S / np.outer(sd, sd)
    np.fill_diagonal(R, 1.0)
    return np.clip(R, -1.0, 1.0)


class RunningStats:
    r"""Mean, variance and covariance of a stream, batch by batch (Chan et al., 1979).

    Each batch is summarized two-pass (its count, mean and centred sum of squares ``M2``);
    two summaries combine exactly:

    .. math:: \delta = \bar x_B - \bar x_A, \quad
              \bar x = \bar x_A + \delta \frac{n_B}{n}, \quad
              M_2 = M_{2,A} + M_{2,B} + \delta\delta^\top \frac{n_A n_B}{n}

    Scalar streams take 1-D batches; vector streams take 2-D batches
    ``(n_samples, n_features)``, fixed by the first batch.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.prob import RunningStats
    >>> rs = RunningStats()
    >>> rs.update([1e9 + 1.0, 1e9 + 2.0]).update([1e9 + 3.0, 1e9 + 4.0])
    RunningStats(n=4)
    >>> rs.mean - 1e9, rs.var
    (2.5, 1.25)
    """

    def __init__(self) -> None:
        self._n = 0
        self._mean: Any = None
        self._m2: Any = None
        self._vector: bool | None = None

    def __repr__(self) -> str:
        return f"RunningStats(n={self._n})"

    def _summary(self, batch: Any) -> tuple[int, Any, Any, bool]:
        arr = as_float_array(batch, "batch", ndim=(0, 1, 2)).astype(np.float64)
        vector = arr.ndim == 2
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if self._vector is not None and vector != self._vector:
            kind = "2-D (n_samples, n_features)" if self._vector else "0-D or 1-D"
            raise ShapeError(f"batch: this stream takes {kind} batches, got shape {arr.shape}")
        if vector and self._mean is not None and arr.shape[1] != self._mean.size:
            raise ShapeError(f"batch: expected {self._mean.size} features, got {arr.shape[1]}")
        m = arr.shape[0]
        if m == 0:
            return 0, None, None, vector
        mu = arr.mean(axis=0)
        c = arr - mu
        m2 = c.T @ c if vector else float(c @ c)
        return m, mu if vector else float(mu), m2, vector

    def _combine(self, n_b: int, mean_b: Any, m2_b: Any) -> None:
        if n_b == 0:
            return
        if self._n == 0:
            self._n, self._mean, self._m2 = n_b, mean_b, m2_b
            return
        n = self._n + n_b
        delta = mean_b - self._mean
        self._mean = self._mean + delta * (n_b / n)
        self._m2 = self._m2 + m2_b + np.multiply.outer(delta, delta) * (self._n * n_b / n)
        self._n = n

    def update(self, batch: Any) -> RunningStats:
        """Add a batch of observations; returns ``self``."""
        n_b, mean_b, m2_b, vector = self._summary(batch)
        if n_b:
            self._vector = vector
        self._combine(n_b, mean_b, m2_b)
        return self

    def merge(self, other: RunningStats) -> RunningStats:
        """Fold another stream's summary into this one (Chan's update); returns ``self``.

        Examples
        --------
        >>> a, b = RunningStats().update([1.0, 2.0]), RunningStats().update([3.0, 4.0, 5.0])
        >>> a.merge(b).mean, a.var
        (3.0, 2.0)
        """
        if not isinstance(other, RunningStats):
            raise InputValueError(f"merge: expected a RunningStats, got {type(other).__name__}")
        if other._n == 0:
            return self
        if self._vector is not None and other._vector != self._vector:
            raise ShapeError("merge: cannot merge a scalar stream with a vector stream")
        if self._vector and self._mean.size != other._mean.size:
            raise ShapeError(f"merge: {self._mean.size} features vs {other._mean.size}")
        self._vector = other._vector
        self._combine(other._n, other._mean, other._m2)
        return self

    def _need_data(self) -> None:
        if self._n == 0:
            raise InputValueError("RunningStats: no observations yet; call update(batch) first")

    @property
    def n(self) -> int:
        """Number of observations seen."""
        return self._n

    @property
    def mean(self) -> Any:
        """Running mean (a float or a vector)."""
        self._need_data()
        return self._mean.copy() if self._vector else float(self._mean)

    @property
    def var(self) -> Any:
        """Running variance with divisor ``n`` (per feature for vector streams)."""
        self._need_data()
        return np.diag(self._m2) / self._n if self._vector else float(self._m2) / self._n

    @property
    def cov(self) -> Any:
        """Running covariance matrix with divisor ``n`` (the variance for scalar streams)."""
        self._need_data()
        return self._m2 / self._n if self._vector else float(self._m2) / self._n
