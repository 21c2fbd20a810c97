"""LaTeX rendering: ``bmatrix`` for matrices, ``\\frac`` for fractions, row operations."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["number_latex", "matrix_latex", "rowop_latex"]


def number_latex(x: Any, precision: int = 6) -> str:
    """``\\frac{3}{2}``, ``-\\frac{1}{4}``, ``7`` or a float with ``precision`` digits."""
    if isinstance(x, Fraction | int) and not isinstance(x, bool):
        q = Fraction(x)
        if q.denominator == 1:
            return str(q.numerator)
        sign = "-" if q < 0 else ""
        return f"{sign}\\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"
    v = float(x)
    return "0" if v == 0 else f"{v:.{precision}g}"


def matrix_latex(rows: Sequence[Sequence[Any]], bar: int | None = None) -> str:
    """A ``bmatrix`` (or an ``array`` with a vertical bar before column ``bar``)."""
    body = " \\\\ ".join(" & ".join(number_latex(x) for x in r) for r in rows)
    if bar is None:
        return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"
    n = len(rows[0]) if len(rows) else 0
    spec = "c" * bar + "|" + "c" * (n - bar)
    return f"\\left[\\begin{{array}}{{{spec}}} {body} \\end{{array}}\\right]"


def _coef_latex(x: Any) -> str:
    if x == 1:
        return ""
    if x == -1:
        return "-"
    return number_latex(x) + " "


def rowop_latex(op: Any) -> str:
    """``R_2 \\leftarrow R_2 - \\frac{3}{2} R_1`` and friends."""
    i = op.i + 1
    if op.kind == "swap":
        return f"R_{{{i}}} \\leftrightarrow R_{{{op.j + 1}}}"
    if op.kind == "scale":
        return f"R_{{{i}}} \\leftarrow {_coef_latex(op.factor)}R_{{{i}}}"
    neg = op.factor < 0
    mag = -op.factor if neg else op.factor
    sign = "-" if neg else "+"
    return f"R_{{{i}}} \\leftarrow R_{{{i}}} {sign} {_coef_latex(mag)}R_{{{op.j + 1}}}"


def system_latex(A: Sequence[Sequence[Any]], b: Sequence[Any], names: Sequence[str]) -> str:
    """A system of equations as an ``aligned`` block."""
    lines = []
    for row, rhs in zip(A, b):
        terms = []
        for c, v in zip(row, names):
            if c == 0:
                continue
            neg = c < 0
            mag = -c if neg else c
            coef = "" if mag == 1 else number_latex(mag)
            sign = "-" if neg else "+"
            terms.append(f"{sign} {coef}{v}" if terms else f"{'-' if neg else ''}{coef}{v}")
        lhs = " ".join(terms) if terms else "0"
        lines.append(f"{lhs} &= {number_latex(rhs)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def solution_latex(sol: Any) -> str:
    """The solution set: ``x = x_p + sum t_i h_i`` with column vectors, or ``\\emptyset``."""
    from ..linalg.systems import parameter_names

    if sol.kind == "none":
        return "\\emptyset"
    col = lambda v: matrix_latex([[x] for x in v])  # noqa: E731
    out = "x = " + col(list(sol.particular))
    for h, t in zip(sol.homogeneous, parameter_names(len(sol.homogeneous))):
        out += f" + {_sub(t)} {col(list(h))}"
    if sol.homogeneous:
        names = ", ".join(_sub(t) for t in parameter_names(len(sol.homogeneous)))
        out += f", \\quad {names} \\in \\mathbb{{R}}"
    return out


def _sub(name: str) -> str:
    """``t2`` -> ``t_{2}``."""
    head = name.rstrip("0123456789")
    return name if head == name else f"{head}_{{{name[len(head):]}}}"
