"""LU decomposition with partial pivoting (MML sec. 4.1, Golub & Van Loan alg. 3.4.2).

The fast path is recursive and right-looking: split the columns in half, factor
the left half, then a triangular solve for the block row of ``U`` and one matrix
product for the trailing (Schur complement) update. The base case is a panel of
at most 32 columns, factored column by column in Crout order.
:func:`lu_unblocked` is the textbook loop, kept as a reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ._blocked import _strict_lower, split, trsm

__all__ = ["lu", "lu_factor", "lu_unblocked"]


_LEAF = 32  # panel width; the triangular solves split on the same grid (see ``trsm``)


def _workspace(a: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Scratch for the panels of width ``b`` of one factorization, and its views.

    ``t`` has room for a transposed panel of all ``m`` rows plus ``b`` identity
    rows. Every panel of this width is copied into it, the rows it lacks padded
    with zeros (a zero never wins the pivot search, and elimination leaves it
    zero), so the slices the column loop works on are the same for every panel
    and are taken once, here, instead of once per panel. ``diag`` is the diagonal
    of the identity rows, ``t[b + e, e]``.
    """
    m = a.shape[0]
    t = np.empty((2 * b, m), dtype=a.dtype)
    tT = t[:b].T
    diag = t.reshape(-1)[b * m::m + 1][:b]
    views = [(t[j, j:], t[j, :j], t[:j, j:], tT[j], t[j + 1:, :j], t[:j, j], t[j + 1:, j],
              t[j, j + 1:]) for j in range(b)]
    return t, tT, diag, views


def _getf2(a: np.ndarray, k: int, b: int, perm: np.ndarray, inverses: dict,
           work: dict) -> None:
    """Unblocked panel ``a[k:, k:k+b]`` in Crout order (MML sec. 2.3).

    Works on a contiguous transposed copy of the panel (see :func:`_workspace`),
    so column ``j`` is one contiguous row: it is updated with one product,
    searched for its pivot, the pivot rows are swapped, and the row of ``U`` to
    its right is formed with a second product. The interchanges are then applied
    to the whole rows of ``a`` (LAPACK applies them left and right of the panel
    the same way).

    Below the panel's ``b`` rows, the copy carries ``b`` more rows that start as
    the identity and take no part in the interchanges. The ``U``-row product
    runs over them too, which is forward substitution with the panel's unit
    lower triangle: they end as its inverse (transposed), kept in
    ``inverses[k]`` for the triangular solves that follow.
    """
    if b not in work:
        work[b] = _workspace(a, b)
    t, tT, diag, views = work[b]
    m = a.shape[0] - k
    t[:b, :m] = a[k:, k:k + b].T  # a copy: the rows of a move below
    t[:b, m:] = 0.0
    t[b:, :b] = 0.0  # (the extra rows' other columns are never read)
    diag[...] = 1.0
    src: dict[int, int] = {}  # row position -> the panel row now there, for the rows that moved
    for j, (col, u_j, L_j, colb, u_rows, l_j, urow, lcol) in enumerate(views):
        if j:
            col -= u_j @ L_j
        hi, lo = int(col.argmax()), int(col.argmin())  # the largest |entry|, first one on ties
        big, small = col[hi], col[lo]
        i = j + (hi if big > -small or (big == -small and hi < lo) else lo)
        if i != j:
            other = tT[i]
            c = colb.copy()
            colb[...] = other
            other[...] = c
            src[j], src[i] = src.get(i, i), src.get(j, j)
        if j:
            urow -= u_rows @ l_j
        pivot = col[0]
        if pivot != 0.0:
            lcol /= pivot
    if src:  # (a row that came back to its place is copied onto itself: harmless)
        to = np.fromiter(src.keys(), np.intp, len(src)) + k
        fro = np.fromiter(src.values(), np.intp, len(src)) + k
        a[to] = a[fro]
        perm[to] = perm[fro]
    a[k:, k:k + b] = t[:b, :m].T
    inverses[k] = t[b:, :b].T.copy()


def _rgetrf(a: np.ndarray, k: int, b: int, perm: np.ndarray, inverses: dict,
            work: dict) -> None:
    """Recursive LU with partial pivoting of the columns ``k:k+b`` of ``a`` (Toledo, 1997).

    Factor the left half, then one triangular solve for the block row of ``U``
    and one product for the trailing (Schur complement) update, then factor the
    right half. Row interchanges go to whole rows as soon as they are chosen.
    """
    if b <= _LEAF:
        _getf2(a, k, b, perm, inverses, work)
        return
    h = split(b)
    _rgetrf(a, k, h, perm, inverses, work)
    r = slice(k + h, k + b)
    trsm(a[k:k + h, k:k + h], a[k:k + h, r], lower=True, unit=True,
         inverses=inverses, offset=k)
    a[k + h:, r] -= a[k + h:, k:k + h] @ a[k:k + h, r]
    _rgetrf(a, k + h, b - h, perm, inverses, work)


