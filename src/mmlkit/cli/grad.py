"""``mmlkit grad``: value, gradient and Hessian of an expression at a point.

The expression is parsed by :mod:`mmlkit.autodiff.expr` (never ``eval``) and
differentiated by :mod:`mmlkit.autodiff`: reverse mode for the gradient,
forward over reverse for the Hessian.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

from ..errors import InputValueError


def evaluate(expression: str, at: str | None, hessian: bool) -> dict[str, Any]:
    """Parse, then compute value, gradient (and Hessian) at the point; a JSON-ready dict."""
    from ..autodiff import hessian as hessian_of
    from ..autodiff import value_and_grad
    from ..autodiff.expr import parse_assignments, parse_expression

    expr = parse_expression(expression)
    point = parse_assignments(at) if at else {}
    expr.check_values(point)
    names = list(point)
    x0 = np.array([point[n] for n in names], dtype=float)

    def f(v: Any) -> Any:
        return expr(**{n: v[i] for i, n in enumerate(names)})

    with np.errstate(all="ignore"):
        value, grad = value_and_grad(f)(x0)
        H = hessian_of(f)(x0) if hessian else None
    result: dict[str, Any] = {"expression": expression, "variables": names,
                              "at": dict(point), "value": value,
                              "gradient": dict(zip(names, grad.tolist(), strict=True))}
    if H is not None:
        result["hessian"] = H.tolist()
    bad = [k for k, v in [("value", value), ("gradient", grad), ("hessian", H)]
           if v is not None and not np.all(np.isfinite(v))]
    if bad:
        where = ", ".join(f"{n}={point[n]:g}" for n in names)
        raise InputValueError(f"the {bad[0]} is not finite at {where or 'this point'}; "
                              "the expression is not defined or not differentiable there")
    return result


def _num(v: float) -> str:
    return format(v, ".15g")


def render(result: dict[str, Any]) -> str:
    """The readable report: value, gradient components and the Hessian matrix."""
    names = result["variables"]
    point = ", ".join(f"{n} = {_num(result['at'][n])}" for n in names)
    lines = [f"f({', '.join(names)}) = {result['expression']}"]
    if point:
        lines.append(f"at {point}")
    lines.append(f"value: {_num(result['value'])}")
    if names:
        lines.append("gradient:")
        lines += [f"  df/d{n} = {_num(result['gradient'][n])}" for n in names]
    if "hessian" in result and names:
        cells = [[_num(v) for v in row] for row in result["hessian"]]
        width = max(len(c) for row in cells for c in row + names)
        pad = max(len(n) for n in names)
        lines.append("hessian:")
        lines.append(" " * (pad + 4) + "  ".join(n.rjust(width) for n in names))
        for n, row in zip(names, cells, strict=True):
            lines.append(f"  {n.ljust(pad)}  " + "  ".join(c.rjust(width) for c in row))
    return "\n".join(lines)


def _cmd(args: argparse.Namespace) -> int:
    result = evaluate(args.expression, args.at, args.hessian)
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        sys.stdout.write(render(result) + "\n")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grad", help="value, gradient and Hessian of an expression at a point",
        description="Differentiate an expression such as 'x**2*y + sin(y)' at a point. "
                    "** and ^ both mean power; 2x means 2*x. Functions: sin cos tan exp log "
                    "ln log1p sqrt tanh sigmoid abs relu pow; constants pi, e.")
    p.add_argument("expression", help="the expression, e.g. 'x**2*y + sin(y)'")
    p.add_argument("--at", metavar="x=1,y=2", help="the point: a value for every variable")
    p.add_argument("--hessian", action="store_true", help="also print the Hessian matrix")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=_cmd)
