"""Convex quadratic and linear programs by a primal-dual interior-point method (MML 7.3).

The problem is

.. math:: \\min_x \\tfrac12 x^\\top P x + q^\\top x \\quad
          \\text{s.t.} \\quad G x \\le h, \\; A x = b

with ``P`` symmetric positive semidefinite. With slacks :math:`s = h - Gx \\ge 0`, the
method follows the central path of the KKT conditions (Mehrotra's predictor-corrector;
Nocedal and Wright, section 16.6; Vandenberghe, *The CVXOPT linear and quadratic cone
program solvers*, 2010). Each Newton step reduces to the system
:math:`(P + G^\\top W G)\\,\\Delta x + A^\\top \\Delta y = r` with :math:`W = Z S^{-1}`,
solved with :mod:`mmlkit.decomp` (Cholesky and a Schur complement for the equality
constraints, LU on the full KKT matrix when that fails).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import as_float_array, as_matrix
from ..errors import InputValueError, NotPositiveDefiniteError, ShapeError, SingularMatrixError
from . import _linalg
from ._result import OptimizeResult, finish, success
from ._trace import check_options

__all__ = ["solve_qp", "linprog"]


def _qp_data(P: Any, q: Any, G: Any, h: Any, A: Any, b: Any, who: str = "solve_qp"
             ) -> tuple[np.ndarray, ...]:
    """Validate and shape the problem data; missing blocks become empty arrays."""
    q = as_float_array(q, f"{who}: q", ndim=1).astype(np.float64)
    n = q.size
    if P is None:
        P = np.zeros((n, n))
    P = as_matrix(P, f"{who}: P").astype(np.float64)
    if P.shape != (n, n):
        raise ShapeError(f"{who}: P has shape {P.shape}, expected ({n}, {n}) to match q")
    if not np.allclose(P, P.T, rtol=1e-10, atol=1e-12 * (1 + np.abs(P).max(initial=0))):
        raise InputValueError(f"{who}: P must be symmetric (positive semidefinite)")
    P = 0.5 * (P + P.T)
    _check_psd(P, who)
    G, h = _pair(G, h, n, "G", "h", who)
    A, b = _pair(A, b, n, "A", "b", who)
    return P, q, G, h, A, b


def _check_psd(P: np.ndarray, who: str) -> None:
    """Convexity: P + delta I must have a Cholesky factor for a tiny delta."""
    if not P.any():
        return
    delta = 1e-9 * float(np.abs(P).max())
    try:
        _linalg.cholesky(P + delta * np.eye(P.shape[0]))
    except NotPositiveDefiniteError as exc:
        raise InputValueError(f"{who}: P must be positive semidefinite (the problem must be "
                              "convex), but P has a direction of negative curvature") from exc


def _pair(M: Any, v: Any, n: int, mname: str, vname: str, who: str = "solve_qp"
          ) -> tuple[np.ndarray, np.ndarray]:
    if (M is None) != (v is None):
        raise InputValueError(f"{who}: give {mname} and {vname} together (or neither)")
    if M is None:
        return np.zeros((0, n)), np.zeros(0)
    M = as_float_array(M, f"{who}: {mname}", ndim=(1, 2)).astype(np.float64)
    M = M.reshape(1, -1) if M.ndim == 1 else M
    v = as_float_array(v, f"{who}: {vname}", ndim=(0, 1)).astype(np.float64).reshape(-1)
    if M.shape[1] != n or M.shape[0] != v.size:
        raise ShapeError(f"{who}: {mname} has shape {M.shape} and {vname} has {v.size} "
                         f"entries; expected ({v.size}, {n}) for {n} variables")
    return M, v


class _KKT:
    """Factor [[H, A^T], [A, 0]] once; solve it for several right-hand sides.

    Fast path: Cholesky of H and of the Schur complement A H^-1 A^T. When H is only
    semidefinite, LU of the whole (indefinite) KKT matrix.
    """

    def __init__(self, H: np.ndarray, A: np.ndarray):
        self.H, self.A, self.n, self.K = H, A, H.shape[0], None
        scale = max(1.0, float(np.max(np.abs(np.diagonal(H))))) if H.size else 1.0
        # near the end of the path H = P + G^T W G is very ill-conditioned; a tiny primal
        # regularization keeps it factorable (Altman and Gondzio 1999)
        for delta in (0.0, 1e-14, 1e-12, 1e-10):
            try:
                self._factor(H + (delta * scale) * np.eye(self.n) if delta else H, A)
                return
            except NotPositiveDefiniteError:
                continue
        p = A.shape[0]
        self.K = np.block([[H, A.T], [A, np.zeros((p, p))]])

    def _factor(self, H: np.ndarray, A: np.ndarray) -> None:
        self.Hs = _SPD(H)
        if A.shape[0]:
            self.HiAt = self.Hs.solve(A.T)
            S = A @ self.HiAt
            self.Ss = _SPD(0.5 * (S + S.T))                        # A H^-1 A^T

    def solve(self, r1: np.ndarray, r2: np.ndarray, refine: int = 2
              ) -> tuple[np.ndarray, np.ndarray]:
        """(dx, dy) with H dx + A^T dy = r1 and A dx = r2, with iterative refinement."""
        dx, dy = self._solve_once(r1, r2)
        for _ in range(refine if self.K is None else 0):
            e1 = r1 - self.H @ dx - self.A.T @ dy
            e2 = r2 - self.A @ dx
            cx, cy = self._solve_once(e1, e2)
            dx, dy = dx + cx, dy + cy
        return dx, dy

    def _solve_once(self, r1: np.ndarray, r2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.K is not None:
            sol = _linalg.solve(self.K, np.concatenate([r1, r2]))
            return sol[:self.n], sol[self.n:]
        u = self.Hs.solve(r1)
        if not self.A.shape[0]:
            return u, np.zeros(0)
        # Schur complement: (A H^-1 A^T) dy = A H^-1 r1 - r2, then dx = H^-1 (r1 - A^T dy)
        dy = self.Ss.solve(self.A @ u - r2)
        return u - self.HiAt @ dy, dy


class _SPD:
    """Solves with a symmetric positive definite M = L L^T through M^-1 = L^-T L^-1.

    L^-1 costs one blocked triangular solve with n right-hand sides; every solve after
    that is two matrix products, which beats two substitutions per right-hand side here
    (each Newton step needs six, with the iterative refinement).
    """

    def __init__(self, M: np.ndarray):
        self.Li = _linalg.cholesky_inverse_factor(M)

    def solve(self, r: np.ndarray) -> np.ndarray:
        return self.Li.T @ (self.Li @ r)


def _max_step(v: np.ndarray, dv: np.ndarray) -> float:
    """Largest alpha in (0, 1] with v + alpha dv >= 0 (v > 0)."""
    neg = dv < 0
    return float(min(1.0, np.min(-v[neg] / dv[neg]))) if np.any(neg) else 1.0


class _State:
    """Iterate (x, y, z, s) of the interior-point method and its residuals."""

    def __init__(self, data: tuple[np.ndarray, ...], x: np.ndarray, y: np.ndarray,
                 z: np.ndarray, s: np.ndarray):
        self.P, self.q, self.G, self.h, self.A, self.b = data
        self.x, self.y, self.z, self.s = x, y, z, s
        self.residuals()

    def residuals(self) -> None:
        P, q, G, h, A, b = self.P, self.q, self.G, self.h, self.A, self.b
        x, y, z, s = self.x, self.y, self.z, self.s
        self.rd = P @ x + q + A.T @ y + G.T @ z       # stationarity
        self.rp = A @ x - b                            # equality feasibility
        self.ri = G @ x + s - h                        # inequality feasibility
        self.mu = float(s @ z) / max(s.size, 1)

    def fun(self) -> float:
        return float(0.5 * self.x @ (self.P @ self.x) + self.q @ self.x)

    def errors(self) -> tuple[float, float, float]:
        """Relative primal residual, dual residual and duality gap."""
        inf = lambda v: float(np.max(np.abs(v))) if v.size else 0.0
        scale_p = 1.0 + max(inf(self.b), inf(self.h))
        primal = max(inf(self.rp), inf(self.ri)) / scale_p
        dual = inf(self.rd) / (1.0 + inf(self.q))
        gap = float(self.s @ self.z) / (1.0 + abs(self.fun()))
        return primal, dual, gap


def _initial_point(data: tuple[np.ndarray, ...]) -> _State:
    """CVXOPT's start: solve the KKT system with W = I, then shift s and z inside the cone."""
    P, q, G, h, A, b = data
    kkt = _KKT(P + G.T @ G, A)
    x, y = kkt.solve(-q + G.T @ h, b)
    s = h - G @ x
    z = -s.copy()
    for v in (s, z):
        lowest = float(v.min()) if v.size else 1.0
        if lowest <= 0:
            v += 1.0 - lowest
    return _State(data, x, y, z, s)


