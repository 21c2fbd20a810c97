"""Level-3 building blocks shared by the decompositions.

Triangular solves, Householder reflectors and their compact-WY blocks
(Schreiber & Van Loan, 1989), all written on NumPy matrix products.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "trsm",
    "householder",
    "larft",
    "apply_block_left",
    "sym_check",
    "tri_inv",
    "NB",
]

#: Block size of the blocked algorithms (columns per panel).
NB = 64
_LEAF = 32


def trsm(T: np.ndarray, B: np.ndarray, *, lower: bool, unit: bool = False) -> np.ndarray:
    """Solve ``T X = B`` for triangular ``T`` (recursive 2x2 blocking; ``B`` is overwritten)."""
    n = T.shape[0]
    if n <= _LEAF:
        return _trsm_leaf(T, B, lower, unit)
    h = n // 2
    if lower:
        _ = trsm(T[:h, :h], B[:h], lower=True, unit=unit)
        B[h:] -= T[h:, :h] @ B[:h]
        trsm(T[h:, h:], B[h:], lower=True, unit=unit)
    else:
        trsm(T[h:, h:], B[h:], lower=False, unit=unit)
        B[:h] -= T[:h, h:] @ B[h:]
        trsm(T[:h, :h], B[:h], lower=False, unit=unit)
    return B


def _trsm_leaf(T: np.ndarray, B: np.ndarray, lower: bool, unit: bool) -> np.ndarray:
    """Small block: invert ``T`` by substitution on the identity, then one product."""
    B[...] = tri_inv(T, lower=lower, unit=unit) @ B
    return B


def tri_inv(T: np.ndarray, *, lower: bool, unit: bool = False) -> np.ndarray:
    """Inverse of a small triangular matrix, row by row: x_i = (e_i - sum_j t_ij x_j) / t_ii."""
    n = T.shape[0]
    X = np.eye(n, dtype=T.dtype)
    order = range(n) if lower else range(n - 1, -1, -1)
    for i in order:
        if lower:
            if i:
                X[i, :i] -= T[i, :i] @ X[:i, :i]
        elif i < n - 1:
            X[i, i + 1:] -= T[i, i + 1:] @ X[i + 1:, i + 1:]
        if not unit:
            X[i] /= T[i, i]
    return X


def householder(x: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Reflector ``H = I - tau v v^T`` with ``v[0] = 1`` and ``H x = beta e_1`` (MML sec. 3.8).

    ``beta = -sign(x_0) ||x||`` avoids cancellation; ``tau = 0`` when ``x[1:]`` is zero.
    Entries far from 1 in magnitude are rescaled first, so squares neither
    underflow nor overflow.
    """
    v = x.copy()
    x0 = float(x[0])
    tail = x[1:]
    with np.errstate(over="ignore", under="ignore"):
        sigma = float(tail @ tail) if tail.shape[0] else 0.0
    if not (_TINY < sigma < _HUGE):
        big = float(np.max(np.abs(tail))) if tail.shape[0] else 0.0
        if big == 0.0:
            v[0] = 1.0
            return v, 0.0, x0
        s = max(big, abs(x0))
        v2, tau, beta = _householder_scaled(x / s)
        return v2, tau, beta * s
    return _householder_scaled(x, v, x0, sigma)


_TINY = 1e-280
_HUGE = 1e280


def _householder_scaled(x, v=None, x0=None, sigma=None):
    if v is None:
        v = x.copy()
        x0 = float(x[0])
        sigma = float(x[1:] @ x[1:])
    if sigma == 0.0:
        v[0] = 1.0
        return v, 0.0, x0
    norm = float(np.hypot(x0, np.sqrt(sigma)))
    beta = -norm if x0 >= 0 else norm
    v[1:] /= x0 - beta
    v[0] = 1.0
    return v, (beta - x0) / beta, beta


def larft(V: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Upper triangular ``T`` with ``H_1 ... H_k = I - V T V^T`` (forward, columnwise)."""
    k = tau.shape[0]
    T = np.zeros((k, k), dtype=V.dtype)
    VtV = V.T @ V
    for i in range(k):
        T[i, i] = tau[i]
        if i:
            T[:i, i] = -tau[i] * (T[:i, :i] @ VtV[:i, i])
    return T


def apply_block_left(V: np.ndarray, T: np.ndarray, C: np.ndarray, *, trans: bool) -> None:
    """``C <- (I - V T V^T) C`` or, with ``trans``, ``C <- (I - V T^T V^T) C``, in place."""
    W = V.T @ C
    W = (T.T if trans else T) @ W
    C -= V @ W


def sym_check(A: np.ndarray, name: str, func: str) -> None:
    """Refuse a matrix that is not symmetric to about sqrt(eps) of its largest entry."""
    if A.size == 0:
        return
    from ..errors import InputValueError

    scale = float(np.max(np.abs(A)))
    gap = 0.0
    step = 256  # compare tile (i, j) with tile (j, i) so both stay in cache
    n = A.shape[0]
    for i0 in range(0, n, step):
        for j0 in range(i0, n, step):
            t = A[i0:i0 + step, j0:j0 + step] - A[j0:j0 + step, i0:i0 + step].T
            gap = max(gap, float(np.max(np.abs(t))))
    if gap > np.sqrt(np.finfo(A.dtype).eps) * scale:
        raise InputValueError(
            f"{func}: {name} must be symmetric, but max|{name} - {name}.T| = {gap:.3g} "
            f"(largest entry {scale:.3g}); symmetrize with ({name} + {name}.T) / 2 or use eig"
        )
