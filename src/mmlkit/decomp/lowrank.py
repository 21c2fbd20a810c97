"""Everything the SVD gives: pseudo-inverse, least squares, rank, best low-rank approximation.

(MML sec. 4.5–4.6, Eckart–Young Theorem 4.25.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array, as_matrix, check_positive_int
from ..errors import InputTypeError, InputValueError, ShapeError
from .svd import svd

__all__ = ["pinv", "lstsq", "matrix_rank", "low_rank"]


def _default_tol(s: np.ndarray, shape: tuple[int, int], dtype: np.dtype) -> float:
    """max(m, n) * eps * sigma_1, the usual numerical-rank cut-off."""
    return float(max(shape) * np.finfo(dtype).eps * (s[0] if s.size else 0.0))


def pinv(A: Any, rcond: float | None = None) -> np.ndarray:
    r"""Moore–Penrose pseudo-inverse from the SVD (MML eq. (3.57) for full rank).

    .. math:: A^+ = V \Sigma^+ U^\top

    Singular values at or below ``rcond * sigma_1`` (default ``max(m, n) * eps``)
    count as zero.

    Examples
    --------
    >>> from mmlkit.decomp import pinv
    >>> pinv([[1.0, 0.0], [0.0, 0.0]])
    array([[1., 0.],
           [0., 0.]])
    """
    a = as_matrix(A, "A")
    U, s, Vt = svd(a)
    tol = _cutoff(s, a, rcond)
    inv_s = np.where(s > tol, 1.0 / np.where(s > tol, s, 1.0), 0.0).astype(a.dtype)
    return (Vt.T * inv_s) @ U.T


def _cutoff(s: np.ndarray, a: np.ndarray, rcond: float | None) -> float:
    if rcond is None:
        return _default_tol(s, a.shape, a.dtype)
    if not np.isfinite(rcond) or rcond < 0:
        raise InputValueError(f"rcond must be a finite number >= 0, got {rcond!r}")
    return float(rcond * (s[0] if s.size else 0.0))


def lstsq(A: Any, b: Any, rcond: float | None = None) -> np.ndarray:
    r"""Least-squares solution of minimum norm (MML sec. 3.8, 9.2).

    .. math:: x = \arg\min_x \|A x - b\|_2 = A^+ b

    Examples
    --------
    >>> from mmlkit.decomp import lstsq
    >>> lstsq([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 2.0, 4.0]).round(6)
    array([0.833333, 1.5     ])
    """
    a = as_matrix(A, "A")
    rhs = as_float_array(b, "b", ndim=(1, 2))
    if rhs.shape[0] != a.shape[0]:
        raise ShapeError(f"lstsq: b has {rhs.shape[0]} rows but A has {a.shape[0]}")
    U, s, Vt = svd(a)
    tol = _cutoff(s, a, rcond)
    keep = s > tol
    coef = (U[:, keep].T @ rhs) / (s[keep][:, None] if rhs.ndim == 2 else s[keep])
    return Vt[keep].T @ coef


def matrix_rank(A: Any, tol: float | None = None) -> int:
    r"""Numerical rank: the number of singular values above ``tol``.

    .. math:: \operatorname{rk}(A) = \#\{i : \sigma_i > \mathrm{tol}\}

    ``tol`` defaults to ``max(m, n) * eps * sigma_1``.

    Examples
    --------
    >>> from mmlkit.decomp import matrix_rank
    >>> matrix_rank([[1.0, 2.0], [2.0, 4.0]])
    1
    """
    a = as_matrix(A, "A")
    if a.size == 0:
        return 0
    s = svd(a)[1]
    if tol is None:
        tol = _default_tol(s, a.shape, a.dtype)
    elif not np.isfinite(tol) or tol < 0:
        raise InputValueError(f"matrix_rank: tol must be a finite number >= 0, got {tol!r}")
    return int(np.sum(s > tol))


def low_rank(A: Any, k: int) -> np.ndarray:
    r"""Best rank-``k`` approximation in the spectral and Frobenius norms (Eckart–Young).

    .. math:: \hat A_k = \sum_{i=1}^{k} \sigma_i u_i v_i^\top

    (MML eq. (4.91)); ``k`` larger than ``min(m, n)`` returns ``A`` itself.

    Examples
    --------
    >>> from mmlkit.decomp import low_rank
    >>> low_rank([[3.0, 0.0], [0.0, 1.0]], 1)
    array([[3., 0.],
           [0., 0.]])
    """
    a = as_matrix(A, "A")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise InputTypeError(f"low_rank: k must be an integer, got {k!r}")
    k = check_positive_int(k, "k", minimum=0)
    U, s, Vt = svd(a)
    k = min(k, s.size)
    return (U[:, :k] * s[:k]) @ Vt[:k]
