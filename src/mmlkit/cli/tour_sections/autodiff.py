"""Tour, chapter 5: gradients, backpropagation, Jacobians, Hessians, Taylor polynomials."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

TITLE = "Chapter 5 - Vector calculus and automatic differentiation"


def _fmt(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a), precision=4, suppress_small=True)


def _gradients(echo: Callable[[str], None]) -> None:
    from ...autodiff import grad, hessian, sin

    f = lambda v: v[0] ** 2 * v[1] + sin(v[1])
    x = np.array([1.0, 2.0])
    echo("f(x, y) = x^2 y + sin(y) at (1, 2)")
    echo(f"  gradient  [2xy, x^2 + cos y] = {_fmt(grad(f)(x))}")
    echo(f"  Hessian   [[2y, 2x], [2x, -sin y]] =\n{_fmt(hessian(f)(x))}")


def _backprop(echo: Callable[[str], None], out: Path | None) -> None:
    from ...autodiff import Tensor, cross_entropy, linear, tanh, to_dot

    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    rng = np.random.default_rng(0)
    params = [Tensor(rng.standard_normal((2, 8)), requires_grad=True),
              Tensor(np.zeros(8), requires_grad=True),
              Tensor(rng.standard_normal((8, 2)), requires_grad=True),
              Tensor(np.zeros(2), requires_grad=True)]
    W1, b1, W2, b2 = params
    echo("Backpropagation: a 2-8-2 tanh network learns XOR by gradient descent")
    for step in range(501):
        loss = cross_entropy(linear(tanh(linear(X, W1, b1)), W2, b2), y)
        loss.backward()
        if step % 100 == 0:
            echo(f"  step {step:3d}  loss {loss.item():.5f}  |dL/dW1| {np.abs(W1.grad).sum():.4f}")
        for p in params:
            p.data -= 0.5 * p.grad
            p.grad = None
    if out is not None:
        (out / "ch05_backprop_graph.dot").write_text(
            to_dot(loss, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}) + "\n")
        echo(f"  computation graph written to {out / 'ch05_backprop_graph.dot'}")


def _jacobian(echo: Callable[[str], None]) -> None:
    from ...autodiff import check_grads, cos, jacfwd, jacobian, sin, stack, sum

    polar = lambda v: stack([v[0] * cos(v[1]), v[0] * sin(v[1])])
    J = jacobian(polar)(np.array([2.0, np.pi / 3]))
    echo("Jacobian of (r, t) -> (r cos t, r sin t) at r = 2, t = pi/3 (reverse mode):")
    echo(_fmt(J))
    echo(f"  det J = {np.linalg.det(J):.6f} (= r);  forward mode agrees: "
         f"{np.allclose(jacfwd(polar)(np.array([2.0, np.pi / 3])), J)}")
    check_grads(lambda v: sum(sin(v) * v ** 2), np.array([0.3, -1.1, 2.0]), order=2)
    echo("  check_grads (finite differences, forward and reverse, order 2): passed")


def _taylor(echo: Callable[[str], None], out: Path | None) -> None:
    from ...autodiff import cos, sin, taylor

    f = lambda x: sin(x) + cos(x)
    echo("Taylor polynomials of sin(x) + cos(x) at 0 (MML Example 5.4):")
    xs = np.linspace(-4, 4, 201)
    polys = {n: taylor(f, 0.0, n) for n in (0, 1, 5, 10)}
    for n, T in polys.items():
        err = np.max(np.abs(T(xs[75:126]) - (np.sin(xs[75:126]) + np.cos(xs[75:126]))))
        echo(f"  degree {n:2d}: coefficients {_fmt(np.array(T.coefficients())[:6])}"
             f"  max error on [-1, 1] {err:.2e}")
    if out is None:
        return
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(xs, np.sin(xs) + np.cos(xs), "k", lw=2, label="sin x + cos x")
    for n, T in polys.items():
        ax.plot(xs, T(xs), "--", label=f"T{n}")
    ax.set_ylim(-4, 4)
    ax.legend()
    ax.set_title("Taylor polynomials at 0 (MML Fig. 5.4)")
    fig.savefig(out / "ch05_taylor.png", dpi=100)
    plt.close(fig)
    echo(f"  plot written to {out / 'ch05_taylor.png'}")


def run(out: Path | None, echo: Callable[[str], None]) -> None:
    _gradients(echo)
    echo("")
    _backprop(echo, out)
    echo("")
    _jacobian(echo)
    echo("")
    _taylor(echo, out)
