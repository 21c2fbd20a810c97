"""Exact scalars: turning ints, Fractions, decimal and fraction strings into ``Fraction``."""

from __future__ import annotations

import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputTypeError, InputValueError

__all__ = ["to_fraction", "is_exact_scalar", "format_fraction", "MAX_DIGITS"]

#: Longest numeric literal accepted (digits), so no input can stall the parser.
MAX_DIGITS = 100

_NUMBER = re.compile(r"^\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:\s*/\s*([+-]?)(\d+))?\s*$")


def _parse_number_string(s: str) -> Fraction:
    m = _NUMBER.match(s)
    if not m:
        raise InputValueError(f"not a number: {s!r} (expected forms like 3, -0.25, 7/2)")
    sign, num, den_sign, den = m.groups()
    if len(num) > MAX_DIGITS or (den and len(den) > MAX_DIGITS):
        raise InputValueError(f"numeric literal longer than {MAX_DIGITS} digits: {s[:20]!r}...")
    value = Fraction(Decimal(num)) if "." in num else Fraction(int(num))
    if den is not None:
        d = int(den)
        if d == 0:
            raise InputValueError(f"division by zero in {s!r}")
        value /= d
        if den_sign == "-":
            value = -value
    return -value if sign == "-" else value


def is_exact_scalar(x: Any) -> bool:
    """True for ints (NumPy's too), Fractions and decimal/fraction strings."""
    if isinstance(x, bool | np.bool_):
        return False
    if isinstance(x, numbers.Integral | Fraction):
        return True
    if isinstance(x, str):
        return _NUMBER.match(x) is not None
    return False


def to_fraction(x: Any) -> Fraction:
    """Exact value of ``x`` as a Fraction.

    Floats convert exactly (``0.1`` becomes ``3602879701896397/36028797018963968``);
    NaN and infinity are refused.

    >>> to_fraction("7/2"), to_fraction("-0.25"), to_fraction(3)
    (Fraction(7, 2), Fraction(-1, 4), Fraction(3, 1))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool | np.bool_):
        raise InputTypeError(f"expected a number, got the boolean {x!r}")
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, str):
        return _parse_number_string(x)
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    if isinstance(x, float | np.floating):
        if not np.isfinite(x):
            raise InputValueError(f"entries must be finite, got {x!r}")
        return Fraction(float(x))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise InputValueError(f"entries must be finite, got {x!r}")
        return Fraction(x)
    raise InputTypeError(f"expected a real number, got {type(x).__name__} {x!r}")


def format_fraction(q: Fraction) -> str:
    """``5/2``, ``-3`` or ``0``: how exact numbers are printed and serialised."""
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"
