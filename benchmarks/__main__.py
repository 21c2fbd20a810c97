"""Run the benchmarks: ``python -m benchmarks [AREA ...]``.

Prints each case as it finishes and rewrites that area's section of
``BENCHMARKS.md`` (other areas' sections are kept as they were).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from ._harness import HEADER, RULE, measure, row

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "BENCHMARKS.md"
AREAS = ("linalg", "decomp", "autodiff", "prob", "optim", "models")


def _available() -> list[str]:
    here = Path(__file__).resolve().parent
    return [a for a in AREAS if (here / f"bench_{a}.py").exists()]


def _machine() -> str:
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
            for i in threadpool_info() if i.get("user_api") == "blas"
        )
    except Exception:  # threadpoolctl is optional
        blas = "unknown"
    return (f"Python {platform.python_version()}, NumPy {np.__version__}, BLAS: {blas}, "
            f"{platform.machine()}, {platform.processor() or 'cpu'}")


def _probe() -> float:
    """Microseconds per small NumPy call (``argmax`` of 1,000 numbers), median of 5 rounds.

    A reading of how loaded the machine is: other tenants slow code that makes
    many small NumPy calls far more than code that spends its time inside BLAS.
    """
    x = np.random.default_rng(0).random(1000)
    rounds = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(20_000):
            x.argmax()
        rounds.append((time.perf_counter() - t0) / 20_000 * 1e6)
    return statistics.median(rounds)


def _update_file(area: str, title: str, lines: list[str]) -> None:
    text = OUT.read_text() if OUT.exists() else ""
    if not text.startswith("# Benchmarks"):
        text = ("# Benchmarks\n\n"
                "Written by `make bench` (`python -m benchmarks`). Each case is timed for mmlkit "
                "and the reference library in the same run, alternating, median of the repeats; "
                "ratio = mmlkit time / reference time (below 1: mmlkit is faster). "
                "The load probe is the time of one small NumPy call before and after an "
                "area's cases: about 0.3 µs on a quiet machine; under load it can double, "
                "which raises the ratios of cases that loop in Python more than the others.\n")
    section = "\n".join([f"<!-- area:{area} -->", f"## {title}", "", *lines,
                         f"<!-- /area:{area} -->"])
    pattern = re.compile(rf"<!-- area:{area} -->.*?<!-- /area:{area} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    # keep sections in curriculum order
    parts = {a: m.group(0) for a in AREAS
             if (m := re.search(rf"<!-- area:{a} -->.*?<!-- /area:{a} -->", text, re.S))}
    head = re.split(r"<!-- area:", text, maxsplit=1)[0].rstrip("\n")
    OUT.write_text(head + "\n\n" + "\n\n".join(parts[a] for a in AREAS if a in parts) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("areas", nargs="*", help=f"areas to run (default: all of {_available()})")
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    ap.add_argument("-k", dest="keyword", help="run only cases whose name contains this")
    args = ap.parse_args(argv)
    areas = args.areas or _available()
    for area in areas:
        if area not in _available():
            ap.error(f"no benchmark file for area {area!r}; have {_available()}")
        module = importlib.import_module(f"benchmarks.bench_{area}")
        print(f"\n## {module.TITLE}\n{HEADER}\n{RULE}", flush=True)
        before = _probe()
        lines = [HEADER, RULE]
        for case in module.cases():
            if args.keyword and args.keyword not in case.name:
                continue
            line = row(measure(case))
            print(line, flush=True)
            lines.append(line)
        probe = f"load probe {before:.2f} µs before the cases, {_probe():.2f} µs after"
        print(probe, flush=True)
        lines = [f"Measured {_dt.date.today().isoformat()} on {_machine()}; {probe}.", "",
                 *lines]
        if not args.no_write and not args.keyword:
            _update_file(area, module.TITLE, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
