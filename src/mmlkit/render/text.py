"""Plain-text rendering: numbers, matrices, row operations and solution sets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..exact.numbers import format_fraction

__all__ = ["format_number", "format_matrix"]


def format_number(x: Any, precision: int = 6) -> str:
    """Fractions as ``5/2``; floats with up to ``precision`` significant digits."""
    if isinstance(x, Fraction | int) and not isinstance(x, bool):
        return format_fraction(Fraction(x))
    if isinstance(x, complex | np.complexfloating):
        re, im = float(x.real), float(x.imag)
        if im == 0:
            return format_number(re, precision)
        sign = "-" if im < 0 else "+"
        return f"{format_number(re, precision)}{sign}{format_number(abs(im), precision)}j"
    v = float(x)
    if v == 0:
        return "0"
    s = f"{v:.{precision}g}"
    return s


def format_matrix(rows: Sequence[Sequence[Any]] | np.ndarray, precision: int = 6,
                  bar: int | None = None) -> str:
    """Rows in brackets with right-aligned columns; ``bar`` puts ``|`` before that column."""
    cells = [[format_number(x, precision) for x in r] for r in rows]
    if not cells:
        return "[]"
    if not cells[0]:
        return "\n".join("[]" for _ in cells)
    widths = [max(len(r[j]) for r in cells) for j in range(len(cells[0]))]
    lines = []
    for r in cells:
        parts = [c.rjust(w) for c, w in zip(r, widths)]
        if bar is not None and 0 < bar < len(parts):
            parts = parts[:bar] + ["|"] + parts[bar:]
        lines.append("[" + " ".join(parts) + "]")
    return "\n".join(lines)


def _row_name(i: int) -> str:
    return f"R{i + 1}"


def format_rowop(op: Any) -> str:
    """``R1 <-> R2``, ``R1 <- 1/3 R1``, ``R2 <- R2 - 3/2 R1``."""
    if op.kind == "swap":
        return f"{_row_name(op.i)} <-> {_row_name(op.j)}"
    if op.kind == "scale":
        return f"{_row_name(op.i)} <- {_coef(op.factor)}{_row_name(op.i)}"
    f = op.factor
    sign = "-" if _is_negative(f) else "+"
    mag = _coef(-f if _is_negative(f) else f)
    return f"{_row_name(op.i)} <- {_row_name(op.i)} {sign} {mag}{_row_name(op.j)}"


def _is_negative(x: Any) -> bool:
    return bool(x < 0)


def _coef(x: Any) -> str:
    """A coefficient in front of a name: ``''`` for 1, ``'-'`` for -1, else ``'3/2 '``."""
    if x == 1:
        return ""
    if x == -1:
        return "-"
    return format_number(x) + " "


def format_linear_combination(const: Any, terms: list[tuple[Any, str]]) -> str:
    """``5/2 - 2t + s``: a constant plus coefficient-name terms, zeros dropped."""
    out = ""
    if const != 0 or not any(c != 0 for c, _ in terms):
        out = format_number(const)
    for c, name in terms:
        if c == 0:
            continue
        neg = _is_negative(c)
        mag = -c if neg else c
        num = format_number(mag)
        glue = "" if re.fullmatch(r"\d+", num) else " "  # 2t, but 1/2 t and 0.5 t
        body = name if mag == 1 else f"{num}{glue}{name}"
        if not out:
            out = f"-{body}" if neg else body
        else:
            out += f" - {body}" if neg else f" + {body}"
    return out


def format_equation(row: Sequence[Any], rhs: Any, names: Sequence[str]) -> str:
    """``3x + y = 9`` from a coefficient row, a right-hand side and variable names."""
    lhs = format_linear_combination(0, list(zip(row, names))) if any(c != 0 for c in row) \
        else "0"
    return f"{lhs} = {format_number(rhs)}"


def format_solution(sol: Any) -> str:
    """The readable answer of a :class:`~mmlkit.linalg.SolutionSet`."""
    if sol.kind == "none":
        return (f"no solution: row {sol.inconsistent_row + 1} of the echelon form reads "
                f"0 = {format_number(sol.contradiction)}")
    names = [str(v) if isinstance(v, str) else f"x{v + 1}" for v in sol.variables]
    rows = sol.general_solution()
    if sol.kind == "unique":
        head = "unique solution"
    else:
        k = len(sol.free_variables)
        free = ", ".join(str(v) if isinstance(v, str) else f"x{v + 1}"
                         for v in sol.free_variables)
        head = f"infinitely many solutions ({k} free variable{'s' if k > 1 else ''}: {free})"
    width = max((len(n) for n in names), default=0)
    return "\n".join([head] + [f"  {n.ljust(width)} = {t}" for n, (_, t) in zip(names, rows)])


def format_laplace(exp: Any) -> str:
    """A Laplace expansion as three lines: minors, their values, the total."""
    def mat(m: Any) -> str:
        rows = m.tolist() if hasattr(m, "tolist") else m
        return "[" + ", ".join("[" + ", ".join(format_number(x) for x in r) + "]"
                               for r in rows) + "]"

    def signed(sign: int, a: Any, first: bool) -> str:
        neg = (sign * a) < 0 if a != 0 else sign < 0
        mag = format_number(abs(a))
        return ("-" if neg else "+") + mag if first else (" - " if neg else " + ") + mag

    if not exp.terms:
        return f"det = {format_number(exp.value)}"
    line1 = "det = " + "".join(signed(s, a, k == 0) + f"*det({mat(m)})"
                               for k, (_, s, a, m, _) in enumerate(exp.terms))
    line2 = "    = " + "".join(signed(s, a, k == 0) + f"*{format_number(d)}"
                               for k, (_, s, a, _, d) in enumerate(exp.terms))
    return f"{line1}\n{line2}\n    = {format_number(exp.value)}"
