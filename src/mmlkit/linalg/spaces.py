"""Rank, kernel, image, independence, inverse, determinant and change of basis (MML §2.5–2.7, §4.1).

Every function takes ``exact=None`` where an elimination decides the answer:
exact Fractions for integer/Fraction/number-string input, floats otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import ShapeError, SingularMatrixError
from ..exact import ExactMatrix, ExactVector, is_exact_input, to_exact
from ..exact.kernels import (
    back_substitute_den,
    det_int,
    forward_den,
    integer_array,
    integer_rows,
)
from .elimination import (
    EliminationResult,
    as_system_matrix,
    exact_rref_rows,
    float_tolerance,
    minus_one_basis,
    textbook_exact,
    textbook_float,
)

__all__ = [
    "rank", "nullspace", "kernel", "column_space", "image", "is_linearly_independent",
    "inverse", "inverse_steps", "determinant", "laplace_expansion", "LaplaceExpansion",
    "change_of_basis", "coordinates",
]


def _square(M: Any, name: str = "A") -> None:
    if M.shape[0] != M.shape[1]:
        raise ShapeError(f"{name}: expected a square matrix, got shape {M.shape}")


def _rref_pivots(M: ExactMatrix | np.ndarray) -> tuple[Any, list[int]]:
    if isinstance(M, ExactMatrix):
        return exact_rref_rows(M._rows, M.shape)
    R, pivots, _ = textbook_float(M, reduced=True, record=False)
    return R, pivots


def rank(A: Any, *, exact: bool | None = None) -> int:
    """Number of pivots of the row-echelon form: ``dim Im(A)`` (MML §2.6.2).

    >>> rank([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    2
    """
    Z = integer_array(A) if exact is not False else None
    if Z is not None:
        return len(forward_den(Z)[1]) if Z.size else 0
    M = as_system_matrix(A, exact)
    if isinstance(M, ExactMatrix):
        if 0 in M.shape:
            return 0
        return len(forward_den(integer_rows(M._rows)[0])[1])
    return len(textbook_float(M, reduced=False, record=False)[1])


def nullspace(A: Any, *, exact: bool | None = None) -> list[Any]:
    """A basis of ``ker(A) = {x : A x = 0}`` by the Minus-1 trick (MML §2.3.3).

    >>> [v.tolist() for v in nullspace([[1, 2, 3], [4, 5, 6]])]
    [[Fraction(1, 1), Fraction(-2, 1), Fraction(1, 1)]]
    """
    M = as_system_matrix(A, exact)
    R, pivots = _rref_pivots(M)
    n = M.shape[1]
    exact_ = isinstance(M, ExactMatrix)
    zero, one = (Fraction(0), Fraction(1)) if exact_ else (0.0, 1.0)
    get = (lambda i, j: R[i][j]) if exact_ else (lambda i, j: float(R[i, j]))
    return [ExactVector._trusted(v) if exact_ else np.asarray(v, dtype=M.dtype)
            for v in minus_one_basis(pivots, n, get, zero, one)]


kernel = nullspace


def column_space(A: Any, *, exact: bool | None = None) -> list[Any]:
    """A basis of ``Im(A)``: the columns of ``A`` where the echelon form has pivots.

    >>> [v.tolist() for v in column_space([[1, 2], [2, 4]])]
    [[Fraction(1, 1), Fraction(2, 1)]]
    """
    M = as_system_matrix(A, exact)
    _, pivots = _rref_pivots(M)
    if isinstance(M, ExactMatrix):
        return [M.column(j) for j in pivots]
    return [M[:, j].copy() for j in pivots]


image = column_space


def _stack_columns(vectors: Sequence[Any], exact: bool | None, name: str) -> Any:
    vecs = list(vectors)
    if not vecs:
        raise ShapeError(f"{name}: need at least one vector")
    lengths = {len(v) if not hasattr(v, "shape") else v.shape[0] for v in vecs}
    if len(lengths) > 1:
        raise ShapeError(f"{name}: vectors have different lengths {sorted(lengths)}")
    cols = [list(v) for v in vecs]
    for v in vecs:
        if np.ndim(v) != 1:
            raise ShapeError(f"{name}: each vector must be 1-D, got shape {np.shape(v)}")
    return as_system_matrix([list(r) for r in zip(*cols)], exact, name)


def is_linearly_independent(vectors: Sequence[Any], *, exact: bool | None = None) -> bool:
    """True when no vector is a combination of the others (rank = count; MML §2.5).

    >>> is_linearly_independent([[1, 2, -3, 4], [1, 1, 0, 2], [-1, -2, 1, 1]])
    True
    >>> is_linearly_independent([[1, 0], [0, 1], [1, 1]])
    False
    """
    M = _stack_columns(vectors, exact, "vectors")
    return rank(M) == M.shape[1]


def _exact_solve_many(M: ExactMatrix, B_rows: list[list[Fraction]], name: str
                      ) -> list[list[Fraction]]:
    """``M^{-1} B`` for square exact ``M`` (fraction-free forward pass + back substitution)."""
    rows = [list(r) + list(b) for r, b in zip(M._rows, B_rows)]
    return _int_solve_many(integer_rows(rows)[0], M.shape[0], name)


def _int_solve_many(Z: np.ndarray, n: int, name: str) -> list[list[Fraction]]:
    """``A^{-1} B`` from the integer augmented matrix ``Z = [A | B]`` (rows may be scaled)."""
    k = Z.shape[1] - n
    U, pivots, values, _ = forward_den(Z, n)
    if len(pivots) < n:
        raise SingularMatrixError(f"{name}: matrix is singular (rank {len(pivots)} < {n}); "
                                  "it has no inverse")
    X = back_substitute_den(U, pivots, values, np.arange(n, n + k))
    den = int(values[-1])
    return [[Fraction(int(x), den) for x in row] for row in X.tolist()]


def _float_solve_many(M: np.ndarray, B: np.ndarray, name: str) -> np.ndarray:
    n = M.shape[0]
    aug = np.concatenate([M, B.astype(M.dtype, copy=False)], axis=1)
    R, pivots, _ = textbook_float(aug, reduced=True, record=False)
    if len(pivots) < n or pivots[n - 1] != n - 1:
        raise SingularMatrixError(f"{name}: matrix is singular to working precision "
                                  f"(tolerance {float_tolerance(M):.3g}); it has no inverse")
    return R[:, n:]


def inverse(A: Any, *, exact: bool | None = None) -> Any:
    """The inverse by Gauss–Jordan elimination on ``[A | I]`` (MML §2.3.4).

    .. math:: [A \\mid I] \\rightsquigarrow [I \\mid A^{-1}]

    Raises ``SingularMatrixError`` when ``A`` is singular. See :func:`inverse_steps`
    for the row operations.

    >>> print(inverse([[1, 2], [3, 4]]))
    [ -2    1]
    [3/2 -1/2]
    """
    Z = integer_array(A) if exact is not False else None
    if Z is not None and Z.shape[0] == Z.shape[1] and Z.shape[0] > 0:
        n = Z.shape[0]
        aug = np.concatenate([Z, np.eye(n, dtype=np.int64).astype(object)], axis=1)
        return ExactMatrix._trusted(_int_solve_many(aug, n, "A"), (n, n))
    M = as_system_matrix(A, exact)
    _square(M)
    n = M.shape[0]
    if isinstance(M, ExactMatrix):
        if n == 0:
            return ExactMatrix.zeros(0, 0)
        eye = ExactMatrix.identity(n)._rows
        return ExactMatrix._trusted(_exact_solve_many(M, eye, "A"), (n, n))
    return _float_solve_many(M, np.eye(n, dtype=M.dtype), "A")


def inverse_steps(A: Any, *, exact: bool | None = None) -> EliminationResult:
    """Gauss–Jordan on ``[A | I]`` with the row operations; ``.matrix`` is ``[I | A^{-1}]``.

    >>> r = inverse_steps([[2, 0], [0, 4]])
    >>> [str(op) for op in r.steps]
    ['R1 <- 1/2 R1', 'R2 <- 1/4 R2']
    """
    M = as_system_matrix(A, exact)
    _square(M)
    n = M.shape[0]
    if isinstance(M, ExactMatrix):
        eye = ExactMatrix.identity(n)._rows
        rows = [list(r) + e for r, e in zip(M._rows, eye)]
        shape = (n, 2 * n)
        R, pivots, steps = textbook_exact(rows, shape, True)
        result = EliminationResult(ExactMatrix._trusted(R, shape), tuple(pivots), True,
                                   lambda: steps)
    else:
        aug = np.concatenate([M, np.eye(n, dtype=M.dtype)], axis=1)
        R, pivots, steps = textbook_float(aug, True)
        result = EliminationResult(R, tuple(pivots), False, lambda: steps)
    if tuple(pivots[:n]) != tuple(range(n)):
        raise SingularMatrixError(f"A: matrix is singular (rank {sum(p < n for p in pivots)} "
                                  f"< {n}); it has no inverse")
    return result


def _det_float(M: np.ndarray) -> float:
    """Product of the pivots of partial-pivoting elimination, times the swaps' sign."""
    U = M.copy()
    n = U.shape[0]
    det = 1.0
    for k in range(n):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if U[p, k] == 0:
            return 0.0
        if p != k:
            U[[k, p]] = U[[p, k]]
            det = -det
        det *= U[k, k]
        if k + 1 < n:
            U[k + 1:, k + 1:] -= np.outer(U[k + 1:, k] / U[k, k], U[k, k + 1:])
    return float(det)


def determinant(A: Any, *, exact: bool | None = None) -> Any:
    """``det(A)`` by elimination (MML §4.1): exact Fraction for exact input.

    .. math:: \\det(A) = (-1)^{s} \\prod_i u_{ii}

    >>> determinant([[1, 2], [3, 4]])
    Fraction(-2, 1)
    >>> determinant([[1.0, 2.0], [3.0, 4.0]])
    -2.0
    """
    Z = integer_array(A) if exact is not False else None
    if Z is not None and Z.shape[0] == Z.shape[1]:
        return Fraction(det_int(Z))
    M = as_system_matrix(A, exact)
    _square(M)
    if isinstance(M, ExactMatrix):
        Z, scales = integer_rows(M._rows)
        return Fraction(det_int(Z), int(np.prod(np.array(scales, dtype=object))))
    return _det_float(M)


@dataclass(frozen=True)
class LaplaceExpansion:
    """``det(A) = sum_j (-1)^(i+j) a_ij det(A_ij)`` along row ``row`` (MML eq. (4.12))."""

    value: Any
    row: int
    terms: list[tuple[int, int, Any, Any, Any]]  # (column, sign, entry, minor, minor det)

    def __str__(self) -> str:
        from ..render.text import format_laplace

        return format_laplace(self)


def laplace_expansion(A: Any, row: int = 0, *, exact: bool | None = None) -> LaplaceExpansion:
    """Expand ``det(A)`` along one row, showing every cofactor term.

    >>> print(laplace_expansion([[1, 2, 3], [3, 1, 2], [0, 0, 1]]))
    det = +1*det([[1, 2], [0, 1]]) - 2*det([[3, 2], [0, 1]]) + 3*det([[3, 1], [0, 0]])
        = +1*1 - 2*3 + 3*0
        = -5
    """
    M = as_system_matrix(A, exact)
    _square(M)
    n = M.shape[0]
    if not 0 <= row < max(n, 1):
        raise ShapeError(f"row: must be in [0, {n - 1}], got {row}")
    rows = M.tolist()
    terms, total = [], Fraction(0) if isinstance(M, ExactMatrix) else 0.0
    for j in range(n):
        minor = [r[:j] + r[j + 1:] for i, r in enumerate(rows) if i != row]
        sub = (ExactMatrix._trusted(minor, (n - 1, n - 1)) if isinstance(M, ExactMatrix)
               else np.asarray(minor, dtype=M.dtype).reshape(n - 1, n - 1))
        d = determinant(sub, exact=isinstance(M, ExactMatrix))
        sign = -1 if (row + j) % 2 else 1
        terms.append((j, sign, rows[row][j], sub, d))
        total += sign * rows[row][j] * d
    if n == 0:
        total = Fraction(1) if isinstance(M, ExactMatrix) else 1.0
    return LaplaceExpansion(total, row, terms)


def change_of_basis(A: Any, B_in: Any, C_out: Any, *, exact: bool | None = None) -> Any:
    """Matrix of the map ``A`` with respect to new bases (MML eq. (2.105)).

    .. math:: \\tilde A = C^{-1} A B

    The columns of ``B_in`` are the new basis of the domain, those of ``C_out``
    the new basis of the codomain.

    >>> print(change_of_basis([[2, 1], [1, 2]], [[1, 1], [1, -1]], [[1, 1], [1, -1]]))
    [3 0]
    [0 1]
    """
    if exact is None:
        exact = all(is_exact_input(x) for x in (A, B_in, C_out))
    Am = as_system_matrix(A, exact, "A")
    B = as_system_matrix(B_in, exact, "B_in")
    C = as_system_matrix(C_out, exact, "C_out")
    _square(B, "B_in")
    _square(C, "C_out")
    if Am.shape != (C.shape[0], B.shape[0]):
        raise ShapeError(f"change_of_basis: A has shape {Am.shape}, but B_in is {B.shape} and "
                         f"C_out is {C.shape}; A must be {(C.shape[0], B.shape[0])}")
    AB = Am @ B
    if isinstance(C, ExactMatrix):
        n = C.shape[0]
        return ExactMatrix._trusted(_exact_solve_many(C, AB._rows, "C_out"), (n, AB.shape[1]))
    return _float_solve_many(C, AB, "C_out")


def coordinates(v: Any, basis: Sequence[Any], *, exact: bool | None = None) -> Any:
    """Coordinates of ``v`` in an (ordered) basis: the ``c`` with ``sum_i c_i b_i = v``.

    >>> coordinates([3, 1], [[1, 1], [1, -1]]).tolist()
    [Fraction(2, 1), Fraction(1, 1)]
    """
    if exact is None:
        exact = is_exact_input(v) and all(is_exact_input(b) for b in basis)
    B = _stack_columns(basis, exact, "basis")
    if rank(B) != B.shape[1]:
        raise SingularMatrixError("basis: the vectors are linearly dependent; not a basis")
    x = to_exact(v, "v") if exact else np.asarray(as_system_matrix([v], False, "v"))[0]
    if x.shape != (B.shape[0],):
        raise ShapeError(f"v: expected shape ({B.shape[0]},), got {x.shape}")
    from .systems import solve_system

    sol = solve_system(B, x, exact=exact)
    if sol.kind == "none":
        raise ShapeError("v: not in the span of the basis vectors")
    return sol.particular
