"""Determinant, trace, inverse and linear solves built on :func:`lu` (MML sec. 2.3, 4.1)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array, as_square
from ..errors import ShapeError, SingularMatrixError
from ._blocked import _LEAF, leaf_inverse, leaf_inverses, split, trsm
from .lu import factor_in_place

__all__ = ["det", "slogdet", "trace", "inv", "solve", "solve_triangular"]


def det(A: Any) -> float:
    r"""Determinant from the LU factors.

    .. math:: \det(A) = \det(P) \prod_i u_{ii}

    (MML Theorem 4.2 and eq. (4.7)). ``det`` of the 0x0 matrix is 1.

    Examples
    --------
    >>> from mmlkit.decomp import det
    >>> det([[1.0, 2.0], [3.0, 4.0]])
    -2.0
    """
    a = as_square(A, "A")
    if a.shape[0] == 0:
        return 1.0
    lu_, perm = factor_in_place(np.array(a, order="C"))
    return _perm_sign(perm) * float(np.prod(np.diagonal(lu_)))


def slogdet(A: Any) -> tuple[float, float]:
    r"""Sign and natural log of ``|det A|``, free of overflow.

    .. math:: \log|\det A| = \sum_i \log|u_{ii}|

    Examples
    --------
    >>> from mmlkit.decomp import slogdet
    >>> slogdet([[2.0, 0.0], [0.0, -3.0]])
    (-1.0, 1.791759469228055)
    """
    a = as_square(A, "A")
    if a.shape[0] == 0:
        return 1.0, 0.0
    lu_, perm = factor_in_place(np.array(a, order="C"))
    d = np.diagonal(lu_)
    if np.any(d == 0.0):
        return 0.0, float("-inf")
    sign = _perm_sign(perm) * float(np.prod(np.sign(d)))
    return sign, float(np.sum(np.log(np.abs(d))))


def _perm_sign(perm: np.ndarray) -> float:
    """Sign of a permutation: (-1)^(n - number of cycles).

    Each cycle is found by its smallest member, by pointer doubling: after
    step ``k`` every entry knows the smallest index among the next ``2^k``
    entries of its cycle, so ``log2(n)`` vectorized steps cover every cycle.
    """
    n = perm.shape[0]
    low = np.asarray(perm, dtype=np.intp).copy()   # smallest index seen along the cycle
    jump = np.asarray(perm, dtype=np.intp)          # perm applied 2^k times
    span = 1
    while span < n:
        np.minimum(low, low[jump], out=low)
        jump = jump[jump]
        span *= 2
    np.minimum(low, np.arange(n), out=low)
    cycles = int(np.count_nonzero(low == np.arange(n)))
    return -1.0 if (n - cycles) % 2 else 1.0


def trace(A: Any) -> float:
    r"""Sum of the diagonal entries, MML eq. (4.18).

    .. math:: \operatorname{tr}(A) = \sum_i a_{ii}

    Examples
    --------
    >>> from mmlkit.decomp import trace
    >>> trace([[1.0, 2.0], [3.0, 4.0]])
    5.0
    """
    return float(np.trace(as_square(A, "A")))


def _checked_factor(a: np.ndarray, func: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """LU factors, refusing a matrix that is singular to working precision.

    Also returns the inverses of the diagonal blocks of ``L`` that the
    factorization computed, for the forward substitution.
    """
    inverses: dict = {}
    lu_, perm = factor_in_place(np.array(a, order="C"), inverses)
    d = np.abs(np.diagonal(lu_))
    if d.size and (d.min() == 0.0 or d.min() <= np.finfo(a.dtype).eps * d.max()):
        i = int(np.argmin(d))
        raise SingularMatrixError(
            f"{func}: matrix is singular to working precision (pivot {i + 1} of {d.size} is "
            f"{lu_[i, i]:.3g}, largest {d.max():.3g}); try lstsq or pinv"
        )
    return lu_, perm, inverses


def _lu_solve(lu_: np.ndarray, perm: np.ndarray, b: np.ndarray, inverses: dict) -> np.ndarray:
    x = np.array(b[perm], dtype=lu_.dtype, order="C")
    trsm(lu_, x, lower=True, unit=True, inverses=inverses)
    trsm(lu_, x, lower=False, inverses=leaf_inverses(lu_, lower=False))
    return x


def solve(A: Any, b: Any) -> np.ndarray:
    r"""Solve ``A x = b`` for square non-singular ``A`` (one or many right-hand sides).

    .. math:: x = U^{-1} L^{-1} P^\top b

    Examples
    --------
    >>> from mmlkit.decomp import solve
    >>> solve([[3.0, 1.0], [1.0, 2.0]], [9.0, 8.0])
    array([2., 3.])
    """
    a = as_square(A, "A")
    rhs = as_float_array(b, "b", ndim=(1, 2))
    if rhs.shape[0] != a.shape[0]:
        raise ShapeError(f"solve: b has {rhs.shape[0]} rows but A is {a.shape[0]}x{a.shape[0]}")
    dtype = np.result_type(a.dtype, rhs.dtype)
    if a.shape[0] == 0:
        return np.zeros(rhs.shape, dtype=dtype)
    lu_, perm, inverses = _checked_factor(a.astype(dtype, copy=False), "solve")
    x = _lu_solve(lu_, perm, rhs.reshape(rhs.shape[0], -1), inverses)
    return x.reshape(rhs.shape)


def inv(A: Any) -> np.ndarray:
    r"""Inverse of a square non-singular matrix, by solving ``A X = I`` with :func:`lu`.

    .. math:: A A^{-1} = I

    Examples
    --------
    >>> from mmlkit.decomp import inv
    >>> inv([[2.0, 1.0], [1.0, 1.0]])
    array([[ 1., -1.],
           [-1.,  2.]])
    """
    a = as_square(A, "A")
    n = a.shape[0]
    if n == 0:
        return np.zeros((0, 0), dtype=a.dtype)
    lu_, perm, inverses = _checked_factor(a, "inv")
    # A^{-1} = U^{-1} L^{-1} P: L^{-1} is triangular, so it costs a third of a full solve
    Z = _unit_lower_inverse(lu_, inverses)
    trsm(lu_, Z, lower=False, inverses=leaf_inverses(lu_, lower=False))
    X = np.empty_like(Z)
    X[:, perm] = Z
    return X


def _unit_lower_inverse(lu_: np.ndarray, inverses: dict, offset: int = 0) -> np.ndarray:
    r"""``L^{-1}`` for the unit lower triangle of ``lu_``, by 2x2 blocks.

    .. math:: \begin{bmatrix} L_{11} & 0 \\ L_{21} & L_{22} \end{bmatrix}^{-1}
              = \begin{bmatrix} X_{11} & 0 \\ -X_{22} L_{21} X_{11} & X_{22} \end{bmatrix}

    split on the same grid as :func:`trsm`, so the leaves are the inverses the
    factorization already computed.
    """
    n = lu_.shape[0]
    if n <= _LEAF:
        return np.array(leaf_inverse(lu_, inverses, offset, lower=True, unit=True), order="C")
    h = split(n)
    X = np.zeros((n, n), dtype=lu_.dtype)
    X[:h, :h] = _unit_lower_inverse(lu_[:h, :h], inverses, offset)
    X[h:, h:] = _unit_lower_inverse(lu_[h:, h:], inverses, offset + h)
    X[h:, :h] = -(X[h:, h:] @ (lu_[h:, :h] @ X[:h, :h]))
    return X


def solve_triangular(T: Any, b: Any, *, lower: bool = False,
                     unit_diagonal: bool = False) -> np.ndarray:
    r"""Solve ``T x = b`` by substitution for triangular ``T`` (blocked, level 3).

    .. math:: x_i = \Bigl(b_i - \sum_{j<i} t_{ij} x_j\Bigr) / t_{ii}

    Examples
    --------
    >>> from mmlkit.decomp import solve_triangular
    >>> solve_triangular([[2.0, 0.0], [1.0, 1.0]], [4.0, 3.0], lower=True)
    array([2., 1.])
    """
    t = as_square(T, "T")
    rhs = as_float_array(b, "b", ndim=(1, 2))
    if rhs.shape[0] != t.shape[0]:
        raise ShapeError(f"solve_triangular: b has {rhs.shape[0]} rows, T is {t.shape}")
    if not unit_diagonal and t.shape[0] and np.any(np.diagonal(t) == 0.0):
        raise SingularMatrixError("solve_triangular: T has a zero on its diagonal")
    dtype = np.result_type(t.dtype, rhs.dtype)
    x = np.array(rhs.reshape(rhs.shape[0], -1), dtype=dtype, order="C")
    if t.shape[0]:
        trsm(np.tril(t) if lower else np.triu(t), x, lower=lower, unit=unit_diagonal)
    return x.reshape(rhs.shape)


