"""parse_system on equations as people type them."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmlkit.errors import ParseError
from mmlkit.linalg import parse_matrix, parse_system
from mmlkit.linalg.parse import parse_matrix as pm

CASES = [
    ("3x + y = 9; 4x - 2y = 5", ("x", "y"), [[3, 1], [4, -2]], [9, 5]),
    ("2x_1 - x_2 = 1/2", ("x_1", "x_2"), [[2, -1]], [F(1, 2)]),
    ("x = 2y - 1", ("x", "y"), [[1, -2]], [-1]),
    ("0.5a + b/3 = 2", ("a", "b"), [[F(1, 2), F(1, 3)]], [2]),
    ("2x + 3 = x - y + 7", ("x", "y"), [[1, 1]], [4]),          # terms on both sides
    ("x + x + 2x = 8", ("x",), [[4]], [8]),                     # repeated variables combine
    ("2(x + y) = 3(1 - y)", ("x", "y"), [[2, 5]], [3]),          # parentheses, implicit product
    ("-x - -y = +3", ("x", "y"), [[-1, 1]], [3]),
    ("x1 + x2 = 1\nx2 + x3 = 2", ("x1", "x2", "x3"), [[1, 1, 0], [0, 1, 1]], [1, 2]),
    ("2*x + 3 * y = 1/4", ("x", "y"), [[2, 3]], [F(1, 4)]),
    ("x/2 + y/4 = 1", ("x", "y"), [[F(1, 2), F(1, 4)]], [1]),
    ("2^3 x = 16", ("x",), [[8]], [16]),                         # constant powers are fine
    ("3 = x", ("x",), [[-1]], [-3]),
    ("z + y + x = 0", ("z", "y", "x"), [[1, 1, 1]], [0]),        # order of first appearance
    (".5x = 1.25", ("x",), [[F(1, 2)]], [F(5, 4)]),
]


@pytest.mark.parametrize("text, names, A, b", CASES)
def test_parse_examples(text, names, A, b):
    s = parse_system(text)
    assert s.variables == names
    # compare up to scaling by -1 of a whole equation (x = ... moves terms to the left)
    got = [[*row, rhs] for row, rhs in zip(s.A.tolist(), s.b.tolist())]
    want = [[F(x) for x in row] + [F(v)] for row, v in zip(A, b)]
    assert all(g == w or g == [-x for x in w] for g, w in zip(got, want))


def test_list_input_equals_joined_text():
    a = parse_system(["3x + y = 9", "4x - 2y = 5"])
    b = parse_system("3x + y = 9; 4x - 2y = 5")
    assert a == b


def test_printing_round_trips():
    s = parse_system("3x + y = 9; 4x - 2y = 5")
    assert str(s) == "3x + y = 9\n4x - 2y = 5"
    assert parse_system(str(s).replace("\n", ";")) == s
    assert "\\begin{aligned}" in s.to_latex()


def test_parse_errors_point_at_the_column():
    with pytest.raises(ParseError) as e:
        parse_system("3x + y = 9; 4x * y = 5")
    assert e.value.position == len("3x + y = 9; 4x ")
    assert "nonlinear" in str(e.value)
    assert e.value.caret().splitlines()[-1].index("^") - 2 == e.value.position


def test_parse_matrix_forms():
    assert parse_matrix("[[1,2],[3,4]]") == [[1, 2], [3, 4]]
    assert parse_matrix("1 2; 3 4") == [[1, 2], [3, 4]]
    assert pm("[0.1, 1/3]") == [[F(1, 10), F(1, 3)]]
    assert pm("[[1e2, -2.5e-1]]") == [[100, F(-1, 4)]]


@st.composite
def _equation_text(draw):
    """Random coefficients written out as text in varied styles, with the matrix they mean."""
    names = draw(st.lists(st.sampled_from(["x", "y", "z", "w", "x_1", "x_2", "a3"]),
                          min_size=1, max_size=5, unique=True))
    coefs = [draw(st.builds(F, st.integers(-20, 20), st.integers(1, 5))) for _ in names]
    const = draw(st.builds(F, st.integers(-50, 50), st.integers(1, 5)))
    parts = []
    for c, v in zip(coefs, names):
        style = draw(st.sampled_from(["implicit", "star", "paren", "split"]))
        num = f"{c.numerator}/{c.denominator}" if c.denominator != 1 else str(c.numerator)
        if style == "implicit" and c.denominator == 1:
            parts.append(f"({num}){v}")
        elif style == "split":  # c v = (c - 1) v + v
            parts.append(f"({num} - 1)*{v} + {v}")
        elif style == "paren":
            parts.append(f"({num})*({v})")
        else:
            parts.append(f"{num} * {v}")
    text = " + ".join(parts) + f" = {const.numerator}/{const.denominator}"
    return text, names, coefs, const


@given(_equation_text())
@settings(max_examples=100)
def test_parse_random_equations(data):
    text, names, coefs, const = data
    s = parse_system(text)
    got = dict(zip(s.variables, s.A.tolist()[0]))
    assert all(got.get(v, 0) == c for v, c in zip(names, coefs))
    assert s.b.tolist() == [const]
