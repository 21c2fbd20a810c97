"""LU decomposition with partial pivoting (MML sec. 4.1, Golub & Van Loan alg. 3.4.2).

The fast path is recursive and right-looking: split the columns in half, factor
the left half, then a triangular solve for the block row of ``U`` and one matrix
product for the trailing (Schur complement) update; one column is the base case.
:func:`lu_unblocked` is the textbook loop, kept as a reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ._blocked import trsm

__all__ = ["lu", "lu_factor", "lu_unblocked"]


_LEAF = 32


def _getf2(a: np.ndarray) -> np.ndarray:
    """Unblocked panel: pivot, swap, scale, rank-1 update, column by column (MML sec. 2.3).

    Works on a contiguous copy of the transposed panel so every column is one
    contiguous row.
    """
    m, b = a.shape
    t = np.ascontiguousarray(a.T)
    p = np.arange(m)
    for j in range(b):
        i = j + int(np.argmax(np.abs(t[j, j:])))
        if i != j:
            t[:, [j, i]] = t[:, [i, j]]
            p[[j, i]] = p[[i, j]]
        if t[j, j] != 0.0 and j + 1 < m:
            t[j, j + 1:] /= t[j, j]
            if j + 1 < b:
                t[j + 1:, j + 1:] -= np.outer(t[j + 1:, j], t[j, j + 1:])
    a[...] = t.T
    return p


def _rgetrf(a: np.ndarray) -> np.ndarray:
    """Recursive LU with partial pivoting of an (m, b) block, m >= b (Toledo, 1997).

    Factor the left half, update the right half with a triangular solve and one
    product (the Schur complement), factor its lower part. Returns the row
    permutation ``p`` with ``A[p] = L U``; ``a`` is overwritten by the factors.
    """
    m, b = a.shape
    if b <= _LEAF:
        return _getf2(a)
    h = b // 2
    p = _rgetrf(a[:, :h])
    _permute_rows(a[:, h:], p)
    trsm(a[:h, :h], a[:h, h:], lower=True, unit=True)
    a[h:, h:] -= a[h:, :h] @ a[:h, h:]
    p2 = _rgetrf(a[h:, h:])
    _permute_rows(a[h:, :h], p2)
    p[h:] = p[h:][p2]
    return p


def _permute_rows(block: np.ndarray, p: np.ndarray) -> None:
    """``block <- block[p]``, touching only the rows the permutation moves."""
    moved = np.flatnonzero(p != np.arange(p.shape[0]))
    if moved.size:
        block[moved] = block[p[moved]]


def lu_factor(A: Any) -> tuple[np.ndarray, np.ndarray]:
    """Packed LU factors: ``LU`` (unit ``L`` below the diagonal, ``U`` on and above) and ``perm``.

    ``A[perm] = L @ U``. Works on a copy; the input is never modified.
    """
    a = np.asfortranarray(as_matrix(A, "A", copy=True))
    m, n = a.shape
    k = min(m, n)
    if k == 0:
        return a, np.arange(m)
    perm = _rgetrf(a[:, :k])
    if n > k:
        # wide matrix: the block row of U is L^{-1} (P A)[:, k:]
        _permute_rows(a[:, k:], perm)
        trsm(a[:k, :k], a[:k, k:], lower=True, unit=True)
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
    m, n = a.shape
    k = min(m, n)
    L = np.tril(a[:, :k], -1)
    L[np.arange(k), np.arange(k)] = 1.0
    U = np.triu(a[:k, :])
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
