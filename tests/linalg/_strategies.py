"""Hypothesis strategies for integer and rational matrices, and SymPy conversions."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import strategies as st

small_ints = st.integers(-9, 9)
rationals = st.builds(Fraction, st.integers(-12, 12), st.integers(1, 6))


@st.composite
def matrices(draw, entries=small_ints, max_side=8, square=False, min_side=1, low_rank=True):
    m = draw(st.integers(min_side, max_side))
    n = m if square else draw(st.integers(min_side, max_side))
    rows = [[draw(entries) for _ in range(n)] for _ in range(m)]
    if low_rank and m > 1 and draw(st.booleans()):
        # make some rows combinations of others, so rank-deficient cases are common
        k = draw(st.integers(1, m - 1))
        for i in range(k, m):
            a, b = draw(st.integers(0, k - 1)), draw(st.integers(0, k - 1))
            ca, cb = draw(st.integers(-3, 3)), draw(st.integers(-3, 3))
            rows[i] = [ca * x + cb * y for x, y in zip(rows[a], rows[b])]
    return rows


def to_sympy(rows):
    return sympy.Matrix([[sympy.Rational(q.numerator, q.denominator) if isinstance(q, Fraction)
                          else sympy.Integer(q) for q in r] for r in rows])


def from_sympy(x) -> Fraction:
    x = sympy.nsimplify(x)
    return Fraction(int(x.p), int(x.q))


def sympy_rows(M) -> list[list[Fraction]]:
    return [[from_sympy(M[i, j]) for j in range(M.cols)] for i in range(M.rows)]


def dm(rows):
    """SymPy's DomainMatrix over QQ: the exact oracle, without symbolic overhead."""
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix

    qq = [[QQ(int(Fraction(x).numerator), int(Fraction(x).denominator)) for x in r] for r in rows]
    n = len(rows[0]) if rows else 0
    return DomainMatrix(qq, (len(rows), n), QQ)


def dm_rows(M) -> list[list[Fraction]]:
    return [[Fraction(int(x.numerator), int(x.denominator)) for x in r] for r in M.to_list()]
