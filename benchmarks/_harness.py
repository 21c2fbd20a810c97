"""Timing harness shared by every benchmark file.

A benchmark file ``bench_<area>.py`` defines ``TITLE`` and ``cases()``, which
yields :class:`Case` objects. Each case times our callable and the reference's
callable in the same run, alternating them, and reports the median of the
repeats and the ratio ``ours / reference`` (below 1 means we are faster).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    name: str                       # what is measured, e.g. "rref n=50"
    ours: Callable[[], Any]         # zero-argument callable: mmlkit
    reference: Callable[[], Any]    # zero-argument callable: the library a user would pick
    reference_name: str             # e.g. "sympy Matrix.rref"
    target: float | None = None     # ratio we aim to stay at or below
    repeats: int | None = None      # fixed number of timed repeats (default: adaptive)
    note: str = ""                  # iteration counts and other facts worth printing
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    case: Case
    ours_s: float
    ref_s: float

    @property
    def ratio(self) -> float:
        return self.ours_s / self.ref_s if self.ref_s > 0 else float("inf")

    @property
    def met(self) -> str:
        if self.case.target is None:
            return "-"
        return "yes" if self.ratio <= self.case.target else "no"


def _time_once(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(case: Case, budget_s: float = 3.0) -> Result:
    """Warm up both sides once, then alternate timed runs; medians of each side."""
    first_ours = _time_once(case.ours)
    first_ref = _time_once(case.reference)
    if case.repeats is not None:
        n = case.repeats
    else:
        per_pair = max(first_ours + first_ref, 1e-6)
        n = int(min(25, max(3, budget_s / per_pair)))
        if per_pair > 10:
            n = 1
    ours, ref = [], []
    for _ in range(n):
        ours.append(_time_once(case.ours))
        ref.append(_time_once(case.reference))
    return Result(case, statistics.median(ours), statistics.median(ref))


def fmt_seconds(s: float) -> str:
    if s >= 1:
        return f"{s:.3f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3f} ms"
    return f"{s * 1e6:.1f} µs"


HEADER = "| case | mmlkit | reference | reference time | ratio | target | met | note |"
RULE = "|---|---:|---|---:|---:|---:|:-:|---|"


def row(r: Result) -> str:
    target = f"≤ {r.case.target:g}" if r.case.target is not None else "report"
    return (f"| {r.case.name} | {fmt_seconds(r.ours_s)} | {r.case.reference_name} | "
            f"{fmt_seconds(r.ref_s)} | {r.ratio:.2f} | {target} | {r.met} | {r.case.note} |")
