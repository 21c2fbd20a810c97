"""Exact elimination against SymPy (DomainMatrix over QQ) on random systems up to 8x8."""

from __future__ import annotations

from fractions import Fraction

import pytest
from _strategies import dm, dm_rows, matrices, rationals, small_ints
from hypothesis import given, settings
from hypothesis import strategies as st

from mmlkit import linalg
from mmlkit.errors import SingularMatrixError

ENTRIES = st.one_of(st.just(small_ints), st.just(rationals))


@st.composite
def systems(draw):
    entries = draw(ENTRIES)
    A = draw(matrices(entries))
    b = [draw(entries) for _ in range(len(A))]
    if draw(st.booleans()):  # consistent by construction: b = A x0
        x0 = [draw(small_ints) for _ in range(len(A[0]))]
        b = [sum(Fraction(a) * x for a, x in zip(row, x0)) for row in A]
    return A, b


def _same_span(vs: list[list[Fraction]], ws: list[list[Fraction]]) -> bool:
    """Equal dimension, and each set in the span of the other."""
    if len(vs) != len(ws):
        return False
    if not vs:
        return True
    return dm(vs).rank() == dm(ws).rank() == dm(vs + ws).rank() == len(vs)


def _columns(M) -> list[list[Fraction]]:
    return [list(c) for c in zip(*dm_rows(M))]


def _matvec(A, x):
    return [sum(Fraction(a) * xi for a, xi in zip(row, x)) for row in A]


@given(systems())
@settings(max_examples=80)
def test_solve_system_matches_sympy(data):
    A, b = data
    SA = dm(A)
    r, r_aug = SA.rank(), dm([row + [v] for row, v in zip(A, b)]).rank()
    n = len(A[0])
    expected = "none" if r_aug > r else ("unique" if r == n else "infinite")
    sol = linalg.solve_system(A, b)
    assert sol.kind == expected
    assert sol.rank == r
    if expected == "none":
        assert sol.particular is None and sol.contradiction != 0
        return
    x = sol.particular.tolist()
    assert _matvec(A, x) == [Fraction(v) for v in b]          # A @ particular == b exactly
    assert all(x[j] == 0 for j, v in enumerate(range(n)) if v in sol.free_variables)
    kernel = [v.tolist() for v in sol.homogeneous]
    assert all(not any(_matvec(A, v)) for v in kernel)
    assert _same_span(kernel, dm_rows(SA.nullspace()) if n - r else [])
    assert len(sol.free_variables) == n - r


@given(matrices(st.one_of(small_ints, rationals)))
@settings(max_examples=80)
def test_rref_rank_nullspace_colspace(A):
    S = dm(A)
    R, piv = S.rref()
    ours = linalg.rref(A)
    assert ours.matrix.tolist() == dm_rows(R)
    assert ours.pivots == tuple(piv)
    assert linalg.rank(A) == S.rank()
    null = dm_rows(S.nullspace()) if S.rank() < len(A[0]) else []
    assert _same_span([v.tolist() for v in linalg.nullspace(A)], null)
    assert _same_span([v.tolist() for v in linalg.column_space(A)], _columns(S.columnspace()))


@given(matrices(st.one_of(small_ints, rationals)))
@settings(max_examples=40)
def test_rref_steps_replay_to_the_same_matrix(A):
    """The recorded row operations, replayed on A, give the RREF; snapshots chain."""
    r = linalg.rref(A)
    M = [[Fraction(x) for x in row] for row in A]
    for op in r.steps:
        if op.kind == "swap":
            M[op.i], M[op.j] = M[op.j], M[op.i]
        elif op.kind == "scale":
            assert op.factor != 0
            M[op.i] = [op.factor * x for x in M[op.i]]
        else:
            assert op.i != op.j
            M[op.i] = [x + op.factor * y for x, y in zip(M[op.i], M[op.j])]
        assert op.after.tolist() == M
    assert M == r.matrix.tolist()


