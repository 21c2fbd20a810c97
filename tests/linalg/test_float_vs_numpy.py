"""The float path of mmlkit.linalg against numpy.linalg (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmlkit import linalg
from mmlkit.errors import SingularMatrixError


def _random(m, n, seed, rank=None):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n))
    if rank is not None:
        A = rng.standard_normal((m, rank)) @ rng.standard_normal((rank, n))
    return A


@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 10_000), st.booleans())
@settings(max_examples=60)
def test_rank_rref_nullspace(m, n, seed, deficient):
    r = max(1, min(m, n) - 1) if deficient else None
    A = _random(m, n, seed, r)
    assert linalg.rank(A) == np.linalg.matrix_rank(A)
    R = linalg.rref(A)
    assert R.exact is False
    assert len(R.pivots) == np.linalg.matrix_rank(A)
    # rows of the RREF span the row space of A
    both = np.vstack([A, R.matrix])
    assert np.linalg.matrix_rank(both) == np.linalg.matrix_rank(A)
    kernel = linalg.nullspace(A)
    assert len(kernel) == n - np.linalg.matrix_rank(A)
    for v in kernel:
        assert np.allclose(A @ v, 0, atol=1e-9 * max(1, np.abs(A).max()))


@given(st.integers(1, 12), st.integers(0, 10_000))
@settings(max_examples=60)
def test_solve_det_inverse_against_numpy(n, seed):
    A = _random(n, n, seed) + n * np.eye(n) * 0.1
    b = np.random.default_rng(seed + 1).standard_normal(n)
    sol = linalg.solve_system(A, b)
    assert sol.kind == "unique"
    np.testing.assert_allclose(sol.particular, np.linalg.solve(A, b), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(linalg.determinant(A), np.linalg.det(A), rtol=1e-9)
    np.testing.assert_allclose(linalg.inverse(A), np.linalg.inv(A), rtol=1e-7, atol=1e-9)


def test_float_kinds_and_tolerance():
    assert linalg.solve_system([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0]).kind == "infinite"
    assert linalg.solve_system([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.5]).kind == "none"
    # 0.1 + 0.2 is not exactly 0.3: the tolerance still sees a dependent row
    assert linalg.rank([[0.1, 0.2], [0.3, 0.6000000000000001]]) == 1
    with pytest.raises(SingularMatrixError):
        linalg.inverse([[1.0, 2.0], [2.0, 4.0]])
    assert linalg.determinant([[1.0, 2.0], [2.0, 4.0]]) == 0.0


def test_float32_is_preserved_and_inputs_untouched():
    A = np.array([[2.0, 1.0], [1.0, 3.0]], dtype=np.float32)
    before = A.copy()
    sol = linalg.solve_system(A, np.array([1.0, 2.0], dtype=np.float32))
    assert sol.particular.dtype == np.float32
    assert linalg.rref(A).matrix.dtype == np.float32
    np.testing.assert_array_equal(A, before)


def test_exact_flag_forces_the_path():
    A = [[1, 2], [3, 4]]
    assert linalg.rref(A).exact is True
    assert linalg.rref(A, exact=False).exact is False
    assert isinstance(linalg.determinant([[0.5, 0.25], [1.0, 3.0]], exact=True), type(
        linalg.determinant([[1, 2], [3, 4]])))
    # exact=True converts floats exactly: 0.1 is 3602879701896397/36028797018963968
    from fractions import Fraction

    assert linalg.determinant([[0.1]], exact=True) == Fraction(0.1)
    assert linalg.determinant([["0.1"]]) == Fraction(1, 10)


def test_steps_of_the_float_path_replay():
    A = np.array([[0.0, 2.0, 1.0], [3.0, 1.0, 2.0], [1.0, 1.0, 3.0]])
    assert np.linalg.matrix_rank(A) == 3
    r = linalg.rref(A)
    M = A.copy()
    for op in r.steps:
        if op.kind == "swap":
            M[[op.i, op.j]] = M[[op.j, op.i]]
        elif op.kind == "scale":
            M[op.i] *= op.factor
        else:
            M[op.i] += op.factor * M[op.j]
        np.testing.assert_allclose(M, op.after, atol=1e-12)
    np.testing.assert_allclose(M, r.matrix, atol=1e-12)
    np.testing.assert_allclose(r.matrix, np.eye(3), atol=1e-12)