def _newton_step(st: _State, kkt: _KKT, rc: np.ndarray) -> tuple[np.ndarray, ...]:
    """Solve the linearized KKT conditions with complementarity residual ``rc``.

    P dx + A^T dy + G^T dz = -rd, A dx = -rp, G dx + ds = -ri, Z ds + S dz = -rc.
    """
    w = st.z / st.s
    r1 = -st.rd - st.G.T @ (w * st.ri - rc / st.s)
    dx, dy = kkt.solve(r1, -st.rp)
    dz = w * (st.G @ dx + st.ri) - rc / st.s
    ds = -st.ri - st.G @ dx
    return dx, dy, dz, ds


def _ip_iteration(st: _State) -> None:
    """One Mehrotra predictor-corrector step (N&W Algorithm 16.4), in place."""
    w = st.z / st.s
    H = st.P + (st.G.T * w) @ st.G
    kkt = _KKT(0.5 * (H + H.T), st.A)
    # predictor: the affine-scaling direction (sigma = 0)
    dx, dy, dz, ds = _newton_step(st, kkt, st.s * st.z)
    alpha = min(_max_step(st.s, ds), _max_step(st.z, dz))
    mu_aff = float((st.s + alpha * ds) @ (st.z + alpha * dz)) / st.s.size
    sigma = (mu_aff / st.mu) ** 3 if st.mu > 0 else 0.0
    # corrector: centring plus the second-order term ds_aff * dz_aff
    rc = st.s * st.z + ds * dz - sigma * st.mu
    dx, dy, dz, ds = _newton_step(st, kkt, rc)
    alpha = min(1.0, 0.99 * min(_max_step(st.s, ds), _max_step(st.z, dz)))
    st.x = st.x + alpha * dx
    st.y = st.y + alpha * dy
    st.z = st.z + alpha * dz
    st.s = st.s + alpha * ds
    st.residuals()


