"""Cholesky decomposition ``A = L L^T`` (MML sec. 4.3, Theorem 4.18).

Fast path: left-looking blocked Cholesky on the rows of ``L^T``. Each panel of
``_W`` rows first takes the updates of all the panels before it as one matrix
product, then is factored four rows at a time: the inverse of the 4x4
diagonal block's factor is computed from Python floats (sixteen numbers), and
the four rows are one product with that inverse. So a column costs a
fraction of a NumPy call, and all but O(n^2) of the flops are in products.
:func:`cholesky_unblocked` is the textbook column loop (Cholesky–Crout).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validation import as_square
from ..errors import NotPositiveDefiniteError
from ._blocked import _strict_lower, sym_check

__all__ = ["cholesky", "cholesky_unblocked"]

_W = 64  # rows of L^T per panel


def _fail(k: int, value: float, n: int) -> NotPositiveDefiniteError:
    return NotPositiveDefiniteError(
        f"cholesky: matrix is not positive definite (pivot {k + 1} of {n} is {value:.6g}, "
        f"so the leading {k + 1}x{k + 1} minor is not positive); try eigh or add jitter"
    )


def _rows(u: np.ndarray, base: int, n: int) -> None:
    """The textbook step on rows of ``L^T``: u_jj = sqrt(a_jj - sum_k u_kj^2), MML eq. (4.45).

    In place on ``u`` (``w`` rows, upper triangle meaningful); ``base`` is the
    global index of its first pivot, for the error message.
    """
    for j in range(u.shape[0]):
        r = u[j, j:]
        if j:
            r -= u[:j, j] @ u[:j, j:]
        d = float(r[0])
        if not 0.0 < d < math.inf:
            raise _fail(base + j, d, n)
        r /= math.sqrt(d)


def _inv4(R: np.ndarray, base: int, n: int) -> np.ndarray:
    """``L^{-1}`` for the factor of the 4x4 block ``R[:, :4]`` (upper triangle), from floats."""
    (a00, a01, a02, a03), (_, a11, a12, a13), (_, _, a22, a23), (_, _, _, a33) = \
        R[:, :4].tolist()
    if not 0.0 < a00 < math.inf:
        raise _fail(base, a00, n)
    l00 = math.sqrt(a00)
    l10, l20, l30 = a01 / l00, a02 / l00, a03 / l00
    d = a11 - l10 * l10
    if not 0.0 < d < math.inf:
        raise _fail(base + 1, d, n)
    l11 = math.sqrt(d)
    l21, l31 = (a12 - l20 * l10) / l11, (a13 - l30 * l10) / l11
    d = a22 - l20 * l20 - l21 * l21
    if not 0.0 < d < math.inf:
        raise _fail(base + 2, d, n)
    l22 = math.sqrt(d)
    l32 = (a23 - l30 * l20 - l31 * l21) / l22
    d = a33 - l30 * l30 - l31 * l31 - l32 * l32
    if not 0.0 < d < math.inf:
        raise _fail(base + 3, d, n)
    l33 = math.sqrt(d)
    # the inverse of the lower triangular factor, column by column from the diagonal
    m00, m11, m22, m33 = 1.0 / l00, 1.0 / l11, 1.0 / l22, 1.0 / l33
    m10 = -l10 * m00 * m11
    m21 = -l21 * m11 * m22
    m20 = -(l20 * m00 + l21 * m10) * m22
    m32 = -l32 * m22 * m33
    m31 = -(l31 * m11 + l32 * m21) * m33
    m30 = -(l30 * m00 + l31 * m10 + l32 * m20) * m33
    return np.array((m00, 0.0, 0.0, 0.0, m10, m11, 0.0, 0.0,
                     m20, m21, m22, 0.0, m30, m31, m32, m33), R.dtype).reshape(4, 4)


def _panel(u: np.ndarray, base: int, n: int) -> None:
    """Factor a panel of rows of ``L^T`` whose earlier updates are already applied.

    Four rows at a time: after the updates from the rows above, the four rows
    ``R`` are ``L A`` for the 4x4 block's factor ``L L^T``, so ``L^{-1} R`` is
    one product that gives the block's ``L^T`` and the rows to its right
    together (below the block's diagonal it leaves rounding-level values, which
    :func:`_factor` clears).
    """
    w = u.shape[0]
    j = 0
    while j + 4 <= w:
        R = u[j:j + 4, j:]
        if j:
            R -= u[:j, j:j + 4].T @ u[:j, j:]
        np.matmul(_inv4(R, base + j, n), R, out=R)
        j += 4
    if j < w:
        R = u[j:, j:]
        if j:
            R -= u[:j, j:].T @ u[:j, j:]
        _rows(R, base + j, n)


def _factor(t: np.ndarray) -> None:
    """Left-looking blocked Cholesky: ``t`` becomes ``L^T`` (zeros below the diagonal).

    The updates read only rows above the panel, right of its first column, so
    the panel's rows left of the diagonal can be cleared as soon as it is done.
    Nothing reads the strict lower triangle before then, so while the last
    ``_W`` rows lie below the panel, their first ``n - k`` columns (all left of
    the diagonal) hold the update's product: no temporary array.
    """
    n = t.shape[0]
    for k in range(0, n, _W):
        u = t[k:k + _W, k:]
        if k:  # all earlier panels at once: A rows - L^T(earlier rows)^T L^T(earlier rows)
            if k <= n - 2 * _W:
                product = t[n - _W:, :n - k]
                np.matmul(t[:k, k:k + _W].T, t[:k, k:], out=product)
                u -= product
            else:
                u -= t[:k, k:k + _W].T @ t[:k, k:]
        _panel(u, k, n)
        w = u.shape[0]
        t[k:k + w, :k] = 0.0
        u[:, :w][_strict_lower(w)] = 0.0


def _prepare(A: Any) -> np.ndarray:
    """A fresh C-ordered array whose upper triangle is the lower triangle of ``A``.

    That is ``A^T``. When ``A`` is exactly symmetric (the usual case) ``A`` itself
    is the same matrix, and a plain copy takes less than half the time of a
    transposing one; only a nearly symmetric ``A`` pays for the transpose.
    """
    a = as_square(A, "A", finite=False)  # sym_check refuses NaN and inf
    # the same matrix when exactly symmetric, read in memory order (F-ordered input: a.T)
    s = a.T if a.flags.f_contiguous and not a.flags.c_contiguous else a
    t = np.empty(a.shape, dtype=a.dtype)
    # the symmetry check works in t's memory before the copy lands there
    np.copyto(t, a.T if sym_check(s, "A", "cholesky", scratch=t.reshape(-1)) else s)
    return t


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
    t = _prepare(A)
    if t.shape[0]:
        _factor(t)
    return t.T


def cholesky_unblocked(A: Any) -> np.ndarray:
    """The textbook column-by-column Cholesky; the reference for :func:`cholesky`."""
    t = _prepare(A)
    if t.shape[0]:
        _rows(t, 0, t.shape[0])
    return np.triu(t).T
