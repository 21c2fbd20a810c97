"""Line searches: backtracking (Armijo) and a strong-Wolfe search for quasi-Newton methods.

Both search along a descent direction ``p`` from ``x``: they pick a step ``alpha`` with
``phi(alpha) = f(x + alpha p)`` decreasing enough (Nocedal and Wright, *Numerical
Optimization*, 2nd ed., chapter 3; MML section 7.1.1).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InputValueError

__all__ = ["LineSearchResult", "backtracking", "wolfe"]


@dataclass
class LineSearchResult:
    """A step ``alpha`` with ``fun = f(x + alpha p)`` (and ``grad`` there for Wolfe).

    ``ok`` is False when no acceptable step was found; ``alpha`` is then 0.
    """

    alpha: float
    fun: float
    grad: np.ndarray | None
    ok: bool
    nfev: int


def _check_params(c1: float, c2: float | None = None) -> None:
    if not 0.0 < c1 < 1.0:
        raise InputValueError(f"line search: c1 must lie in (0, 1), got {c1}")
    if c2 is not None and not c1 < c2 < 1.0:
        raise InputValueError(f"line search: c2 must lie in (c1, 1) = ({c1}, 1), got {c2}")


def backtracking(f: Callable[[np.ndarray], float], x: np.ndarray, fx: float,
                 g: np.ndarray, p: np.ndarray, *, alpha0: float = 1.0, c1: float = 1e-4,
                 shrink: float = 0.5, max_iter: int = 60,
                 grad: Callable[[np.ndarray], np.ndarray] | None = None) -> LineSearchResult:
    r"""Backtracking until the Armijo (sufficient decrease) condition holds.

    .. math:: f(x + \alpha p) \le f(x) + c_1\, \alpha\, \nabla f(x)^\top p

    Nocedal and Wright, Algorithm 3.1: try ``alpha0``, multiply by ``shrink`` until
    the condition holds. Non-finite trial values count as failures of the test. Given
    ``grad``, a step whose decrease is lost in rounding is judged by the slope instead
    (the approximate Armijo test of Hager and Zhang 2005,
    :math:`\nabla f(x + \alpha p)^\top p \le (2c_1 - 1)\nabla f(x)^\top p`). The search
    fails when the step no longer changes ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> f = lambda x: float(x @ x)
    >>> x = np.array([1.0, 0.0]); g = 2 * x
    >>> backtracking(f, x, f(x), g, -g).alpha   # the full step overshoots to (-1, 0)
    0.5
    """
    _check_params(c1)
    if not 0.0 < shrink < 1.0:
        raise InputValueError(f"backtracking: shrink must lie in (0, 1), got {shrink}")
    slope = float(np.vdot(g, p))
    if not slope < 0:
        return LineSearchResult(0.0, fx, None, False, 0)
    alpha, flat = float(alpha0), 1e-12 * (1.0 + abs(fx))
    for k in range(1, max_iter + 1):
        xa = x + alpha * p
        if np.array_equal(xa, x):
            break                                      # the step vanished in rounding
        fa = f(xa)
        if grad is not None and abs(fa - fx) <= flat:      # f is flat to rounding here
            ok = float(np.vdot(grad(xa), p)) <= (2.0 * c1 - 1.0) * slope
        else:
            ok = math.isfinite(fa) and fa <= fx + c1 * alpha * slope
        if ok:
            return LineSearchResult(alpha, fa, None, True, k)
        alpha *= shrink
    return LineSearchResult(0.0, fx, None, False, max_iter)


FunGrad = Callable[[np.ndarray], tuple[float, np.ndarray]]


class _Phi:
    """phi(a) = f(x + a p) and phi'(a) = grad(x + a p) . p, counting evaluations."""

    def __init__(self, fg: FunGrad, x: np.ndarray, p: np.ndarray, fx: float = 0.0,
                 d0: float = -1.0, c1: float = 1e-4, c2: float = 0.9):
        self.fg, self.x, self.p, self.nfev = fg, x, p, 0
        self.fx, self.flat = fx, 1e-12 * (1.0 + abs(fx))
        self.d_range = (c2 * d0, (2.0 * c1 - 1.0) * d0)

    def approx_wolfe(self, fa: float, da: float) -> bool:
        """Hager-Zhang approximate Wolfe test, used only where f is flat to rounding."""
        return (abs(fa - self.fx) <= self.flat
                and self.d_range[0] <= da <= self.d_range[1])

    def __call__(self, a: float) -> tuple[float, float, np.ndarray]:
        self.nfev += 1
        fa, ga = self.fg(self.x + a * self.p)
        da = float(np.vdot(ga, self.p)) if np.all(np.isfinite(ga)) else math.nan
        return fa, da, ga


