"""Gaussian and Gauss–Jordan elimination, exact and float, with the steps as data (MML §2.3).

Two paths share one interface. The *fast* path computes the result: for exact
input it scales rows to integers and runs fraction-free (Bareiss) elimination
(:mod:`mmlkit.exact.kernels`); for float input a vectorised partial-pivoting
elimination. The *textbook* path replays the elimination one row operation at
a time and records each :class:`~mmlkit.linalg.steps.RowOp`; it runs only
when ``.steps`` is first read, and yields the same matrix (the RREF is unique).

Float tolerance
---------------
On the float path an entry is treated as zero when
``|x| <= max(m, n) * eps * max(1, max|A|)`` (``eps`` of the dtype), the rule
NumPy's ``matrix_rank`` uses with the largest entry in place of the largest
singular value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import as_matrix
from ..errors import ShapeError
from ..exact import ExactMatrix, is_exact_input, to_exact
from ..exact.kernels import (
    back_substitute_den,
    forward_den,
    integer_array,
    integer_rows,
    rank_mod_p,
)
from .steps import RowOp

__all__ = ["EliminationResult", "ref", "rref", "as_system_matrix", "float_tolerance",
           "minus_one_basis"]

_ZERO, _ONE = Fraction(0), Fraction(1)


@dataclass
class EliminationResult:
    """The outcome of an elimination.

    Attributes
    ----------
    matrix : ExactMatrix or ndarray
        The (reduced) row-echelon form.
    pivots : tuple of int
        Column index of each pivot, in row order.
    steps : list of RowOp
        The row operations, computed on first access.
    exact : bool
        Whether the computation was exact (Fractions) or float.
    """

    matrix: Any
    pivots: tuple[int, ...]
    exact: bool
    _make_steps: Callable[[], list[RowOp]] = field(repr=False)
    _steps: list[RowOp] | None = field(default=None, repr=False)

    @property
    def steps(self) -> list[RowOp]:
        if self._steps is None:
            self._steps = self._make_steps()
        return self._steps

    @property
    def rank(self) -> int:
        return len(self.pivots)

    def __str__(self) -> str:
        from ..render.text import format_matrix

        return format_matrix(_rows_of(self.matrix))

    def to_latex(self, steps: bool = False) -> str:
        """The final matrix as a ``bmatrix``; with ``steps``, every operation and snapshot."""
        from ..render.latex import matrix_latex

        if not steps:
            return matrix_latex(_rows_of(self.matrix))
        lines = [f"{op.to_latex()} &: {matrix_latex(_rows_of(op.after))} \\\\"
                 for op in self.steps]
        return "\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}"


def _rows_of(M: Any) -> list[list[Any]]:
    return M.tolist() if isinstance(M, ExactMatrix) else np.asarray(M).tolist()


def as_system_matrix(A: Any, exact: bool | None, name: str = "A") -> ExactMatrix | np.ndarray:
    """Resolve the ``exact`` flag (see API.md) and return an ExactMatrix or a float ndarray."""
    if exact is None:
        exact = is_exact_input(A)
    if exact:
        M = to_exact(A, name)
        if not isinstance(M, ExactMatrix):
            raise ShapeError(f"{name}: expected a 2-D matrix, got shape {M.shape}")
        return M
    return as_matrix(A, name)


def float_tolerance(A: np.ndarray) -> float:
    """Zero threshold of the float path (see the module docstring)."""
    m, n = A.shape
    big = float(np.max(np.abs(A))) if A.size else 0.0
    return max(m, n, 1) * float(np.finfo(A.dtype).eps) * max(1.0, big)


def minus_one_basis(pivots: list[int], n: int, get: Callable[[int, int], Any],
                    zero: Any, one: Any) -> list[list[Any]]:
    """Basis of the kernel read off an RREF by the Minus-1 trick (MML §2.3.3).

    Each non-pivot column ``f`` gives ``x_f = 1`` and ``x_p = -R[row(p), f]`` for
    the pivot variables; ``get(i, j)`` reads entry ``(i, j)`` of the RREF.
    """
    basis = []
    for f in (c for c in range(n) if c not in pivots):
        v = [zero] * n
        v[f] = one
        for i, p in enumerate(pivots):
            v[p] = -get(i, f)
        basis.append(v)
    return basis


# ----------------------------------------------------------------------------- exact
def exact_rref_rows(rows: list[list[Fraction]], shape: tuple[int, int]
                    ) -> tuple[list[list[Fraction]], list[int]]:
    """Fast exact RREF: fraction-free forward pass, back substitution on free columns only."""
    m, n = shape
    if m == 0 or n == 0:
        return [[_ZERO] * n for _ in range(m)], []
    return exact_rref_int(integer_rows(rows)[0])


def exact_rref_int(M: np.ndarray) -> tuple[list[list[Fraction]], list[int]]:
    """RREF of an integer object array (row scaling does not change the RREF)."""
    m, n = M.shape
    if m == 0 or n == 0:
        return [[_ZERO] * n for _ in range(m)], []
    if m == n and rank_mod_p(M) == n:  # certified invertible: the RREF is the identity
        return ExactMatrix.identity(n)._rows, list(range(n))
    U, pivots, values, _ = forward_den(M)
    free = np.array([c for c in range(n) if c not in set(pivots)], dtype=int)
    X = back_substitute_den(U, pivots, values, free)
    den = values[-1] if values else 1
    out = [[_ZERO] * n for _ in range(m)]
    for i, p in enumerate(pivots):
        row = out[i]
        row[p] = _ONE
        for c, x in zip(free.tolist(), X[i].tolist()):
            if x:
                row[c] = Fraction(int(x), int(den))
    return out, pivots


def textbook_exact(rows: list[list[Fraction]], shape: tuple[int, int], reduced: bool,
                   record: bool = True) -> tuple[list[list[Fraction]], list[int], list[RowOp]]:
    """Row operations one at a time on Fractions: first nonzero pivot, as done by hand."""
    R = [list(r) for r in rows]
    m, n = shape
    steps: list[RowOp] = []
    pivots: list[int] = []

    def note(kind: str, i: int, j: int | None, f: Any) -> None:
        if record:
            steps.append(RowOp(kind, i, j, f, ExactMatrix._trusted([list(r) for r in R], shape)))

    i = 0
    for j in range(n):
        if i == m:
            break
        p = next((k for k in range(i, m) if R[k][j] != 0), None)
        if p is None:
            continue
        if p != i:
            R[i], R[p] = R[p], R[i]
            note("swap", i, p, None)
        if reduced and R[i][j] != 1:
            f = 1 / R[i][j]
            R[i] = [f * x for x in R[i]]
            note("scale", i, None, f)
        for k in range(m) if reduced else range(i + 1, m):
            if k != i and R[k][j] != 0:
                f = -R[k][j] / R[i][j]
                R[k] = [a + f * b for a, b in zip(R[k], R[i])]
                note("add", k, i, f)
        pivots.append(j)
        i += 1
    return R, pivots, steps


# ----------------------------------------------------------------------------- float
def textbook_float(A: np.ndarray, reduced: bool, record: bool = True
                   ) -> tuple[np.ndarray, list[int], list[RowOp]]:
    """Partial pivoting (largest |entry|) elimination on floats; rows updated as arrays."""
    R = A.copy()
    m, n = R.shape
    tol = float_tolerance(A)
    steps: list[RowOp] = []
    pivots: list[int] = []

    def note(kind: str, i: int, j: int | None, f: Any) -> None:
        if record:
            steps.append(RowOp(kind, i, j, f, R.copy()))

    i = 0
    for j in range(n):
        if i == m:
            break
        col = np.abs(R[i:, j])
        p = i + int(np.argmax(col))
        if col[p - i] <= tol:
            R[i:, j] = 0.0
            continue
        if p != i:
            R[[i, p]] = R[[p, i]]
            note("swap", i, p, None)
        if reduced and R[i, j] != 1.0:
            f = 1.0 / R[i, j]
            R[i] *= f
            R[i, j] = 1.0
            note("scale", i, None, float(f))
        if record:
            rows = np.r_[0:i, i + 1:m] if reduced else np.arange(i + 1, m)
            for k, f in zip(rows.tolist(), (-R[rows, j] / R[i, j]).tolist()):
                if f != 0.0:
                    R[k] += f * R[i]
                    R[k, j] = 0.0
                    note("add", k, i, f)
        else:  # one rank-1 update on a view; row i is zero left of column j
            top = 0 if reduced else i + 1
            factors = R[top:, j] / R[i, j]
            if reduced:
                factors[i] = 0.0
            R[top:, j:] -= np.outer(factors, R[i, j:])
            R[top:i, j] = 0.0
            R[i + 1:, j] = 0.0
        pivots.append(j)
        i += 1
    R[np.abs(R) <= tol] = 0.0
    return R, pivots, steps


# ----------------------------------------------------------------------------- public
def fraction_rows(Z: np.ndarray) -> list[list[Fraction]]:
    """An integer object array as rows of Fractions."""
    return [[Fraction(x) for x in r] for r in Z.tolist()]


def _eliminate(A: Any, exact: bool | None, reduced: bool) -> EliminationResult:
    Z = integer_array(A) if exact is not False and reduced else None
    if Z is not None:  # integer input: straight to the fraction-free kernel
        out, pivots = exact_rref_int(Z)
        return EliminationResult(ExactMatrix._trusted(out, Z.shape), tuple(pivots), True,
                                 lambda: textbook_exact(fraction_rows(Z), Z.shape, True)[2])
    M = as_system_matrix(A, exact)
    if isinstance(M, ExactMatrix):
        rows, shape = M._rows, M.shape
        if reduced:
            out, pivots = exact_rref_rows(rows, shape)
        else:
            out, pivots, _ = textbook_exact(rows, shape, reduced=False, record=False)
        return EliminationResult(ExactMatrix._trusted(out, shape), tuple(pivots), True,
                                 lambda: textbook_exact(rows, shape, reduced)[2])
    out, pivots, _ = textbook_float(M, reduced, record=False)
    return EliminationResult(out, tuple(pivots), False, lambda: textbook_float(M, reduced)[2])


def rref(A: Any, *, exact: bool | None = None) -> EliminationResult:
    """Reduced row-echelon form by Gauss–Jordan elimination (MML §2.3.2).

    .. math:: \\mathrm{rref}(A) = E_k \\cdots E_1 A

    Parameters
    ----------
    A : array_like of shape (m, n)
        Ints, Fractions or number strings compute exactly (``exact=None``);
        ``exact=True`` converts floats exactly, ``exact=False`` forces floats.

    Returns
    -------
    EliminationResult
        ``.matrix``, ``.pivots`` and ``.steps`` (the row operations).

    Examples
    --------
    >>> r = rref([[1, 2, 3], [4, 5, 6]])
    >>> print(r.matrix)
    [1 0 -1]
    [0 1  2]
    >>> r.pivots
    (0, 1)
    >>> print(r.steps[0])
    R2 <- R2 - 4 R1
    """
    return _eliminate(A, exact, reduced=True)


def ref(A: Any, *, exact: bool | None = None) -> EliminationResult:
    """Row-echelon form by Gaussian elimination (pivots are not scaled to 1).

    Examples
    --------
    >>> print(ref([[2, 4], [1, 3]]).matrix)
    [2 4]
    [0 1]
    """
    return _eliminate(A, exact, reduced=False)
