"""JSON-ready dictionaries: exact numbers become strings such as ``"23/10"``."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exact import ExactMatrix, ExactVector
from ..exact.numbers import format_fraction

__all__ = ["jsonable", "solution_dict", "rowop_dict"]


def jsonable(x: Any) -> Any:
    """Fractions -> ``"p/q"``, arrays -> nested lists, complex -> ``{"re", "im"}``."""
    if isinstance(x, Fraction):
        return format_fraction(x)
    if isinstance(x, ExactMatrix | ExactVector):
        return jsonable(x.tolist())
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, complex | np.complexfloating):
        return {"re": float(x.real), "im": float(x.imag)}
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    return x


def rowop_dict(op: Any) -> dict[str, Any]:
    return {"kind": op.kind, "i": op.i, "j": op.j, "factor": jsonable(op.factor),
            "text": str(op), "after": jsonable(op.after)}


def solution_dict(sol: Any, steps: bool = False) -> dict[str, Any]:
    d = {
        "kind": sol.kind,
        "exact": sol.exact,
        "variables": list(sol.variables),
        "rank": sol.rank,
        "particular": jsonable(sol.particular),
        "homogeneous": jsonable(list(sol.homogeneous)),
        "free_variables": list(sol.free_variables),
        "general": {str(k): v for k, v in sol.general_solution()},
    }
    if sol.kind == "none":
        d["inconsistent_row"] = sol.inconsistent_row
        d["contradiction"] = jsonable(sol.contradiction)
    if steps:
        d["steps"] = [rowop_dict(op) for op in sol.steps]
    return d