def lu_factor(A: Any, *, inverses: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Packed LU factors: ``LU`` (unit ``L`` below the diagonal, ``U`` on and above) and ``perm``.

    ``A[perm] = L @ U``. Works on a copy; the input is never modified. When a dict
    is passed as ``inverses`` it receives the inverses of the diagonal blocks of
    ``L``, which :func:`~mmlkit.decomp._blocked.trsm` reuses.
    """
    return factor_in_place(np.array(as_matrix(A, "A"), order="C"), inverses)


def factor_in_place(a: np.ndarray, inverses: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`lu_factor` of an already validated, C-contiguous float array, overwritten."""
    m, n = a.shape
    k = min(m, n)
    perm = np.arange(m)
    if k == 0:
        return a, perm
    if inverses is None:
        inverses = {}
    _rgetrf(a, 0, k, perm, inverses, {})
    if n > k:
        # wide matrix: the block row of U is L^{-1} (P A)[:, k:]
        trsm(a[:k, :k], a[:k, k:], lower=True, unit=True, inverses=inverses)
    return a, perm


def lu_unblocked(A: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Textbook Gaussian elimination with partial pivoting, one column at a time.

    Returns ``(P, L, U)`` like :func:`lu`; used as the reference in tests.
    """
    a = as_matrix(A, "A", copy=True)
    m, n = a.shape
    perm = np.arange(m)
    k = min(m, n)
    for j in range(k):
        p = j + int(np.argmax(np.abs(a[j:, j])))
        a[[j, p]] = a[[p, j]]
        perm[[j, p]] = perm[[p, j]]
        if a[j, j] != 0.0:
            a[j + 1:, j] /= a[j, j]
            a[j + 1:, j + 1:] -= np.outer(a[j + 1:, j], a[j, j + 1:])
    return _unpack(a, perm)


def _unpack(a: np.ndarray, perm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(P, L, U)`` from packed factors; ``a`` (the caller's own copy) may become ``L``.

    Works a block of rows at a time: each block is a slab copied or cleared whole
    plus a small triangle on the diagonal, so no full-size mask is built.
    """
    m, n = a.shape
    k = min(m, n)
    B = 64
    U = np.zeros((k, n), dtype=a.dtype)
    for i0 in range(0, k, B):
        i1 = min(i0 + B, k)
        U[i0:i1, i0:] = a[i0:i1, i0:]
        U[i0:i1, i0:i1][_strict_lower(i1 - i0)] = 0.0
    if k == n:  # square or tall: L takes over the packed array (a fresh one, ours to change)
        L = a
        for i0 in range(0, k, B):
            i1 = min(i0 + B, k)
            L[i0:i1, i1:] = 0.0
            L[i0:i1, i0:i1][~_strict_lower(i1 - i0)] = 0.0
    else:  # wide: L is the first k columns, below the diagonal
        L = np.zeros((m, k), dtype=a.dtype)
        for i0 in range(0, m, B):
            i1 = min(i0 + B, m)
            L[i0:i1, :i0] = a[i0:i1, :i0]
            L[i0:i1, i0:i1] = np.tril(a[i0:i1, i0:i1], -1)
    L[np.arange(k), np.arange(k)] = 1.0
    P = np.zeros((m, m), dtype=a.dtype)
    P[perm, np.arange(m)] = 1.0
    return P, L, U


def lu(A: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""LU decomposition with partial pivoting.

    .. math:: A = P L U

    with ``P`` a permutation matrix, ``L`` unit lower triangular (``|l_ij| <= 1``)
    and ``U`` upper triangular (upper trapezoidal when ``A`` is not square).

    Parameters
    ----------
    A : array_like of shape (m, n)

    Returns
    -------
    P : ndarray of shape (m, m)
    L : ndarray of shape (m, min(m, n))
    U : ndarray of shape (min(m, n), n)

    Examples
    --------
    >>> from mmlkit.decomp import lu
    >>> P, L, U = lu([[1.0, 2.0], [3.0, 4.0]])
    >>> P
    array([[0., 1.],
           [1., 0.]])
    >>> L
    array([[1.        , 0.        ],
           [0.33333333, 1.        ]])
    >>> U
    array([[3.        , 4.        ],
           [0.        , 0.66666667]])
    """
    a, perm = lu_factor(A)
    return _unpack(a, perm)