def solve_qp(P: Any, q: Any, G: Any = None, h: Any = None, A: Any = None, b: Any = None, *,
             tol: float = 1e-9, n_iter: int = 100, raise_on_failure: bool = False
             ) -> OptimizeResult:
    r"""Solve a convex quadratic program by a primal-dual interior-point method.

    .. math:: \min_x \tfrac12 x^\top P x + q^\top x \quad \text{s.t.}\quad
              Gx \le h,\; Ax = b

    Parameters
    ----------
    P : array-like of shape (n, n) or None
        Symmetric positive semidefinite; ``None`` (or zeros) gives a linear program.
    q : array-like of shape (n,)
    G, h : array-likes of shapes (m, n) and (m,), optional
        Inequality constraints :math:`Gx \le h`.
    A, b : array-likes of shapes (p, n) and (p,), optional
        Equality constraints :math:`Ax = b` (``A`` of full row rank).
    tol : float, default 1e-9
        Stop when the relative primal and dual residuals and the duality gap are below;
        the last iterate is then polished by one solve of the KKT system on the active
        set (kept only if it is feasible and at least as accurate).
    n_iter : int, default 100
    raise_on_failure : bool, default False

    Returns
    -------
    OptimizeResult
        ``multipliers["ineq"]`` (:math:`z \ge 0`) and ``multipliers["eq"]`` (:math:`y`)
        satisfy :math:`Px + q + G^\top z + A^\top y = 0` (MML eq. (7.20) convention);
        ``reason`` is ``"kkt"`` on success, ``"infeasible"``, ``"unbounded"`` or
        ``"max_iter"`` otherwise. ``info`` holds the slacks and final residuals.

    Examples
    --------
    >>> import numpy as np
    >>> P, q = np.eye(2), np.array([-1.0, -1.0])      # nearest point to (1, 1) ...
    >>> G, h = np.array([[1.0, 1.0]]), np.array([1.0])  # ... with x1 + x2 <= 1
    >>> res = solve_qp(P, q, G, h)
    >>> np.round(res.x, 8), np.round(res.multipliers["ineq"], 8)
    (array([0.5, 0.5]), array([0.5]))
    """
    data = _qp_data(P, q, G, h, A, b)
    tol, n_iter = check_options("solve_qp", tol, n_iter)
    return finish(_solve(data, tol, n_iter), raise_on_failure, "solve_qp")


