"""Exact elimination against SymPy 1.14; float solve against numpy.linalg.solve.

SymPy's side is timed on a prebuilt ``sympy.Matrix``; ours starts from the
plain list of lists a user would pass (conversion included).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import sympy

from mmlkit import linalg

from ._harness import Case

TITLE = "Linear systems (mmlkit.linalg) — exact vs SymPy, float vs NumPy"


def _int_matrix(n: int, seed: int) -> list[list[int]]:
    return np.random.default_rng(seed).integers(-99, 100, size=(n, n)).tolist()


def cases() -> Iterator[Case]:
    for n in (20, 50, 100):
        A = _int_matrix(n, n)
        b = np.random.default_rng(n + 1).integers(-99, 100, size=n).tolist()
        S, Sb = sympy.Matrix(A), sympy.Matrix(b)
        yield Case(f"exact rref n={n}", lambda A=A: linalg.rref(A),
                   lambda S=S: S.rref(), "sympy Matrix.rref", target=1.0)
        yield Case(f"exact determinant n={n}", lambda A=A: linalg.determinant(A),
                   lambda S=S: S.det(), "sympy Matrix.det", target=1.0)
        yield Case(f"exact inverse n={n}", lambda A=A: linalg.inverse(A),
                   lambda S=S: S.inv(), "sympy Matrix.inv", target=1.0)
        yield Case(f"exact solve_system n={n}", lambda A=A, b=b: linalg.solve_system(A, b),
                   lambda S=S, Sb=Sb: S.gauss_jordan_solve(Sb),
                   "sympy Matrix.gauss_jordan_solve", target=1.0)
    for n in (10, 100, 500):
        rng = np.random.default_rng(n)
        A = rng.standard_normal((n, n))
        b = rng.standard_normal(n)
        yield Case(f"float solve_system n={n}",
                   lambda A=A, b=b: linalg.solve_system(A, b, exact=False),
                   lambda A=A, b=b: np.linalg.solve(A, b), "numpy.linalg.solve",
                   note="Gauss-Jordan with partial pivoting, vectorised per pivot")
