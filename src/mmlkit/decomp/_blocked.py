"""Level-3 building blocks shared by the decompositions.

Triangular solves, Householder reflectors and their compact-WY blocks
(Schreiber & Van Loan, 1989), all written on NumPy matrix products.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = [
    "trsm",
    "householder",
    "reflect",
    "reflector",
    "larft",
    "apply_block_left",
    "sym_check",
    "tri_inv",
    "leaf_inverses",
    "split",
    "NB",
]

#: Block size of the blocked algorithms (columns per panel).
NB = 64
_LEAF = 32


def trsm(T: np.ndarray, B: np.ndarray, *, lower: bool, unit: bool = False,
         inverses: dict | None = None, offset: int = 0) -> np.ndarray:
    """Solve ``T X = B`` for triangular ``T`` (recursive 2x2 blocking; ``B`` is overwritten).

    The diagonal blocks of at most ``_LEAF`` rows are inverted with :func:`tri_inv`
    and applied as one product each. ``inverses`` (keyed by the block's first row
    plus ``offset``) lets repeated solves with the same ``T`` reuse those inverses.
    """
    n = T.shape[0]
    if n <= _LEAF:
        B[...] = leaf_inverse(T, inverses, offset, lower=lower, unit=unit) @ B
        return B
    h = split(n)
    if lower:
        trsm(T[:h, :h], B[:h], lower=True, unit=unit, inverses=inverses, offset=offset)
        B[h:] -= T[h:, :h] @ B[:h]
        trsm(T[h:, h:], B[h:], lower=True, unit=unit, inverses=inverses, offset=offset + h)
    else:
        trsm(T[h:, h:], B[h:], lower=False, unit=unit, inverses=inverses, offset=offset + h)
        B[:h] -= T[:h, h:] @ B[h:]
        trsm(T[:h, :h], B[:h], lower=False, unit=unit, inverses=inverses, offset=offset)
    return B


def leaf_inverse(T: np.ndarray, inverses: dict | None, offset: int, *, lower: bool,
                 unit: bool = False) -> np.ndarray:
    """``tri_inv(T)``, taken from ``inverses[offset]`` when it is there and stored when not."""
    X = None if inverses is None else inverses.get(offset)
    if X is None or X.shape[0] != T.shape[0]:
        X = tri_inv(T, lower=lower, unit=unit)
        if inverses is not None:
            inverses[offset] = X
    return X


def split(n: int) -> int:
    """Where the recursive algorithms split ``n`` rows or columns: near the middle, on a
    multiple of ``_LEAF``, so that every leaf is an aligned block of at most ``_LEAF``."""
    return max(_LEAF, (n // 2) // _LEAF * _LEAF)


@lru_cache(maxsize=16)
def _strict_lower(n: int) -> np.ndarray:
    mask = np.tri(n, n, -1, dtype=bool)
    mask.flags.writeable = False  # shared by every caller
    return mask


def tri_inv(T: np.ndarray, *, lower: bool, unit: bool = False) -> np.ndarray:
    r"""Inverse of a small triangular matrix by recursive 2x2 blocking, a level at a time.

    For a unit lower triangular matrix

    .. math:: \begin{bmatrix} A & 0 \\ C & B \end{bmatrix}^{-1}
              = \begin{bmatrix} A^{-1} & 0 \\ -B^{-1} C A^{-1} & B^{-1} \end{bmatrix}

    is applied to the blocks of size 1, 2, 4, ... in turn, each level as one batched
    product over strided views of the diagonal. A general diagonal is scaled out
    first: ``T^{-1} = (D^{-1} T)^{-1} D^{-1}``. Upper triangular input is transposed.
    A stack of matrices (shape ``(k, n, n)``) is inverted in the same passes.
    """
    stack = T.ndim == 3
    Ts = T if stack else T[None]
    G, n = Ts.shape[0], Ts.shape[1]
    if n == 0:
        return np.zeros(T.shape, dtype=T.dtype)
    N = 1 << (n - 1).bit_length()  # padded to a power of two with the identity
    X = np.zeros((G, N, N), dtype=T.dtype)
    Xn = X[:, :n, :n]
    # X = I - strict_lower(T): its 2x2 diagonal blocks are already inverted
    np.negative(Ts if lower else np.swapaxes(Ts, 1, 2), out=Xn, where=_strict_lower(N)[:n, :n])
    if not unit:
        d = np.diagonal(Ts, axis1=1, axis2=2).copy()
        Xn /= d[:, :, None]
    X.reshape(G, N * N)[:, ::N + 1] = 1.0
    size = X.itemsize
    s = 2
    while s < N:
        k = N // (2 * s)
        strides = (N * N * size, (2 * s * N + 2 * s) * size, N * size, size)
        A = np.ndarray((G, k, s, s), X.dtype, X, 0, strides)
        B = np.ndarray((G, k, s, s), X.dtype, X, (s * N + s) * size, strides)
        C = np.ndarray((G, k, s, s), X.dtype, X, s * N * size, strides)  # holds -C
        np.matmul(B, C @ A, out=C)
        s *= 2
    if not unit:
        Xn /= d[:, None, :]
    if N != n:
        Xn = Xn.copy()
    out = Xn if lower else np.swapaxes(Xn, 1, 2)
    return out if stack else out[0]


def leaf_inverses(T: np.ndarray, *, lower: bool, unit: bool = False) -> dict:
    """The inverses of all the full ``_LEAF``-row diagonal blocks of ``T``, in one batch.

    Keyed by the block's first row, as :func:`trsm` looks them up; a shorter
    last block is left to ``trsm``.
    """
    n = T.shape[0]
    q = n // _LEAF
    if q == 0:
        return {}
    t = np.ascontiguousarray(T)
    size = t.itemsize
    blocks = np.ndarray((q, _LEAF, _LEAF), t.dtype, t, 0,
                        (_LEAF * (n + 1) * size, n * size, size))
    inv = tri_inv(blocks, lower=lower, unit=unit)
    return {i * _LEAF: inv[i] for i in range(q)}


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


def reflect(x: np.ndarray) -> tuple[float, float]:
    """:func:`householder` in place: ``x[1:]`` becomes the tail of ``v`` (``v[0] = 1``).

    Returns ``(tau, beta)``; ``x[0]`` is left as it was. The plain formula is used
    when the sums of squares are in range, the rescaling ``householder`` otherwise.
    """
    alpha = float(x[0])
    tail = x[1:]
    sigma = float(tail @ tail) if tail.shape[0] else 0.0
    if _TINY < sigma < _HUGE and abs(alpha) < _HUGE:
        norm = math.hypot(alpha, math.sqrt(sigma))
        beta = -norm if alpha >= 0 else norm
        tail /= alpha - beta
        return (beta - alpha) / beta, beta
    v, tau, beta = householder(x)
    tail[...] = v[1:]
    return tau, beta


def reflector(x: np.ndarray) -> tuple[np.ndarray, float, float]:
    """``householder(x)``, skipping its scaling safeguards when they are not needed."""
    v = x.copy()
    tau, beta = reflect(v)
    v[0] = 1.0
    return v, tau, beta


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
    r"""Upper triangular ``T`` with ``H_1 ... H_k = I - V T V^T`` (forward, columnwise).

    ``T`` is the inverse of ``triu(V^T V, 1) + diag(1 / tau)`` (Puglisi, 1992;
    Joffrain et al., 2006): one product and one batched triangular inverse. A
    reflector with ``tau = 0`` is the identity; its row and column are decoupled
    before the inverse and its diagonal entry set back to zero.
    """
    k = tau.shape[0]
    if k == 0:
        return np.zeros((0, 0), dtype=V.dtype)
    S = np.triu(V.T @ V, 1)
    zero = tau == 0.0
    if zero.any():
        S[zero, :] = 0.0
        S[:, zero] = 0.0
        S.ravel()[::k + 1] = 1.0 / np.where(zero, 1.0, tau)
        T = np.array(tri_inv(S, lower=False))
        T[zero, zero] = 0.0
        return T
    S.ravel()[::k + 1] = 1.0 / tau
    return tri_inv(S, lower=False)


def apply_block_left(V: np.ndarray, T: np.ndarray, C: np.ndarray, *, trans: bool) -> None:
    """``C <- (I - V T V^T) C`` or, with ``trans``, ``C <- (I - V T^T V^T) C``, in place."""
    W = V.T @ C
    W = (T.T if trans else T) @ W
    C -= V @ W


def sym_check(A: np.ndarray, name: str, func: str, *,
              scratch: np.ndarray | None = None) -> float:
    """Refuse a matrix that is not symmetric to about sqrt(eps) of its largest entry.

    Returns ``max|A - A^T|``: 0.0 when ``A`` is exactly symmetric, the usual
    case, which costs one subtraction and one ``any`` per block of rows (a
    difference that is zero everywhere also rules out NaN and infinity, since
    ``inf - inf`` is NaN). Only a block with a nonzero difference is measured.

    Also refuses NaN and infinity (``InputValueError``, as the input validation
    does): any of them makes ``A - A^T`` non-finite, so callers can skip the
    separate finiteness pass. Each block of rows is compared with the matching
    block of columns, read transposed (a block of 64 columns is short runs of
    contiguous memory).
    ``scratch``, a flat array of ``A``'s dtype and at least ``A.size`` entries that
    the caller overwrites next, holds the differences instead of a new buffer.
    """
    if A.size == 0:
        return 0.0
    gap = 0.0
    n = A.shape[0]
    step = 64
    buf = scratch if scratch is not None else \
        np.empty(step * n, dtype=np.result_type(A.dtype, np.float32))
    with np.errstate(invalid="ignore", over="ignore"):
        for i0 in range(0, n, step):
            x = A[i0:i0 + step, i0:]
            y = A[i0:, i0:i0 + step].T
            t = buf[:x.size].reshape(x.shape)
            np.subtract(x, y, out=t)
            if t.any():
                gap = max(gap, _gap(t, x, y, name))
    if gap == 0.0:  # exactly symmetric: no scale needed
        return gap
    scale = max(float(A.max()), -float(A.min()))
    if gap > np.sqrt(np.finfo(A.dtype).eps) * scale:
        from ..errors import InputValueError

        raise InputValueError(
            f"{func}: {name} must be symmetric, but max|{name} - {name}.T| = {gap:.3g} "
            f"(largest entry {scale:.3g}); symmetrize with ({name} + {name}.T) / 2 or use eig"
        )
    return gap


def _gap(t: np.ndarray, x: np.ndarray, y: np.ndarray, name: str) -> float:
    """``max|t|`` for ``t = x - y`` (overwritten); NaN or infinity in ``x`` or ``y`` is refused."""
    g = float(np.abs(t, out=t).max())
    if not g < math.inf and not (np.isfinite(x).all() and np.isfinite(y).all()):
        from ..errors import InputValueError

        raise InputValueError(f"{name}: contains NaN or infinity; all entries must be finite")
    return g  # inf when finite entries differ by more than the range
