"""Plain-text rendering: numbers, matrices, row operations and solution sets."""

from __future__ import annotations

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