def _solve(data: tuple[np.ndarray, ...], tol: float, n_iter: int) -> OptimizeResult:
    """The interior-point loop (no convergence policy applied)."""
    if data[2].shape[0] == 0:
        return _equality_qp(data)
    try:
        st = _initial_point(data)
    except SingularMatrixError as exc:
        raise SingularMatrixError(f"solve_qp: the KKT system is singular at the start ({exc}); "
                                  "check that A has full row rank") from exc
    xs, reason, best = [st.x.copy()], "max_iter", np.inf
    for _ in range(n_iter):
        reason = _status(st, tol)
        err = max(st.errors())
        if reason != "running" or (st.errors()[2] < 1e-3 * tol and err >= 0.5 * best):
            break                       # done, or stalled at the limit of the linear solves
        best = min(best, err)
        try:
            _ip_iteration(st)
        except (SingularMatrixError, NotPositiveDefiniteError):
            reason = "singular"
            break
        xs.append(st.x.copy())
    else:
        reason = _status(st, tol)
    if reason in ("running", "max_iter", "singular", "kkt") and _polish(st):
        xs.append(st.x.copy())
        reason = _status(st, tol)
    return _qp_result(st, xs, "max_iter" if reason == "running" else reason)


def _polish(st: _State) -> bool:
    """Solve the KKT system with the apparent active set as equalities (as OSQP polishes).

    Kept only when the multipliers stay >= 0, the inactive constraints stay satisfied and
    the KKT residuals do not grow; this removes the last interior-point error.
    """
    active = st.z > st.s
    Ga, n, p, k = st.G[active], st.P.shape[0], st.A.shape[0], int(active.sum())
    E = np.vstack([st.A, Ga])
    K = np.block([[st.P, E.T], [E, np.zeros((p + k, p + k))]])
    try:
        sol = _linalg.solve(K, np.concatenate([-st.q, st.b, st.h[active]]))
    except SingularMatrixError:
        return False
    x, y, za = sol[:n], sol[n:n + p], sol[n + p:]
    z = np.zeros_like(st.z)
    z[active] = za
    s = st.h - st.G @ x
    scale = 1e-12 * (1.0 + np.abs(st.h).max(initial=0) + np.abs(z).max(initial=0))
    if za.size and za.min() < -scale or s.size and s.min() < -scale:
        return False
    trial = _State((st.P, st.q, st.G, st.h, st.A, st.b), x, y, z, np.maximum(s, 0.0))
    if max(trial.errors()) > max(st.errors()):
        return False
    st.x, st.y, st.z, st.s = trial.x, trial.y, trial.z, trial.s
    st.residuals()
    return True


def _status(st: _State, tol: float) -> str:
    """ "kkt" when converged, "infeasible"/"unbounded" on a blow-up, else "running"."""
    primal, dual, gap = st.errors()
    if max(primal, dual, gap) <= tol:
        return "kkt"
    big = 1e12 * (1.0 + max(np.abs(st.q).max(initial=0), np.abs(st.h).max(initial=0)))
    if np.abs(st.z).max(initial=0) > big and primal > tol:
        return "infeasible"
    if np.abs(st.x).max(initial=0) > big:
        return "unbounded"
    return "running"


_QP_MESSAGES = {
    "kkt": "converged: KKT residuals and duality gap below tol",
    "infeasible": "stopped: the constraints appear infeasible (multipliers diverge)",
    "unbounded": "stopped: the objective appears unbounded below (x diverges)",
    "singular": "stopped: the KKT system is singular (dependent equality constraints, or "
                "an objective unbounded along a direction no constraint limits)",
}


def _qp_result(st: _State, xs: list[np.ndarray], reason: str) -> OptimizeResult:
    primal, dual, gap = st.errors()
    msg = _QP_MESSAGES.get(reason) or (
        f"did not converge in {len(xs) - 1} iterations (primal residual {primal:.2g}, "
        f"dual residual {dual:.2g}, gap {gap:.2g})")
    return OptimizeResult(
        x=st.x, fun=st.fun(), nit=len(xs) - 1, converged=success(reason),
        trajectory=np.array(xs), reason=reason, message=msg, grad=st.P @ st.x + st.q,
        multipliers={"eq": st.y, "ineq": st.z}, fun_history=None,
        info={"slack": st.s, "primal_residual": primal, "dual_residual": dual, "gap": gap})


def _equality_qp(data: tuple[np.ndarray, ...]) -> OptimizeResult:
    """No inequalities: one solve of the KKT system [[P, A^T], [A, 0]] (MML eq. (7.20))."""
    P, q, G, h, A, b = data
    try:
        x, y = _KKT(P, A).solve(-q, b)
    except SingularMatrixError:
        x, y = np.zeros_like(q), np.zeros(A.shape[0])
    st = _State(data, x, y, np.zeros(0), np.zeros(0))
    primal, dual, _ = st.errors()
    reason = "kkt" if max(primal, dual) <= 1e-8 else "singular"
    res = _qp_result(st, [np.zeros_like(x), x], reason)
    res.nit = 1
    return res


