"""Fraction-free elimination on integer matrices (Bareiss-style), vectorised over rows.

Rational input is first scaled row by row to integers; every intermediate entry
of the fraction-free process is then a minor of that integer matrix, so each
division below is exact (Bareiss 1968). The work runs on NumPy object arrays of
Python ints, so the inner loops are NumPy's rather than the interpreter's.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

__all__ = ["integer_rows", "integer_array", "det_int", "forward_den", "back_substitute_den",
           "rank_mod_p", "PRIME"]


def integer_array(A: object) -> np.ndarray | None:
    """Object array of Python ints when ``A`` is a 2-D all-integer array-like, else None.

    The fast entry to the kernels: integer input needs no Fractions at all.
    """
    if isinstance(A, np.ndarray):
        arr = A
    elif isinstance(A, list | tuple):
        try:
            arr = np.array(A)
        except (ValueError, TypeError, OverflowError):
            return None
    else:
        return None
    if arr.ndim != 2 or arr.dtype.kind not in "iu":
        return None
    return arr.astype(object)


def integer_rows(rows: list[list[Fraction]]) -> tuple[np.ndarray, list[int]]:
    """Scale each row by the lcm of its denominators: (int object array, row scales)."""
    m = len(rows)
    n = len(rows[0]) if m else 0
    out = np.empty((m, n), dtype=object)
    scales = []
    for i, r in enumerate(rows):
        s = math.lcm(*(q.denominator for q in r)) if r else 1
        scales.append(s)
        out[i, :] = [q.numerator * (s // q.denominator) for q in r] if s != 1 else \
            [q.numerator for q in r]
    return out, scales


def det_int(M: np.ndarray) -> int:
    """Determinant of a square integer matrix by Bareiss' fraction-free elimination."""
    A = M.copy()
    n = A.shape[0]
    if n == 0:
        return 1
    sign, prev = 1, 1
    for k in range(n - 1):
        nz = np.flatnonzero(A[k:, k] != 0)
        if nz.size == 0:
            return 0
        p = k + int(nz[0])
        if p != k:
            A[[k, p]] = A[[p, k]]
            sign = -sign
        piv = A[k, k]
        blk = piv * A[k + 1:, k + 1:] - np.multiply.outer(A[k + 1:, k], A[k, k + 1:])
        A[k + 1:, k + 1:] = blk // prev if prev != 1 else blk
        prev = piv
    return sign * int(A[n - 1, n - 1])


def forward_den(M: np.ndarray, ncols: int | None = None
                ) -> tuple[np.ndarray, list[int], list[int], int]:
    """Bareiss forward elimination to echelon form, pivots sought in the first ``ncols``.

    Returns ``(U, pivots, pivot_values, swaps)``: ``U`` is fraction-free echelon
    (row ``i`` has its leading entry ``pivot_values[i]`` in column ``pivots[i]``;
    the last pivot value is the determinant of the pivot block up to the swaps' sign).
    """
    U = M.copy()
    m, n = U.shape
    ncols = n if ncols is None else ncols
    prev, pivots, values, swaps, i = 1, [], [], 0, 0
    for j in range(ncols):
        if i == m:
            break
        nz = np.flatnonzero(U[i:, j] != 0)
        if nz.size == 0:
            continue
        p = i + int(nz[0])
        if p != i:
            U[[i, p]] = U[[p, i]]
            swaps += 1
        piv = U[i, j]
        if i + 1 < m:
            blk = piv * U[i + 1:, j + 1:] - np.multiply.outer(U[i + 1:, j], U[i, j + 1:])
            U[i + 1:, j + 1:] = blk // prev if prev != 1 else blk
            U[i + 1:, j] = 0
        pivots.append(j)
        values.append(piv)
        prev = piv
        i += 1
    return U, pivots, values, swaps


def back_substitute_den(U: np.ndarray, pivots: list[int], values: list[int],
                        cols: np.ndarray) -> np.ndarray:
    """``X = den * U_P^{-1} U[:, cols]`` for the top ``len(pivots)`` rows, integral and exact.

    ``den`` is the last pivot value; each division by a pivot value is exact
    because ``X`` is an adjugate-times-integer product (Cramer's rule).
    """
    r = len(pivots)
    if r == 0:
        return np.empty((0, len(cols)), dtype=object)
    den = values[-1]
    P = np.array(pivots)
    X = np.empty((r, len(cols)), dtype=object)
    for i in range(r - 1, -1, -1):
        rhs = den * U[i, cols]
        if i + 1 < r:
            rhs = rhs - U[i, P[i + 1:]] @ X[i + 1:]
        X[i] = rhs // values[i]
    return X


#: A prime below 2**31, so products of residues fit in int64.
PRIME = 2_147_483_647


def rank_mod_p(M: np.ndarray, p: int = PRIME) -> int:
    """Rank of an integer matrix modulo ``p``, a lower bound of its rank over the rationals.

    When it equals ``min(m, n)`` the true rank is full as well, which certifies
    a full-rank matrix in ``O(n^3)`` machine-integer operations.
    """
    R = np.array((M % p).tolist(), dtype=np.int64).reshape(M.shape)
    m, n = R.shape
    r = 0
    for j in range(n):
        if r == m:
            break
        nz = np.flatnonzero(R[r:, j])
        if nz.size == 0:
            continue
        k = r + int(nz[0])
        if k != r:
            R[[r, k]] = R[[k, r]]
        inv = pow(int(R[r, j]), p - 2, p)  # Fermat inverse of the pivot
        f = (R[r + 1:, j] * inv) % p
        R[r + 1:, j:] = (R[r + 1:, j:] - (f[:, None] * R[r, j:]) % p) % p
        r += 1
    return r