def wolfe(fg: FunGrad, x: np.ndarray, fx: float, g: np.ndarray, p: np.ndarray, *,
          alpha0: float = 1.0, c1: float = 1e-4, c2: float = 0.9, max_iter: int = 30,
          alpha_max: float = 1e10) -> LineSearchResult:
    r"""A step satisfying the strong Wolfe conditions (Nocedal and Wright, Alg. 3.5 and 3.6).

    .. math:: f(x+\alpha p) \le f(x) + c_1 \alpha \nabla f(x)^\top p, \qquad
              |\nabla f(x+\alpha p)^\top p| \le c_2\, |\nabla f(x)^\top p|

    The bracketing phase doubles the step; the zoom phase narrows the bracket by
    safeguarded cubic interpolation (N&W eq. (3.59)), bisecting when that fails.
    Near a minimizer, where differences of ``f`` drown in rounding, a step is also
    accepted under the approximate Wolfe conditions of Hager and Zhang (2005):
    :math:`-c_2|\phi'(0)| \le \phi'(\alpha) \le (1 - 2c_1)|\phi'(0)|` with
    :math:`|\phi(\alpha) - \phi(0)| \le 10^{-12}(1 + |\phi(0)|)`.
    ``fg(x)`` returns ``(f(x), grad f(x))``.

    Examples
    --------
    >>> import numpy as np
    >>> fg = lambda x: (float(x @ x), 2 * x)
    >>> x = np.array([3.0, 4.0]); g = 2 * x
    >>> wolfe(fg, x, 25.0, g, -g).alpha          # the exact minimizer along -g
    0.5
    """
    _check_params(c1, c2)
    d0 = float(np.vdot(g, p))
    if not d0 < 0:
        return LineSearchResult(0.0, fx, g, False, 0)
    phi = _Phi(fg, x, p, fx, d0, c1, c2)
    prev = (0.0, fx, d0, g)
    a = float(alpha0)
    for i in range(max_iter):
        cur = (a, *phi(a))
        fa, da = cur[1], cur[2]
        if phi.approx_wolfe(fa, da):
            return LineSearchResult(a, fa, cur[3], True, phi.nfev)
        if not math.isfinite(fa) or fa > fx + c1 * a * d0 or (i > 0 and fa >= prev[1]):
            return _zoom(phi, fx, d0, c1, c2, prev, cur)
        if abs(da) <= -c2 * d0:
            return LineSearchResult(a, fa, cur[3], True, phi.nfev)
        if da >= 0:
            return _zoom(phi, fx, d0, c1, c2, cur, prev)
        prev = cur
        if a >= alpha_max:
            break
        a = min(2.0 * a, alpha_max)
    return _fallback(prev, fx, g, phi.nfev)


def _fallback(lo: tuple, fx: float, g: np.ndarray, nfev: int) -> LineSearchResult:
    """No strong-Wolfe step: return ``lo`` if it decreased f (flagged not ok), else 0."""
    if lo[0] > 0 and lo[1] < fx:
        return LineSearchResult(lo[0], lo[1], lo[3], False, nfev)
    return LineSearchResult(0.0, fx, g, False, nfev)


def _cubic_min(lo: tuple, hi: tuple) -> float:
    """Minimizer of the cubic through (a, f, f') at both ends (N&W eq. (3.59)); NaN if none."""
    (a0, f0, d0), (a1, f1, d1) = lo, hi
    with np.errstate(all="ignore"):
        t1 = d0 + d1 - 3.0 * (f0 - f1) / (a0 - a1)
        disc = t1 * t1 - d0 * d1
        if not (math.isfinite(disc) and disc >= 0):
            return math.nan
        t2 = math.copysign(math.sqrt(disc), a1 - a0)
        den = d1 - d0 + 2.0 * t2
        return a1 - (a1 - a0) * (d1 + t2 - t1) / den if den != 0 else math.nan


def _zoom(phi: _Phi, fx: float, d0: float, c1: float, c2: float, lo: tuple, hi: tuple,
          max_iter: int = 30) -> LineSearchResult:
    """N&W Algorithm 3.6: shrink the bracket [lo, hi] (tuples a, f, f', grad)."""
    for _ in range(max_iter):
        width = hi[0] - lo[0]
        a = _cubic_min(lo[:3], hi[:3]) if math.isfinite(hi[1] + hi[2]) else math.nan
        inner = (min(lo[0], hi[0]) + 0.1 * abs(width), max(lo[0], hi[0]) - 0.1 * abs(width))
        if not (math.isfinite(a) and inner[0] <= a <= inner[1]):
            a = lo[0] + 0.5 * width
        cur = (a, *phi(a))
        fa, da = cur[1], cur[2]
        if phi.approx_wolfe(fa, da):
            return LineSearchResult(a, fa, cur[3], True, phi.nfev)
        if not math.isfinite(fa) or fa > fx + c1 * a * d0 or fa >= lo[1]:
            hi = cur
        else:
            if abs(da) <= -c2 * d0:
                return LineSearchResult(a, fa, cur[3], True, phi.nfev)
            if da * width >= 0:
                hi = lo
            lo = cur
        if abs(hi[0] - lo[0]) <= 1e-16 * max(1.0, abs(lo[0])):
            break
    # sufficient decrease may hold at lo without the curvature test: a usable step
    return _fallback(lo, fx, lo[3], phi.nfev)   # lo[3] is grad f(x) when lo[0] == 0
