"""Tour, chapters 3-4: analytic geometry and matrix decompositions, with real output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

TITLE = "Chapters 3-4 - Analytic geometry and matrix decompositions"


def _fmt(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a, dtype=float) + 0.0, precision=4, suppress_small=True)


def _geometry(echo: Callable[[str], None]) -> None:
    from ...linalg.geometry import angle, gram_schmidt, inner, project, projection_matrix

    echo("Inner products and angles (MML 3.2-3.4)")
    echo(f"  <(1,1), (-1,1)> = {inner([1, 1], [-1, 1])}  (orthogonal for the dot product)")
    A = [[2, 0], [0, 1]]
    echo(f"  <(1,1), (-1,1)>_A with A = diag(2, 1): {inner([1, 1], [-1, 1], A)}, angle "
         f"{np.degrees(angle([1, 1], [-1, 1], A)):.2f} degrees")
    echo("Projections (MML Examples 3.10 and 3.11), exact for integer input")
    P = str(projection_matrix([[1, 2, 2]])).replace("\n", "\n      ")
    echo(f"  onto span{{(1,2,2)}}: P =\n      {P}")
    echo(f"  (6,0,0) onto span{{(1,1,1), (0,1,2)}}: {project([6, 0, 0], [[1, 1, 1], [0, 1, 2]])}")
    echo("Gram-Schmidt (MML Example 3.12): "
         f"{[str(u) for u in gram_schmidt([[2, 0], [1, 1]], normalize=False)]}")


def _decompositions(echo: Callable[[str], None]) -> None:
    from ... import decomp

    A = np.array([[4.0, 2.0, 1.0], [2.0, 5.0, 3.0], [1.0, 3.0, 6.0]])
    echo("A =\n" + _fmt(A))
    echo(f"det(A) = {decomp.det(A):.4f}, trace(A) = {decomp.trace(A):.1f}, "
         f"characteristic polynomial {decomp.charpoly(A.astype(int))}")
    P, L, U = decomp.lu(A)
    echo("LU with partial pivoting, A = P L U:\nL =\n" + _fmt(L) + "\nU =\n" + _fmt(U))
    C = decomp.cholesky(A)
    echo("Cholesky, A = L L^T (MML 4.3):\nL =\n" + _fmt(C))
    w, V = decomp.eigh(A)
    echo(f"Eigenvalues (spectral theorem, MML 4.4): {_fmt(w)}")
    echo(f"  ||A - V diag(w) V^T|| = {np.abs(A - V @ np.diag(w) @ V.T).max():.1e}")
    w, _ = decomp.eig([[0.0, -1.0], [1.0, 0.0]])
    echo(f"A 90-degree rotation has eigenvalues {w} (complex: no real eigenvector)")


def _svd(echo: Callable[[str], None], out: Path | None) -> None:
    from ... import decomp

    # a rank-1 "image" plus noise: the SVD finds the rank-1 structure (MML 4.6)
    rng = np.random.default_rng(0)
    u = np.sin(np.linspace(0, np.pi, 40))
    v = np.cos(np.linspace(0, 2, 30))
    X = np.outer(u, v) * 10 + 0.1 * rng.standard_normal((40, 30))
    s = decomp.svd(X)[1]
    echo("SVD of a 40x30 rank-1 signal plus noise: leading singular values "
         f"{_fmt(s[:4])}")
    for k in (1, 2, 5):
        err = decomp.svdvals(X - decomp.low_rank(X, k))[0]   # spectral norm
        echo(f"  rank-{k} approximation error {err:.4f} = sigma_{k + 1} = {s[k]:.4f} "
             "(Eckart-Young)")
    if out is not None:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            return
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.semilogy(np.arange(1, s.size + 1), s, "o-")
        ax.set_xlabel("i")
        ax.set_ylabel("singular value")
        ax.set_title("Singular values of signal + noise")
        fig.tight_layout()
        fig.savefig(out / "ch04_singular_values.png")
        plt.close(fig)
        echo(f"  plot written to {out / 'ch04_singular_values.png'}")


def run(out: Path | None, echo: Callable[[str], None]) -> None:
    _geometry(echo)
    echo("")
    _decompositions(echo)
    echo("")
    _svd(echo, out)