@given(matrices(st.one_of(small_ints, rationals), square=True))
@settings(max_examples=80)
def test_determinant_and_inverse(A):
    S = dm(A)
    det = linalg.determinant(A)
    assert isinstance(det, Fraction)
    d = S.det()
    assert det == Fraction(int(d.numerator), int(d.denominator))
    if det == 0:
        with pytest.raises(SingularMatrixError):
            linalg.inverse(A)
        return
    expected = dm_rows(S.inv())
    assert linalg.inverse(A).tolist() == expected
    assert linalg.inverse_steps(A).matrix[:, len(A):].tolist() == expected


@given(matrices(st.one_of(small_ints, rationals)))
@settings(max_examples=40)
def test_ref_is_row_echelon_and_row_equivalent(A):
    E = linalg.ref(A).matrix.tolist()
    lead = -1
    for row in E:
        nz = [j for j, x in enumerate(row) if x != 0]
        if not nz:
            lead = len(row)  # zero rows only at the bottom
            continue
        assert nz[0] > lead
        lead = nz[0]
    assert dm(E).rref()[0] == dm(A).rref()[0]


@given(matrices(small_ints, max_side=5), st.data())
@settings(max_examples=40)
def test_independence_and_coordinates(A, data):
    vectors = [list(c) for c in zip(*A)]  # the columns of A
    independent = dm(A).rank() == len(vectors)
    assert linalg.is_linearly_independent(vectors) == independent
    if independent and len(A) == len(vectors):
        c = [data.draw(small_ints) for _ in vectors]
        v = _matvec(A, c)
        assert linalg.coordinates(v, vectors).tolist() == c


def test_book_examples():
    # MML Example 2.6: solvable only for a = -1 in the last equation
    A = [[-2, 4, -2, -1, 4], [4, -8, 3, -3, 1], [1, -2, 1, -1, 1], [1, -2, 0, -3, 4]]
    assert linalg.solve_system(A, [-3, 2, 0, -2]).kind == "none"
    sol = linalg.solve_system(A, [-3, 2, 0, -1])
    assert sol.kind == "infinite"
    assert sol.particular.tolist() == [2, 0, -1, 1, 0]  # MML eq. (2.48)
    assert [v.tolist() for v in sol.homogeneous] == [[2, 1, 0, 0, 0], [2, 0, -1, 2, 1]]
    # MML Example 2.9: inverse by Gauss-Jordan
    A = [[1, 0, 2, 0], [1, 1, 0, 0], [1, 2, 0, 1], [1, 1, 1, 1]]
    expected = [[-1, 2, -2, 2], [1, -1, 2, -2], [1, -1, 1, -1], [-1, 0, -1, 2]]
    assert linalg.inverse(A).tolist() == expected
    # MML Example 2.14: x1, x2, x3 linearly independent
    assert linalg.is_linearly_independent([[1, 2, -3, 4], [1, 1, 0, 2], [-1, -2, 1, 1]])
    # The course's opening problems
    assert linalg.solve_system("3x + y = 9; 4x - 2y = 5").particular.tolist() == [
        Fraction(23, 10), Fraction(21, 10)]
    s = linalg.solve_system("2x + 4y = 5")
    assert dict(s.general_solution()) == {"x": "5/2 - 2t", "y": "t"}


def test_empty_and_degenerate_shapes():
    import numpy as np

    empty = np.zeros((0, 0), dtype=int)
    assert linalg.determinant(empty) == 1          # the empty product
    assert linalg.inverse(empty).shape == (0, 0)
    assert linalg.rank(empty) == 0
    assert linalg.rref(np.zeros((2, 0), dtype=int)).pivots == ()
    zero = [[0, 0], [0, 0]]
    assert linalg.rank(zero) == 0
    assert [v.tolist() for v in linalg.nullspace(zero)] == [[1, 0], [0, 1]]
    assert linalg.column_space(zero) == []
