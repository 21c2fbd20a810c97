"""ExactMatrix / ExactVector behave like small exact arrays; SymPy and NumPy are the oracles."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mmlkit.errors import InputValueError, ShapeError
from mmlkit.exact import ExactMatrix, ExactVector, is_exact_input, to_exact, to_fraction

rat = st.builds(F, st.integers(-20, 20), st.integers(1, 9))


@st.composite
def pair(draw):
    m, k, n = (draw(st.integers(0, 4)) for _ in range(3))
    A = [[draw(rat) for _ in range(k)] for _ in range(m)]
    B = [[draw(rat) for _ in range(n)] for _ in range(k)]
    return A, B, (m, k), (k, n)


def _sym(rows, shape):
    return sympy.Matrix(*shape, [sympy.Rational(q.numerator, q.denominator)
                                 for r in rows for q in r])


@given(pair())
@settings(max_examples=60)
def test_matmul_add_transpose_against_sympy(data):
    A, B, sa, sb = data
    MA = ExactMatrix._trusted(A, sa)
    MB = ExactMatrix._trusted(B, sb)
    got = MA @ MB
    want = _sym(A, sa) * _sym(B, sb)
    assert got.shape == want.shape
    assert got.tolist() == [[F(int(want[i, j].p), int(want[i, j].q)) for j in range(want.cols)]
                            for i in range(want.rows)]
    assert (MA.T.T == MA) and MA.T.shape == (sa[1], sa[0])
    assert (MA + MA) == MA * 2 and (MA - MA) == ExactMatrix.zeros(*sa)


def test_conversions_and_numpy_interop():
    M = ExactMatrix([[1, "1/2"], ["0.25", F(3, 7)]])
    assert M.tolist() == [[1, F(1, 2)], [F(1, 4), F(3, 7)]]
    np.testing.assert_array_equal(np.asarray(M, dtype=float), [[1, 0.5], [0.25, 3 / 7]])
    assert np.asarray(M, dtype=object)[1, 1] == F(3, 7)
    assert M[0, 1] == F(1, 2) and M[1].tolist() == [F(1, 4), F(3, 7)]
    assert M[:, 0].tolist() == [1, F(1, 4)] and M[0:1, :].shape == (1, 2)
    v = ExactVector([1, 2, 3])
    assert M @ ExactVector([2, 4]) == ExactVector([4, F(1, 2) + F(12, 7)])
    assert v.dot([1, 1, 1]) == 6 and (v * F(1, 2)).tolist() == [F(1, 2), 1, F(3, 2)]
    assert to_fraction(0.1) == F(3602879701896397, 36028797018963968)   # exact, not 1/10
    assert to_fraction("0.1") == F(1, 10)
    assert is_exact_input(np.arange(4).reshape(2, 2)) and not is_exact_input(np.eye(2))
    assert isinstance(to_exact([1, 2]), ExactVector)
    A = [[1, 2], [3, 4]]
    ExactMatrix(A)
    assert A == [[1, 2], [3, 4]]  # input untouched


def test_errors():
    with pytest.raises(InputValueError, match="ragged"):
        ExactMatrix([[1, 2], [3]])
    with pytest.raises(ShapeError):
        ExactMatrix([1, 2])
    with pytest.raises(ShapeError, match="do not align"):
        ExactMatrix([[1, 2]]) @ ExactMatrix([[1, 2]])
    with pytest.raises(InputValueError, match="finite"):
        ExactMatrix([[float("nan")]])
