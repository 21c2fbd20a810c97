"""Solving ``A x = b``: unique, infinitely many or no solutions (MML §2.3).

The general solution is a particular solution (free variables set to zero)
plus any combination of a basis of ``ker(A)``, read off the reduced row-echelon
form of ``[A | b]`` with the "Minus-1 trick" (MML §2.3.3): each free column
``f`` gives the kernel vector with ``x_f = 1`` and ``x_p = -R[row(p), f]``
for the pivot variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputTypeError, ShapeError
from ..exact import ExactMatrix, ExactVector, is_exact_input, to_exact
from ..exact.kernels import integer_array
from .elimination import (
    EliminationResult,
    as_system_matrix,
    exact_rref_int,
    exact_rref_rows,
    float_tolerance,
    fraction_rows,
    minus_one_basis,
    textbook_exact,
    textbook_float,
)
from .parse import LinearSystem, parse_system
from .steps import RowOp

__all__ = ["SolutionSet", "solve_system", "parameter_names"]


def parameter_names(k: int) -> list[str]:
    """Names of free parameters: ``t``; or ``t1, t2, ...`` when there are several."""
    return ["t"] if k == 1 else [f"t{i + 1}" for i in range(k)]


@dataclass
class SolutionSet:
    """All solutions of ``A x = b``.

    Attributes
    ----------
    kind : {"unique", "infinite", "none"}
    particular : ExactVector or ndarray or None
        A solution with the free variables at zero; None when ``kind == "none"``.
    homogeneous : list of vectors
        A basis of ``ker(A)`` (empty for "unique").
    free_variables : tuple
        Names of the free variables (or column indices when none were given).
    rank : int
        Rank of ``A``.
    variables : tuple
        Names (or indices) of all unknowns.
    inconsistent_row : int or None
        For "none", the row of the row-echelon form of ``[A | b]`` that reads ``0 = c``.
    contradiction : Fraction or float or None
        That ``c`` (nonzero).
    exact : bool
    """

    kind: str
    particular: Any
    homogeneous: list[Any]
    free_variables: tuple[Any, ...]
    rank: int
    variables: tuple[Any, ...]
    exact: bool
    reduced: Any = field(repr=False)            # rref of [A | b]
    inconsistent_row: int | None = None
    contradiction: Any = None
    _elimination: EliminationResult | None = field(default=None, repr=False)

    @property
    def steps(self) -> list[RowOp]:
        """The row operations that reduce ``[A | b]`` (computed on first access)."""
        return self._elimination.steps if self._elimination is not None else []

    def general_solution(self) -> list[tuple[Any, Any]]:
        """``[(name, text)]``: each unknown as particular + parameters, e.g. ``5/2 - 2t``."""
        from ..render.text import format_linear_combination

        if self.kind == "none":
            return []
        params = parameter_names(len(self.homogeneous))
        part = list(self.particular)
        out = []
        for i, v in enumerate(self.variables):
            terms = [(h[i], p) for h, p in zip(self.homogeneous, params)]
            out.append((v, format_linear_combination(part[i], terms)))
        return out

    def __str__(self) -> str:
        from ..render.text import format_solution

        return format_solution(self)

    def to_latex(self) -> str:
        from ..render.latex import solution_latex

        return solution_latex(self)

    def to_dict(self) -> dict[str, Any]:
        from ..render.json import solution_dict

        return solution_dict(self)


def _coerce(system_or_A: Any, b: Any) -> tuple[Any, Any, tuple[Any, ...] | None]:
    if isinstance(system_or_A, str) or (
            isinstance(system_or_A, list | tuple) and system_or_A
            and all(isinstance(s, str) for s in system_or_A)
            and not is_exact_input(system_or_A)):
        if b is not None:
            raise InputTypeError("solve_system: give either equations as text or (A, b), not both")
        system_or_A = parse_system(system_or_A)
    if isinstance(system_or_A, LinearSystem):
        return system_or_A.A, system_or_A.b, system_or_A.variables
    if b is None:
        raise InputTypeError("solve_system: missing b; call solve_system(A, b) or pass equations")
    return system_or_A, b, None


def solve_system(system_or_A: Any, b: Any = None, *, exact: bool | None = None) -> SolutionSet:
    """Solve a linear system exactly (Fractions) or in floating point.

    .. math:: \\{x : A x = b\\} = x_p + \\ker(A)

    Parameters
    ----------
    system_or_A : LinearSystem, str, sequence of str, or array_like of shape (m, n)
        Equations as text (see :func:`parse_system`) or the matrix ``A``.
    b : array_like of shape (m,), optional
        Right-hand side when ``A`` is given as a matrix.
    exact : bool or None
        None: exact when every entry is an int, Fraction or number string.

    Returns
    -------
    SolutionSet

    Examples
    --------
    >>> s = solve_system("3x + y = 9; 4x - 2y = 5")
    >>> s.kind, s.particular.tolist()
    ('unique', [Fraction(23, 10), Fraction(21, 10)])
    >>> print(solve_system("2x + 4y = 5"))
    infinitely many solutions (1 free variable: y)
      x = 5/2 - 2t
      y = t
    >>> solve_system([[1, 1], [1, 1]], [1, 2]).kind
    'none'
    """
    A, rhs, names = _coerce(system_or_A, b)
    if exact is not False:  # integer input goes straight to the fraction-free kernel
        ZA = integer_array(A)
        zb = integer_array([rhs]) if ZA is not None else None
        if ZA is not None and zb is not None and zb.shape == (1, ZA.shape[0]):
            m, n = ZA.shape
            Z = np.concatenate([ZA, zb.T], axis=1)
            return _solve_exact_rows(None, (m, n + 1), Z, names or tuple(range(n)))
    use_exact = exact if exact is not None else (is_exact_input(A) and is_exact_input(rhs))
    M = as_system_matrix(A, use_exact, "A")
    vec = to_exact(rhs, "b") if use_exact else np.asarray(as_system_matrix([rhs], False, "b"))[0]
    if getattr(vec, "ndim", len(vec.shape)) != 1:
        raise ShapeError(f"b: expected a 1-D vector, got shape {vec.shape}")
    m, n = M.shape
    if vec.shape[0] != m:
        raise ShapeError(f"b: A has {m} rows but b has {vec.shape[0]} entries; they must match")
    if names is None:
        names = tuple(range(n))
    if isinstance(M, ExactMatrix):
        return _solve_exact(M, vec, names)
    return _solve_float(M, vec, names)


def _assemble(pivots: list[int], n: int, zero: Any, one: Any, get: Any
              ) -> tuple[str, Any, list[list[Any]], list[int], int | None]:
    """Shared read-out of ``rref([A | b])``: kind, particular, kernel basis, free columns."""
    r = len(pivots)
    if r and pivots[-1] == n:  # a pivot in the b column: the row reads 0 = 1
        return "none", None, [], [c for c in range(n) if c not in pivots[:-1]], r - 1
    free = [c for c in range(n) if c not in pivots]
    part = [zero] * n
    for i, p in enumerate(pivots):
        part[p] = get(i, n)
    basis = minus_one_basis(pivots, n, get, zero, one)
    return ("unique" if not free else "infinite"), part, basis, free, None


def _solve_exact(M: ExactMatrix, vec: ExactVector, names: tuple[Any, ...]) -> SolutionSet:
    m, n = M.shape
    rows = [list(r) + [q] for r, q in zip(M._rows, vec._entries)]
    return _solve_exact_rows(rows, (m, n + 1), None, names)


def _solve_exact_rows(rows: list[list[Fraction]] | None, shape: tuple[int, int],
                      Z: np.ndarray | None, names: tuple[Any, ...]) -> SolutionSet:
    """Read the solution set off ``rref([A | b])``; ``Z`` is the integer fast path."""
    n = shape[1] - 1
    if Z is not None:
        R, pivots = exact_rref_int(Z)
    else:
        R, pivots = exact_rref_rows(rows, shape)
    source = (lambda: rows) if rows is not None else (lambda: fraction_rows(Z))
    zero, one = Fraction(0), Fraction(1)
    kind, part, basis, free, bad = _assemble(pivots, n, zero, one, lambda i, j: R[i][j])
    elim = EliminationResult(ExactMatrix._trusted(R, shape), tuple(pivots), True,
                             lambda: textbook_exact(source(), shape, True)[2])
    rank = len(pivots) - (1 if kind == "none" else 0)
    c = None
    if kind == "none":  # the row of the echelon form that reads 0 = c, c as elimination finds it
        E = textbook_exact(source(), shape, False, record=False)[0]
        bad = next(i for i, r in enumerate(E) if not any(r[:n]) and r[n] != 0)
        c = E[bad][n]
    return SolutionSet(
        kind, None if part is None else ExactVector._trusted(part),
        [ExactVector._trusted(v) for v in basis], tuple(names[f] for f in free), rank,
        names, True, elim.matrix, bad, c, elim)


def _solve_float(M: np.ndarray, vec: np.ndarray, names: tuple[Any, ...]) -> SolutionSet:
    aug = np.column_stack([M, vec.astype(M.dtype)])
    R, pivots, _ = textbook_float(aug, reduced=True, record=False)
    # rank of A itself decides consistency with the tolerance of A, not of [A | b]
    tol = float_tolerance(M)
    if pivots and pivots[-1] == M.shape[1] and abs(R[len(pivots) - 1, -1]) <= tol:
        pivots = pivots[:-1]
    kind, part, basis, free, bad = _assemble(pivots, M.shape[1], 0.0, 1.0,
                                            lambda i, j: float(R[i, j]))
    elim = EliminationResult(R, tuple(pivots), False,
                             lambda: textbook_float(aug, True)[2])
    rank = len(pivots) - (1 if kind == "none" else 0)
    c = None
    if kind == "none":
        E = textbook_float(aug, False, record=False)[0]
        bad = next(i for i, r in enumerate(E) if not r[:-1].any() and r[-1] != 0)
        c = float(E[bad, -1])
    dt = M.dtype
    return SolutionSet(
        kind, None if part is None else np.asarray(part, dtype=dt),
        [np.asarray(v, dtype=dt) for v in basis], tuple(names[f] for f in free), rank,
        names, False, R, bad, c, elim)
