"""Line searches: the Armijo and strong Wolfe conditions they promise (N&W chapter 3)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so

from mmlkit.errors import InputValueError
from mmlkit.optim import backtracking, wolfe

from .problems import rosen, rosen_der


def _points(n=12, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-2, 2, size=rng.integers(2, 6)) for _ in range(n)]


@pytest.mark.parametrize("x", _points(), ids=lambda x: f"n{x.size}")
@pytest.mark.parametrize("c2", [0.9, 0.1])
def test_wolfe_step_satisfies_strong_wolfe(x, c2):
    c1 = 1e-4
    g = rosen_der(x)
    p = -g / np.linalg.norm(g)
    fx = rosen(x)
    res = wolfe(lambda z: (rosen(z), rosen_der(z)), x, fx, g, p, c1=c1, c2=c2)
    assert res.ok and res.alpha > 0
    a = res.alpha
    assert rosen(x + a * p) <= fx + c1 * a * (g @ p)
    assert abs(rosen_der(x + a * p) @ p) <= c2 * abs(g @ p)
    assert res.fun == rosen(x + a * p)
    np.testing.assert_array_equal(res.grad, rosen_der(x + a * p))
    # scipy's line search finds a step meeting the same conditions from the same data
    ref = so.line_search(rosen, rosen_der, x, p, gfk=g, old_fval=fx, c1=c1, c2=c2)
    if ref[0] is not None:
        assert abs(rosen_der(x + ref[0] * p) @ p) <= c2 * abs(g @ p) + 1e-12


def test_wolfe_on_a_quadratic_brackets_the_exact_minimizer():
    A = np.diag([1.0, 4.0, 9.0])
    fg = lambda z: (0.5 * z @ A @ z, A @ z)
    x = np.array([1.0, 1.0, 1.0])
    g = A @ x
    p = -g
    alpha_star = (g @ g) / (g @ A @ g)          # exact line minimizer
    res = wolfe(fg, x, fg(x)[0], g, p, c2=0.01)
    # |phi'(a)| <= 0.01 |phi'(0)| and phi' linear in a: a within 1% of alpha*
    assert res.ok and abs(res.alpha - alpha_star) <= 0.01 * alpha_star + 1e-15


def test_backtracking_returns_the_first_armijo_step():
    x = np.array([-1.2, 1.0])
    g = rosen_der(x)
    res = backtracking(rosen, x, rosen(x), g, -g, alpha0=1.0, shrink=0.5)
    a = res.alpha
    assert res.ok and rosen(x - a * g) <= rosen(x) - 1e-4 * a * (g @ g)
    assert rosen(x - 2 * a * g) > rosen(x) - 1e-4 * 2 * a * (g @ g)   # the step before failed
    assert np.log2(a) == int(np.log2(a))


def test_not_a_descent_direction_fails_cleanly():
    x = np.array([1.0, 2.0])
    g = rosen_der(x)
    assert not backtracking(rosen, x, rosen(x), g, g).ok
    res = wolfe(lambda z: (rosen(z), rosen_der(z)), x, rosen(x), g, g)
    assert not res.ok and res.alpha == 0.0


def test_non_finite_trial_values_shrink_the_step():
    f = lambda z: float(np.exp(z[0] ** 2)) if abs(z[0]) < 20 else float("inf")
    fg = lambda z: (f(z), np.array([2 * z[0] * f(z)]))
    x = np.array([1.0])
    fx, g = fg(x)
    res = wolfe(fg, x, fx, g, np.array([-50.0]))
    assert res.ok and np.isfinite(res.fun) and res.fun < fx
    assert backtracking(f, x, fx, g, np.array([-50.0])).ok


@pytest.mark.parametrize("kw", [{"c1": 0.0}, {"c1": 1.0}, {"c1": 0.5, "c2": 0.4}])
def test_bad_constants(kw):
    x = np.array([1.0, 2.0])
    g = rosen_der(x)
    with pytest.raises(InputValueError):
        wolfe(lambda z: (rosen(z), rosen_der(z)), x, rosen(x), g, -g, **kw)
    with pytest.raises(InputValueError):
        backtracking(rosen, x, rosen(x), g, -g, shrink=1.5)
