"""Characteristic polynomial by Berkowitz's division-free algorithm (Berkowitz, 1984).

``p(lam) = det(lam I - A)`` is built up over the leading submatrices: with
``A_k = [[A_{k-1}, c], [r, a]]``, the coefficients of ``p_k`` are a lower
triangular Toeplitz matrix with first column ``(1, -a, -r c, -r A_{k-1} c, ...)``
times those of ``p_{k-1}`` (Samuelson's formula). No division is needed, so
integer and Fraction input gives exact coefficients.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import as_square
from ..errors import ShapeError

__all__ = ["charpoly"]


def charpoly(A: Any) -> Any:
    r"""Coefficients of the characteristic polynomial, highest degree first.

    .. math:: p(\lambda) = \det(\lambda I - A) = \lambda^n - \operatorname{tr}(A)\,\lambda^{n-1}
              + \dots + (-1)^n \det(A)

    (MML eq. (4.22), with the sign convention that makes ``p`` monic.)

    Parameters
    ----------
    A : array_like of shape (n, n)
        Exact input (ints, Fractions, decimal or fraction strings, ``ExactMatrix``)
        gives an ``ExactVector`` of Fractions; float input gives an ndarray.

    Returns
    -------
    ExactVector or ndarray of shape (n + 1,)

    Examples
    --------
    >>> from mmlkit.decomp import charpoly
    >>> charpoly([[1, 2], [3, 4]])
    ExactVector([1, -5, -2])
    >>> charpoly([[2.0, 0.0], [0.0, 3.0]])
    array([ 1., -5.,  6.])
    """
    from ..exact import ExactVector, is_exact_input, to_exact

    if is_exact_input(A):
        M = to_exact(A)
        if len(M.shape) != 2 or M.shape[0] != M.shape[1]:
            raise ShapeError(f"charpoly: expected a square matrix, got shape {M.shape}")
        return ExactVector(_berkowitz_exact(M.tolist()))
    return _berkowitz_float(as_square(A, "A"))


def _berkowitz_exact(rows: list[list[Fraction]]) -> list[Fraction]:
    p = [Fraction(1)]
    for k in range(len(rows)):
        a = rows[k][k]
        r = rows[k][:k]
        c = [rows[i][k] for i in range(k)]
        col = [Fraction(1), -a]
        v = c
        for _ in range(k):  # -r A_{k-1}^j c, j = 0 .. k-1
            col.append(-sum((ri * vi for ri, vi in zip(r, v, strict=True)), Fraction(0)))
            v = [sum((rows[i][j] * v[j] for j in range(k)), Fraction(0)) for i in range(k)]
        # Toeplitz (k+2) x (k+1) times p
        p = [sum((col[i - j] * p[j] for j in range(min(i, k) + 1) if i - j < len(col)),
                 Fraction(0)) for i in range(k + 2)]
    return p


def _berkowitz_float(a: np.ndarray) -> np.ndarray:
    n = a.shape[0]
    p = np.ones(1, dtype=a.dtype)
    for k in range(n):
        col = np.empty(k + 2, dtype=a.dtype)
        col[0], col[1] = 1.0, -a[k, k]
        v = a[:k, k]
        for j in range(k):
            col[2 + j] = -(a[k, :k] @ v)
            v = a[:k, :k] @ v
        T = np.zeros((k + 2, k + 1), dtype=a.dtype)
        for j in range(k + 1):
            T[j:, j] = col[:k + 2 - j]
        p = T @ p
    return p
