"""Tour, chapter 7: gradient descent, momentum, Adam, Lagrange multipliers and a QP."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

TITLE = "Chapter 7 - Continuous optimization (mmlkit.optim)"

# f(x) = 1/2 x^T A x has its minimum at 0; GD converges iff lr < 2 / lambda_max = 0.2
A = np.array([[1.0, 0.0], [0.0, 10.0]])
X0 = np.array([-4.0, 1.5])


def _quad(x: np.ndarray) -> float:
    return float(0.5 * x @ A @ x)


def _quad_grad(x: np.ndarray) -> np.ndarray:
    return A @ x


def _descents(echo: Callable[[str], None]) -> dict[str, np.ndarray]:
    from ...optim import gradient_descent, minimize

    echo("Gradient descent on f(x) = 1/2 x^T diag(1, 10) x from x0 = (-4, 1.5);")
    echo("fixed steps converge only for lr < 2 / lambda_max = 0.2 (MML section 7.1.1):")
    paths = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lr in (0.05, 0.18, 0.21):
            r = gradient_descent(_quad, X0, lr=lr, grad=_quad_grad, n_iter=600, tol=1e-8)
            echo(f"  lr = {lr:<5} {r.nit:4d} iterations, f = {r.fun:.3g}, "
                 f"converged = {r.converged} ({r.reason})")
            paths[f"GD lr={lr}"] = r.trajectory
        r = gradient_descent(_quad, X0, lr=0.05, momentum=0.7, grad=_quad_grad, tol=1e-8)
        echo(f"  lr = 0.05 with momentum 0.7: {r.nit} iterations (MML eq. (7.11))")
        paths["momentum 0.7"] = r.trajectory
        r = minimize(_quad, X0, method="adam", lr=0.3, grad=_quad_grad, tol=1e-8)
        echo(f"  Adam, lr = 0.3: {r.nit} iterations, f = {r.fun:.3g}")
        paths["Adam"] = r.trajectory
    return paths


def _rosenbrock(echo: Callable[[str], None]) -> None:
    from ...optim import minimize

    def rosen(x):
        return (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2

    echo("\nRosenbrock from (-1.2, 1), gradients and Hessians by mmlkit.autodiff:")
    for method in ("gd", "newton", "bfgs"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = minimize(rosen, [-1.2, 1.0], method=method, tol=1e-6, n_iter=2000)
        echo(f"  {method:<7} {r.nit:5d} iterations, x = {np.round(r.x, 6).tolist()}, "
             f"{r.reason}")


def _constrained(echo: Callable[[str], None]) -> None:
    from ...optim import linprog, minimize_constrained, solve_qp

    r = minimize_constrained(lambda x: x[0] + x[1], [1.0, 0.0], grad=lambda x: np.ones(2),
                             eq=lambda x: x @ x - 1.0, eq_jac=lambda x: 2.0 * x[None, :])
    echo("\nmin x1 + x2 on the unit circle (Lagrange multipliers, MML section 7.2):")
    echo(f"  x* = {np.round(r.x, 6).tolist()}, lambda = {r.multipliers['eq'][0]:.6f} "
         f"(= 1/sqrt 2)")
    q = solve_qp(np.eye(2), [-1.0, -1.0], G=[[1.0, 1.0]], h=[1.0])
    echo("Nearest point to (1, 1) with x1 + x2 <= 1 (convex QP, interior point):")
    echo(f"  x* = {np.round(q.x, 6).tolist()}, multiplier {q.multipliers['ineq'][0]:.6f}, "
         f"{q.nit} iterations")
    lp = linprog([-1.0, -2.0], A_ub=[[1.0, 1.0], [1.0, -1.0]], b_ub=[4.0, 2.0],
                 bounds=[(0, 3), (0, 3)])
    echo("LP: max x1 + 2 x2 s.t. x1 + x2 <= 4, x1 - x2 <= 2, 0 <= x <= 3:")
    echo(f"  x* = {np.round(lp.x, 6).tolist()}, value {-lp.fun:.6f}, "
         f"shadow prices {np.round(lp.multipliers['ineq'], 6).tolist()}")


def _plot(paths: dict[str, np.ndarray], out: Path, echo: Callable[[str], None]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        echo("(matplotlib is not installed: no plot)")
        return
    u, v = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-3, 3, 200))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.contour(u, v, 0.5 * (u ** 2 + 10 * v ** 2), levels=np.geomspace(0.05, 60, 14),
               colors="0.7", linewidths=0.8)
    for name, xs in paths.items():
        xs = xs[np.all(np.abs(xs) < 6, axis=1)][:60]
        ax.plot(xs[:, 0], xs[:, 1], ".-", ms=3, lw=1, label=name)
    ax.set(xlim=(-5, 5), ylim=(-3, 3), xlabel="$x_1$", ylabel="$x_2$",
           title="Gradient descent paths on f(x) = (x1^2 + 10 x2^2) / 2")
    ax.legend(fontsize=8)
    path = out / "ch07_trajectories.png"
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    echo(f"\nwrote {path}")


def run(out: Path | None, echo: Callable[[str], None]) -> None:
    paths = _descents(echo)
    _rosenbrock(echo)
    _constrained(echo)
    if out is not None:
        _plot(paths, out, echo)
