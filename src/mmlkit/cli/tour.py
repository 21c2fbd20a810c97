"""``mmlkit tour``: the curriculum, chapter by chapter, on bundled data.

Each area contributes a section module ``mmlkit.cli.tour_sections.<name>`` with
``TITLE`` and ``run(out, echo)``; sections run in curriculum order.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path

# Curriculum order (MML chapters 2-12); a section module joins the tour when it exists.
ORDER = ("linalg", "decomp", "autodiff", "prob", "optim", "models")


def available_sections() -> list[str]:
    base = __package__ + ".tour_sections"
    return [name for name in ORDER if importlib.util.find_spec(f"{base}.{name}") is not None]


def run_tour(out: Path | None, echo: Callable[[str], None] = print,
             only: list[str] | None = None) -> None:
    for name in available_sections():
        if only and name not in only:
            continue
        module = importlib.import_module(f"{__package__}.tour_sections.{name}")
        bar = "=" * 72
        echo(f"{bar}\n{module.TITLE}\n{bar}")
        module.run(out, echo)
        echo("")


def _cmd(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    run_tour(out, only=args.section)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tour", help="work through the curriculum on bundled data")
    p.add_argument("--out", metavar="DIR", help="write plots and artefacts into DIR")
    p.add_argument("--section", action="append", choices=ORDER,
                   help="run only this section (repeatable)")
    p.set_defaults(func=_cmd)
