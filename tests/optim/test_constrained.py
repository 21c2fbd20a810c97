"""minimize_constrained against analytic KKT points and scipy.optimize (SLSQP, L-BFGS-B).

Sign conventions: we write g(x) <= 0 and L = f + lam.h + mu.g (MML eq. (7.20)); SLSQP
writes c(x) >= 0 and L = f - lam_s.c, so lam = -lam_s for equalities and mu = mu_s for
inequalities.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so

from mmlkit.errors import ConvergenceError, InputTypeError, InputValueError, ShapeError
from mmlkit.optim import ConvergenceWarning, minimize_constrained

from .problems import rosen, rosen_der


def _negated(c):
    return lambda x: -c(x)


def _slsqp(f, g, x0, eq=(), ineq=(), bounds=None):
    cons = [{"type": "eq", "fun": c} for c in eq]
    cons += [{"type": "ineq", "fun": _negated(c)} for c in ineq]
    return so.minimize(f, x0, jac=g, method="SLSQP", constraints=cons, bounds=bounds,
                       options={"ftol": 1e-15, "maxiter": 1000})


def test_circle_equality_analytic_and_scipy():
    # min x1 + x2 s.t. x1^2 + x2^2 = 1: x* = -(1, 1)/sqrt 2, 1 + 2 lam x = 0 -> lam = 1/sqrt 2
    f, g = lambda x: x[0] + x[1], lambda x: np.ones(2)
    h = lambda x: x @ x - 1
    res = minimize_constrained(f, [1.0, 0.0], grad=g, eq=h, eq_jac=lambda x: 2 * x[None, :])
    assert res.converged and res.reason == "kkt"
    np.testing.assert_allclose(res.x, -np.ones(2) / np.sqrt(2), atol=1e-8)
    np.testing.assert_allclose(res.multipliers["eq"], [1 / np.sqrt(2)], atol=1e-7)
    ref = _slsqp(f, g, [1.0, 0.0], eq=[h])
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["eq"], -ref.multipliers, atol=1e-6)


def test_two_linear_equalities_match_kkt_solve():
    # min |x|^2 s.t. M x = v: the KKT system [[2I, M^T], [M, 0]] [x; lam] = [0; v]
    M = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, 0.0]])
    v = np.array([1.0, 0.5])
    K = np.block([[2 * np.eye(3), M.T], [M, np.zeros((2, 2))]])
    sol = np.linalg.solve(K, np.concatenate([np.zeros(3), v]))
    res = minimize_constrained(lambda x: x @ x, np.zeros(3), grad=lambda x: 2 * x, eq=(M, v))
    np.testing.assert_allclose(res.x, sol[:3], atol=1e-8)
    np.testing.assert_allclose(res.multipliers["eq"], sol[3:], atol=1e-7)


def test_linear_inequalities_and_bounds_scipy_tutorial():
    # scipy's SLSQP tutorial problem; x* = (1.4, 1.7), only the first constraint active
    f = lambda x: (x[0] - 1) ** 2 + (x[1] - 2.5) ** 2
    g = lambda x: np.array([2 * (x[0] - 1), 2 * (x[1] - 2.5)])
    M, v = np.array([[-1.0, 2.0], [1.0, 2.0], [1.0, -2.0]]), np.array([2.0, 6.0, 2.0])
    res = minimize_constrained(f, [2.0, 0.0], grad=g, ineq=(M, v), bounds=[(0, None)] * 2)
    ref = _slsqp(f, g, [2.0, 0.0], ineq=[lambda x: M @ x - v], bounds=[(0, None)] * 2)
    np.testing.assert_allclose(res.x, [1.4, 1.7], atol=1e-8)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], ref.multipliers, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], [0.8, 0.0, 0.0], atol=1e-7)
    np.testing.assert_allclose(res.multipliers["lower"], 0.0, atol=1e-8)


@pytest.mark.parametrize("radius2", [1.5, 0.5])
def test_rosenbrock_in_a_disk(radius2):
    c = lambda x: x @ x - radius2
    res = minimize_constrained(rosen, [0.0, 0.0], grad=rosen_der, ineq=c,
                               ineq_jac=lambda x: 2 * x[None, :])
    ref = _slsqp(rosen, rosen_der, [0.0, 0.0], ineq=[c])
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], ref.multipliers, atol=1e-6)
    assert res.multipliers["ineq"][0] > 0                      # active: (1, 1) is outside


def test_inactive_inequality_has_zero_multiplier():
    res = minimize_constrained(rosen, [0.0, 0.0], grad=rosen_der,
                               ineq=lambda x: x @ x - 4.0, ineq_jac=lambda x: 2 * x[None, :])
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-7)
    assert res.multipliers["ineq"][0] == 0.0


def _hs071():
    f = lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]
    g = lambda x: np.array([x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1,
                            x[0] * (x[0] + x[1] + x[2])])
    h = lambda x: x @ x - 40.0
    ineq = lambda x: 25.0 - np.prod(x)
    ineq_jac = lambda x: -np.array([[np.prod(np.delete(x, i)) for i in range(4)]])
    return f, g, h, ineq, ineq_jac


def test_hock_schittkowski_71():
    # HS071 (Hock and Schittkowski 1981): x* = (1, 4.7430, 3.8211, 1.3794), f* = 17.0140
    f, g, h, ineq, ineq_jac = _hs071()
    x0, bounds = [1.0, 5.0, 5.0, 1.0], [(1, 5)] * 4
    res = minimize_constrained(f, x0, grad=g, eq=h, eq_jac=lambda x: 2 * x[None, :],
                               ineq=ineq, ineq_jac=ineq_jac, bounds=bounds)
    ref = _slsqp(f, g, x0, eq=[h], ineq=[ineq], bounds=bounds)
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.x, [1.0, 4.74299963, 3.82114998, 1.37940829], atol=1e-6)
    assert res.fun == pytest.approx(17.0140173, abs=1e-6)
    np.testing.assert_allclose(res.multipliers["eq"], -ref.multipliers[:1], atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], ref.multipliers[1:], atol=1e-6)
    # stationarity including the bound multipliers: grad f + lam grad h + mu grad g
    #   - lower + upper = 0
    m = res.multipliers
    r = (g(res.x) + m["eq"][0] * 2 * res.x + m["ineq"][0] * ineq_jac(res.x)[0]
         - m["lower"] + m["upper"])
    np.testing.assert_allclose(r, 0.0, atol=1e-7)
    assert m["lower"][0] > 0 and np.all(m["upper"] == 0)


@pytest.mark.parametrize("n", [2, 5])
def test_bounds_only_projected_gradient_matches_lbfgsb(n):
    bounds = [(-1.0, 0.5)] + [(-1.0, 2.0)] * (n - 1)
    x0 = np.zeros(n)
    ref = so.minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B", bounds=bounds,
                      options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 10000})
    res = minimize_constrained(rosen, x0, grad=rosen_der, bounds=bounds)
    assert res.converged and res.reason == "gtol"
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    # KKT for bounds: the multiplier of the active upper bound is -df/dx there
    g = rosen_der(res.x)
    assert res.x[0] == 0.5
    np.testing.assert_allclose(res.multipliers["upper"][0], -g[0], rtol=1e-10)
    np.testing.assert_allclose(g[1:], 0.0, atol=1e-7)


def test_constraints_given_as_lists_and_mixed_types():
    # min (x-2)^2 + (y-1)^2 s.t. y = x^2 ... from (KKT by hand): use SLSQP as the oracle
    f = lambda x: (x[0] - 2) ** 2 + (x[1] - 1) ** 2
    g = lambda x: np.array([2 * (x[0] - 2), 2 * (x[1] - 1)])
    eqs = [lambda x: x[1] - x[0] ** 2]
    ineqs = [lambda x: x[0] + x[1] - 2.0]
    res = minimize_constrained(f, [0.0, 0.0], grad=g, eq=eqs,
                               eq_jac=lambda x: np.array([[-2 * x[0], 1.0]]),
                               ineq=ineqs, ineq_jac=lambda x: np.array([[1.0, 1.0]]))
    ref = _slsqp(f, g, [0.0, 0.0], eq=eqs, ineq=ineqs)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["eq"], -ref.multipliers[:1], atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], ref.multipliers[1:], atol=1e-6)


def test_inconsistent_constraints_follow_policy():
    f, g = lambda x: x @ x, lambda x: 2 * x
    eq = (np.array([[1.0], [1.0]]), np.array([1.0, 2.0]))
    with pytest.warns(ConvergenceWarning, match="minimize_constrained"):
        res = minimize_constrained(f, [0.0], grad=g, eq=eq, n_iter=8)
    assert not res.converged and res.info["feasibility"] > 0.1
    with pytest.raises(ConvergenceError):
        minimize_constrained(f, [0.0], grad=g, eq=eq, n_iter=8, raise_on_failure=True)


def test_validation():
    f, g = lambda x: x @ x, lambda x: 2 * x
    with pytest.raises(InputTypeError, match="eq must be"):
        minimize_constrained(f, [0.0], grad=g, eq=3.0)
    with pytest.raises(InputValueError, match="low <= high"):
        minimize_constrained(f, [0.0], grad=g, bounds=[(1, 0)])
    with pytest.raises(ShapeError, match="1-D"):
        minimize_constrained(f, [[0.0]], grad=g, bounds=[(0, 1)])
    with pytest.raises(InputValueError, match="give eq, ineq or bounds"):
        minimize_constrained(f, [0.0], grad=g)
    with pytest.raises(ShapeError, match="bounds has 1 pairs for 2"):
        minimize_constrained(f, [0.0, 1.0], grad=g, bounds=[(0, 1)])
    with pytest.raises(ShapeError, match="Jacobian"):
        minimize_constrained(f, [1.0, 0.0], grad=g, eq=lambda x: x[0] - 1,
                             eq_jac=lambda x: np.ones(3))
    x0 = np.array([3.0, 4.0])
    minimize_constrained(f, x0, grad=g, bounds=(1, 2))
    np.testing.assert_array_equal(x0, [3.0, 4.0])
