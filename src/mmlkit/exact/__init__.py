"""Exact arithmetic: Fractions, ``ExactMatrix``/``ExactVector`` and fraction-free kernels.

>>> from mmlkit.exact import ExactMatrix
>>> ExactMatrix([[1, 2], [3, 4]]) @ ExactMatrix([["1/2", 0], [0, 1]])
ExactMatrix([[1/2, 2], [3/2, 4]])
"""

from .matrix import ExactMatrix, ExactVector, is_exact_input, nested_shape, to_exact
from .numbers import MAX_DIGITS, format_fraction, is_exact_scalar, to_fraction

__all__ = [
    "ExactMatrix",
    "ExactVector",
    "is_exact_input",
    "is_exact_scalar",
    "nested_shape",
    "to_exact",
    "to_fraction",
    "format_fraction",
    "MAX_DIGITS",
]
