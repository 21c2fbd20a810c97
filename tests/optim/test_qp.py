"""solve_qp and linprog against scipy.optimize (SLSQP, linprog/HiGHS) and the KKT conditions.

Multipliers: we return z >= 0 with P x + q + G^T z + A^T y = 0. HiGHS reports marginals
as derivatives of the optimal value w.r.t. the right-hand sides, i.e. -z and -y.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so

from mmlkit.errors import ConvergenceError, InputValueError, ShapeError
from mmlkit.optim import ConvergenceWarning, linprog, solve_qp


def _random_qp(n, m, p, seed):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((n, n))
    P = M @ M.T / n + 0.1 * np.eye(n)
    q = rng.standard_normal(n)
    G = rng.standard_normal((m, n))
    x_feas = rng.standard_normal(n) * 0.1
    h = G @ x_feas + rng.random(m)
    A = rng.standard_normal((p, n))
    b = A @ x_feas
    return P, q, G, h, A, b


def _assert_kkt(res, P, q, G=None, h=None, A=None, b=None, atol=1e-7):
    x, z, y = res.x, res.multipliers["ineq"], res.multipliers["eq"]
    r = P @ x + q
    if G is not None:
        r = r + G.T @ z
        assert np.all(z >= -atol) and np.all(G @ x <= h + atol)
        np.testing.assert_allclose(z * (h - G @ x), 0.0, atol=atol)    # complementarity
    if A is not None:
        r = r + A.T @ y
        np.testing.assert_allclose(A @ x, b, atol=atol)
    np.testing.assert_allclose(r, 0.0, atol=atol)


@pytest.mark.parametrize("n, m, p, seed", [(3, 5, 0, 0), (5, 8, 2, 1), (10, 20, 3, 2),
                                           (20, 30, 5, 3), (8, 4, 0, 4)])
def test_random_convex_qp_matches_slsqp(n, m, p, seed):
    P, q, G, h, A, b = _random_qp(n, m, p, seed)
    res = solve_qp(P, q, G, h, A if p else None, b if p else None)
    assert res.converged and res.reason == "kkt"
    cons = [{"type": "ineq", "fun": lambda x: h - G @ x, "jac": lambda x: -G}]
    if p:
        cons.append({"type": "eq", "fun": lambda x: A @ x - b, "jac": lambda x: A})
    ref = so.minimize(lambda x: 0.5 * x @ P @ x + q @ x, np.zeros(n), jac=lambda x: P @ x + q,
                      method="SLSQP", constraints=cons, options={"ftol": 1e-15, "maxiter": 500})
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    assert res.fun == pytest.approx(ref.fun, abs=1e-7)
    # SLSQP lists the equality multipliers first (sign: -y), then the inequalities
    np.testing.assert_allclose(res.multipliers["ineq"], ref.multipliers[p:], atol=1e-6)
    if p:
        np.testing.assert_allclose(res.multipliers["eq"], -ref.multipliers[:p], atol=1e-6)
    _assert_kkt(res, P, q, G, h, A if p else None, b if p else None)


def _simplex_projection(a):
    """Euclidean projection onto the probability simplex (sort-based, Duchi et al. 2008)."""
    u = np.sort(a)[::-1]
    css = np.cumsum(u)
    k = np.nonzero(u * np.arange(1, a.size + 1) > css - 1)[0][-1]
    theta = (css[k] - 1) / (k + 1.0)
    return np.maximum(a - theta, 0.0), theta


@pytest.mark.parametrize("seed", range(4))
def test_projection_onto_simplex_closed_form(seed):
    # min 1/2 |x - a|^2 s.t. sum x = 1, x >= 0; multipliers: y = theta, z = max(theta - a, 0)
    a = np.random.default_rng(seed).standard_normal(12)
    x_star, theta = _simplex_projection(a)
    n = a.size
    res = solve_qp(np.eye(n), -a, -np.eye(n), np.zeros(n), np.ones((1, n)), [1.0])
    np.testing.assert_allclose(res.x, x_star, atol=1e-8)
    np.testing.assert_allclose(res.multipliers["eq"], [theta], atol=1e-8)
    np.testing.assert_allclose(res.multipliers["ineq"], np.maximum(theta - a, 0.0), atol=1e-8)


def test_equality_only_qp_is_one_kkt_solve():
    P, q, _, _, A, b = _random_qp(6, 1, 2, 5)
    K = np.block([[P, A.T], [A, np.zeros((2, 2))]])
    sol = np.linalg.solve(K, np.concatenate([-q, b]))
    res = solve_qp(P, q, A=A, b=b)
    assert res.converged and res.nit == 1
    np.testing.assert_allclose(res.x, sol[:6], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(res.multipliers["eq"], sol[6:], rtol=1e-10, atol=1e-12)
    unconstrained = solve_qp(P, q)
    np.testing.assert_allclose(unconstrained.x, np.linalg.solve(P, -q), rtol=1e-10)


def _random_lp(n, m, seed):
    rng = np.random.default_rng(seed)
    A_ub = rng.standard_normal((m, n))
    b_ub = A_ub @ rng.random(n) + rng.random(m)
    c = rng.standard_normal(n)
    return c, A_ub, b_ub


@pytest.mark.parametrize("n, m, seed", [(4, 6, 0), (10, 15, 1), (25, 40, 2)])
def test_linprog_matches_highs(n, m, seed):
    c, A_ub, b_ub = _random_lp(n, m, seed)
    rng = np.random.default_rng(seed + 100)
    A_eq = rng.standard_normal((2, n))
    b_eq = A_eq @ np.full(n, 0.5)
    bounds = [(0, 1)] * n
    ref = so.linprog(c, A_ub, b_ub, A_eq, b_eq, bounds=bounds, method="highs")
    res = linprog(c, A_ub, b_ub, A_eq, b_eq, bounds=bounds)
    assert ref.status == 0 and res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    assert res.fun == pytest.approx(ref.fun, abs=1e-7)
    m_ = res.multipliers
    np.testing.assert_allclose(m_["ineq"], -ref.ineqlin.marginals, atol=1e-6)
    np.testing.assert_allclose(m_["eq"], -ref.eqlin.marginals, atol=1e-6)
    np.testing.assert_allclose(m_["lower"], ref.lower.marginals, atol=1e-6)
    np.testing.assert_allclose(m_["upper"], -ref.upper.marginals, atol=1e-6)


def test_linprog_textbook_example_and_default_bounds():
    # max x1 + 2 x2 s.t. x1 + x2 <= 4, x1 - x2 <= 2, 0 <= x <= 3: vertex (1, 3), value 7
    res = linprog([-1.0, -2.0], A_ub=[[1.0, 1.0], [1.0, -1.0]], b_ub=[4.0, 2.0],
                  bounds=[(0, 3), (0, 3)])
    np.testing.assert_allclose(res.x, [1.0, 3.0], atol=1e-8)
    np.testing.assert_allclose(res.multipliers["ineq"], [1.0, 0.0], atol=1e-8)
    np.testing.assert_allclose(res.multipliers["upper"], [0.0, 1.0], atol=1e-8)
    # default bounds x >= 0, as scipy
    ref = so.linprog([1.0, 1.0], A_ub=[[-1.0, -2.0]], b_ub=[-2.0])
    ours = linprog([1.0, 1.0], A_ub=[[-1.0, -2.0]], b_ub=[-2.0])
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-7)


def test_lp_through_solve_qp_with_free_variables():
    # min c.x over a polytope given only by G x <= h (free variables): same as HiGHS
    c, A_ub, b_ub = _random_lp(5, 12, 7)
    G = np.vstack([A_ub, np.eye(5), -np.eye(5)])
    h = np.concatenate([b_ub, np.full(5, 2.0), np.full(5, 2.0)])
    ref = so.linprog(c, G, h, bounds=(None, None), method="highs")
    res = solve_qp(None, c, G, h)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    np.testing.assert_allclose(res.multipliers["ineq"], -ref.ineqlin.marginals, atol=1e-6)


def test_infeasible_and_unbounded_are_reported():
    with pytest.warns(ConvergenceWarning, match="infeasible"):
        res = linprog([1.0], A_ub=[[-1.0], [1.0]], b_ub=[-1.0, 0.0], bounds=None)
    assert not res.converged and res.reason == "infeasible"
    with pytest.warns(ConvergenceWarning, match="unbounded"):
        res = linprog([-1.0, 0.0], A_ub=[[0.0, 1.0]], b_ub=[1.0])
    assert not res.converged and res.reason == "unbounded"
    with pytest.raises(ConvergenceError):
        solve_qp(None, [-1.0], [[-1.0]], [0.0], raise_on_failure=True)


def test_qp_validation_and_no_mutation():
    P, q = np.eye(2), np.array([1.0, 1.0])
    with pytest.raises(ShapeError, match="P has shape"):
        solve_qp(np.eye(3), q)
    with pytest.raises(InputValueError, match="symmetric"):
        solve_qp([[1.0, 2.0], [0.0, 1.0]], q)
    with pytest.raises(InputValueError, match="positive semidefinite"):
        solve_qp([[1.0, 0.0], [0.0, -1.0]], q, G=np.eye(2), h=np.ones(2))
    with pytest.raises(InputValueError, match="together"):
        solve_qp(P, q, G=np.eye(2))
    with pytest.raises(ShapeError, match="G has shape"):
        solve_qp(P, q, G=np.eye(3), h=np.ones(3))
    with pytest.raises(InputValueError, match="NaN"):
        solve_qp(P, [np.nan, 1.0])
    with pytest.raises(InputValueError, match="low <= high"):
        linprog([1.0], bounds=[(2, 1)])
    G, h = np.array([[1.0, 1.0]]), np.array([1.0])
    keep = [a.copy() for a in (P, q, G, h)]
    solve_qp(P, q, G, h)
    for a, k in zip((P, q, G, h), keep, strict=True):
        np.testing.assert_array_equal(a, k)


@pytest.mark.slow
@pytest.mark.parametrize("n", [100, 200])
def test_larger_qp_kkt(n):
    P, q, G, h, A, b = _random_qp(n, 2 * n, n // 10, 11)
    res = solve_qp(P, q, G, h, A, b)
    assert res.converged
    _assert_kkt(res, P, q, G, h, A, b, atol=1e-6)
