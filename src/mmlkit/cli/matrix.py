"""``mmlkit matrix OP "[[1,2],[3,4]]" [--steps] [--json]``.

Elimination-based operations (rref, ref, rank, det, inv, nullspace, colspace)
are exact for exact input; decompositions (lu, qr, cholesky, eig, svd) are
float and come from :mod:`mmlkit.decomp`.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from ._output import print_json

EXACT_OPS = ("rref", "ref", "rank", "det", "inv", "nullspace", "colspace")
FLOAT_OPS = ("lu", "qr", "cholesky", "eig", "svd")


def _exact_op(op: str, A: Any, exact: bool | None) -> tuple[dict[str, Any], Any]:
    """(named results, elimination with steps or None)."""
    from .. import linalg

    if op in ("rref", "ref"):
        r = (linalg.rref if op == "rref" else linalg.ref)(A, exact=exact)
        return {op: r.matrix, "pivots": list(r.pivots)}, r
    if op == "rank":
        r = linalg.ref(A, exact=exact)
        return {"rank": r.rank}, r
    if op == "det":
        return {"det": linalg.determinant(A, exact=exact)}, None
    if op == "inv":
        r = linalg.inverse_steps(A, exact=exact)
        n = r.matrix.shape[0]
        return {"inv": r.matrix[:, n:]}, r
    if op == "nullspace":
        return {"nullspace": linalg.nullspace(A, exact=exact)}, linalg.rref(A, exact=exact)
    return {"colspace": linalg.column_space(A, exact=exact)}, linalg.ref(A, exact=exact)


def _float_op(op: str, A: np.ndarray) -> dict[str, Any]:
    from .. import decomp

    if op == "lu":
        P, L, U = decomp.lu(A)
        return {"P": P, "L": L, "U": U}
    if op == "qr":
        Q, R = decomp.qr(A)
        return {"Q": Q, "R": R}
    if op == "cholesky":
        return {"L": decomp.cholesky(A)}
    if op == "eig":
        w, V = decomp.eig(A)
        return {"eigenvalues": w, "eigenvectors": V}
    U, s, Vt = decomp.svd(A)
    return {"U": U, "singular_values": s, "Vt": Vt}


def _show(name: str, value: Any) -> None:
    from ..exact import ExactMatrix, ExactVector
    from ..render.text import format_matrix, format_number

    if isinstance(value, ExactMatrix):
        print(f"{name} =\n{format_matrix(value.tolist())}")
    elif isinstance(value, np.ndarray) and value.ndim == 2:
        print(f"{name} =\n{format_matrix(_plain(value))}")
    elif isinstance(value, np.ndarray | ExactVector):
        print(f"{name} = [" + ", ".join(format_number(x) for x in _plain(value)) + "]")
    elif isinstance(value, list) and value and not isinstance(value[0], int):
        print(f"{name}: {len(value)} basis vector{'s' if len(value) != 1 else ''}")
        for v in value:
            print("  [" + ", ".join(format_number(x) for x in _plain(v)) + "]")
    elif isinstance(value, list) and not value and name in ("nullspace", "colspace"):
        print(f"{name}: {{0}} (no basis vectors)")
    else:
        print(f"{name} = {value if isinstance(value, list) else format_number(value)}")


def _plain(x: Any) -> list:
    arr = x.tolist() if hasattr(x, "tolist") else list(x)
    return arr


def _run(args: argparse.Namespace) -> int:
    from ..linalg.parse import parse_matrix

    rows = parse_matrix(args.matrix)
    exact = False if args.float else None
    if args.op in FLOAT_OPS:
        from .._validation import as_matrix

        A = as_matrix(np.array([[float(q) for q in r] for r in rows], dtype=float)
                      .reshape(len(rows), len(rows[0]) if rows else 0))
        results, elim = _float_op(args.op, A), None
    else:
        results, elim = _exact_op(args.op, rows, exact)
    if args.json:
        doc: dict[str, Any] = {"op": args.op, **results}
        if args.steps and elim is not None:
            from ..render.json import rowop_dict

            doc["steps"] = [rowop_dict(op) for op in elim.steps]
        print_json(doc)
        return 0
    if args.steps and elim is not None:
        from ..render.text import format_matrix

        for k, op in enumerate(elim.steps, 1):
            print(f"step {k}: {op}\n{format_matrix(_plain(op.after))}\n")
    for name, value in results.items():
        _show(name, value)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("matrix", help="eliminations and decompositions of one matrix",
                       description="Apply OP to a matrix given as text, e.g. "
                                   "mmlkit matrix rref \"[[1,2],[3,4]]\".")
    p.add_argument("op", choices=EXACT_OPS + FLOAT_OPS, metavar="OP",
                   help="one of: " + ", ".join(EXACT_OPS + FLOAT_OPS))
    p.add_argument("matrix", metavar="MATRIX", help='e.g. "[[1,2],[3,4]]" or "1 2; 3 4"')
    p.add_argument("--steps", action="store_true", help="show the row operations")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--float", action="store_true", help="compute in floating point")
    p.set_defaults(func=_run)
