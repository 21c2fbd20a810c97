"""``mmlkit solve "3x + y = 9" "4x - 2y = 5" [--steps] [--latex] [--json] [--float]``."""

from __future__ import annotations

import argparse

from ._output import print_json


def _run(args: argparse.Namespace) -> int:
    from ..linalg import parse_system, solve_system
    from ..render.json import rowop_dict, solution_dict
    from ..render.latex import matrix_latex
    from ..render.text import format_matrix

    system = parse_system(args.equations)
    sol = solve_system(system, exact=False if args.float else None)
    n = len(system.variables)
    if args.json:
        doc = {"equations": str(system).splitlines(), "solution": solution_dict(sol)}
        if args.steps:
            doc["steps"] = [rowop_dict(op) for op in sol.steps]
        print_json(doc)
        return 0
    if args.latex:
        print(system.to_latex())
        if args.steps:
            aug = [r + [q] for r, q in zip(system.A.tolist(), system.b.tolist())]
            print(matrix_latex(aug, bar=n))
            for op in sol.steps:
                print(f"\\xrightarrow{{{op.to_latex()}}} {matrix_latex(_rows(op.after), bar=n)}")
        print(sol.to_latex())
        return 0
    print(system)
    if args.steps:
        aug = [r + [q] for r, q in zip(system.A.tolist(), system.b.tolist())]
        print("\naugmented matrix [A | b]:")
        print(format_matrix(aug, bar=n))
        for k, op in enumerate(sol.steps, 1):
            print(f"\nstep {k}: {op}")
            print(format_matrix(_rows(op.after), bar=n))
    print()
    print(sol)
    return 0


def _rows(M: object) -> list:
    return M.tolist()  # type: ignore[attr-defined]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve", help="solve a system of linear equations, exactly",
        description="Solve linear equations given as text, e.g. "
                    "mmlkit solve \"3x + y = 9\" \"4x - 2y = 5\" (or one string with ';').")
    p.add_argument("equations", nargs="+", metavar="EQUATION")
    p.add_argument("--steps", action="store_true", help="show every row operation")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--latex", action="store_true", help="print LaTeX")
    fmt.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--float", action="store_true", help="compute in floating point")
    p.set_defaults(func=_run)