def linprog(c: Any, A_ub: Any = None, b_ub: Any = None, A_eq: Any = None, b_eq: Any = None,
            bounds: Any = (0, None), *, tol: float = 1e-9, n_iter: int = 100,
            raise_on_failure: bool = False) -> OptimizeResult:
    r"""Solve a linear program with the interior-point machinery of :func:`solve_qp`.

    .. math:: \min_x c^\top x \quad \text{s.t.}\quad A_{ub} x \le b_{ub},\;
              A_{eq} x = b_{eq},\; l \le x \le u

    The arguments follow ``scipy.optimize.linprog``: ``bounds`` is one ``(low, high)``
    pair for every variable or a sequence of pairs, ``None`` meaning unbounded; the
    default ``(0, None)`` means :math:`x \ge 0`.

    Returns
    -------
    OptimizeResult
        ``multipliers`` has ``"ineq"`` (for ``A_ub``), ``"eq"``, ``"lower"`` and
        ``"upper"`` (for the bounds), all with the sign of :func:`solve_qp`.

    Examples
    --------
    >>> res = linprog([-1.0, -2.0], A_ub=[[1.0, 1.0], [1.0, -1.0]], b_ub=[4.0, 2.0],
    ...               bounds=[(0, 3), (0, 3)])
    >>> res.x.round(8).tolist(), round(res.fun, 8)
    ([1.0, 3.0], -7.0)
    """
    c = as_float_array(c, "linprog: c", ndim=1).astype(np.float64)
    lo, hi = _bounds(bounds, c.size, "linprog")
    G, h, n_ub, rows = _stack_bounds(A_ub, b_ub, lo, hi, c.size)
    tol, n_iter = check_options("linprog", tol, n_iter)
    data = _qp_data(None, c, G if G.shape[0] else None, h if G.shape[0] else None, A_eq, b_eq,
                    "linprog")
    res = _solve(data, tol, n_iter)
    z = res.multipliers["ineq"] if G.shape[0] else np.zeros(0)
    res.multipliers = {"eq": res.multipliers["eq"], "ineq": z[:n_ub],
                       **_split_bound_multipliers(z[n_ub:], rows, c.size)}
    return finish(res, raise_on_failure, "linprog")


def _bounds(bounds: Any, n: int, who: str) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound vectors (with -inf/inf) from scipy-style bounds."""
    if bounds is None:
        pairs: Sequence = [(None, None)] * n
    elif (isinstance(bounds, (tuple, list)) and len(bounds) == 2
          and all(v is None or np.isscalar(v) for v in bounds)):
        pairs = [tuple(bounds)] * n
    else:
        pairs = list(bounds)
    if len(pairs) != n:
        raise ShapeError(f"{who}: bounds has {len(pairs)} pairs for {n} variables")
    lo = np.array([-np.inf if p[0] is None else float(p[0]) for p in pairs])
    hi = np.array([np.inf if p[1] is None else float(p[1]) for p in pairs])
    if np.any(np.isnan(lo)) or np.any(np.isnan(hi)) or np.any(lo > hi):
        raise InputValueError(f"{who}: every bound pair needs low <= high, got {pairs}")
    return lo, hi


def _stack_bounds(A_ub: Any, b_ub: Any, lo: np.ndarray, hi: np.ndarray, n: int
                  ) -> tuple[np.ndarray, np.ndarray, int, tuple[np.ndarray, np.ndarray]]:
    """G x <= h from A_ub, then -x_i <= -l_i and x_i <= u_i for finite bounds."""
    G, h = _pair(A_ub, b_ub, n, "A_ub", "b_ub", "linprog")
    eye = np.eye(n)
    il, iu = np.flatnonzero(np.isfinite(lo)), np.flatnonzero(np.isfinite(hi))
    G = np.vstack([G, -eye[il], eye[iu]])
    h = np.concatenate([h, -lo[il], hi[iu]])
    return G, h, G.shape[0] - il.size - iu.size, (il, iu)


def _split_bound_multipliers(z: np.ndarray, rows: tuple[np.ndarray, np.ndarray], n: int
                             ) -> dict[str, np.ndarray]:
    il, iu = rows
    lower, upper = np.zeros(n), np.zeros(n)
    lower[il] = z[:il.size]
    upper[iu] = z[il.size:]
    return {"lower": lower, "upper": upper}

