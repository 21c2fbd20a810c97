"""Cholesky decomposition ``A = L L^T`` (MML sec. 4.3, Theorem 4.18).

Fast path: recursive 2x2 blocking, so almost all the work is one triangular
solve and one symmetric product per level. :func:`cholesky_unblocked` is the
textbook column loop (Cholesky–Crout), also the leaf kernel.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validation import as_square
from ..errors import NotPositiveDefiniteError
from ._blocked import _strict_lower, split, sym_check, tri_inv, trsm

__all__ = ["cholesky", "cholesky_unblocked"]

_LEAF = 32  # the leaves line up with those of ``trsm`` (both split with ``split``)


def _fail(k: int, value: float, n: int) -> NotPositiveDefiniteError:
    return NotPositiveDefiniteError(
        f"cholesky: matrix is not positive definite (pivot {k + 1} of {n} is {value:.6g}, "
        f"so the leading {k + 1}x{k + 1} minor is not positive); try eigh or add jitter"
    )


def _leaf(a: np.ndarray, offset: int, n: int) -> None:
    """In place on the lower triangle: l_jj = sqrt(a_jj - sum_k l_jk^2), MML eq. (4.45).

    Runs on a contiguous copy of the transpose, so column ``j`` of ``L`` is row
    ``j`` of ``L^T``: one product updates it, one division scales it.
    """
    u = np.array(a.T, order="C")  # the upper triangle of u is the lower one of a
    for j in range(u.shape[0]):
        r = u[j, j:]
        if j:
            r -= u[:j, j] @ u[:j, j:]
        d = float(r[0])
        if not 0.0 < d < math.inf:
            raise _fail(offset + j, d, n)
        r /= math.sqrt(d)
    a[...] = u.T


def _rec(a: np.ndarray, offset: int, n: int, inverses: dict) -> None:
    m = a.shape[0]
    if m <= _LEAF:
        _leaf(a, offset, n)
        a[_strict_lower(m).T] = 0.0
        inverses[offset] = tri_inv(a, lower=True)
        return
    h = split(m)
    _rec(a[:h, :h], offset, n, inverses)
    # L21 = A21 L11^{-T}: solve L11 X = A21^T, reusing the leaves' inverses
    x = trsm(a[:h, :h], np.ascontiguousarray(a[h:, :h].T), lower=True,
             inverses=inverses, offset=offset)
    a[h:, :h] = x.T
    a[:h, h:] = 0.0
    # Schur complement A22 - L21 L21^T (a x.T @ x product NumPy hands to syrk)
    a[h:, h:] -= x.T @ x
    _rec(a[h:, h:], offset + h, n, inverses)


def _prepare(A: Any) -> np.ndarray:
    a = as_square(A, "A", copy=True, finite=False)  # sym_check refuses NaN and inf
    sym_check(a, "A", "cholesky")
    return a


def cholesky(A: Any) -> np.ndarray:
    r"""Cholesky factor of a symmetric positive definite matrix.

    .. math:: A = L L^\top, \quad l_{jj} > 0

    Only the lower triangle is used for the arithmetic; ``A`` must be symmetric
    (to about ``sqrt(eps)`` of its largest entry).

    Parameters
    ----------
    A : array_like of shape (n, n)

    Returns
    -------
    L : ndarray of shape (n, n), lower triangular

    Raises
    ------
    NotPositiveDefiniteError
        naming the first pivot that is not positive.

    Examples
    --------
    >>> from mmlkit.decomp import cholesky
    >>> cholesky([[4.0, 2.0], [2.0, 3.0]])
    array([[2.        , 0.        ],
           [1.        , 1.41421356]])
    """
    a = _prepare(A)
    n = a.shape[0]
    if n:
        _rec(a, 0, n, {})  # also zeroes the upper triangle
    return a


def cholesky_unblocked(A: Any) -> np.ndarray:
    """The textbook column-by-column Cholesky; the reference for :func:`cholesky`."""
    a = _prepare(A)
    n = a.shape[0]
    if n:
        _leaf(a, 0, n)
    return np.tril(a)
