"""Tour section for MML ch. 2: linear systems solved the way the course does, with steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TITLE = "Chapter 2 - Linear algebra: systems of linear equations (mmlkit.linalg)"

OPENING_PROBLEMS = (
    "3x = 6",
    "3x + y = 9; 4x - 2y = 5",
    "2x + 4y - z = 5; 7x - 2y + 3z = 6; 9x + 2y + 2z = 11",
    "2x + 4y = 5",
)


def _solve_with_steps(text: str, echo: Callable[[str], None]) -> None:
    from ...linalg import parse_system, solve_system
    from ...render.text import format_matrix

    system = parse_system(text)
    sol = solve_system(system)
    n = len(system.variables)
    echo(f"\n$ mmlkit solve \"{text}\" --steps")
    echo(str(system))
    aug = [r + [q] for r, q in zip(system.A.tolist(), system.b.tolist())]
    echo("augmented matrix [A | b]:")
    echo(format_matrix(aug, bar=n))
    for k, op in enumerate(sol.steps, 1):
        echo(f"step {k}: {op}")
        echo(format_matrix(op.after.tolist(), bar=n))
    echo(str(sol))


def _spaces(echo: Callable[[str], None]) -> None:
    from ... import linalg

    A = [[1, 2, 1, 0], [2, 4, 0, 2], [3, 6, 1, 2]]
    echo("\nKernel and image of A = " + str(A))
    echo(f"  rank(A) = {linalg.rank(A)}")
    echo("  basis of ker(A) (Minus-1 trick): "
         + ", ".join(str(v) for v in linalg.nullspace(A)))
    echo("  basis of Im(A) (pivot columns):  "
         + ", ".join(str(v) for v in linalg.column_space(A)))
    M = [[1, 0, 2, 0], [1, 1, 0, 0], [1, 2, 0, 1], [1, 1, 1, 1]]
    echo("\nInverse by Gauss-Jordan on [A | I] (MML Example 2.9):")
    echo(str(linalg.inverse(M)))
    echo(f"det(A) = {linalg.determinant(M)}")
    echo(str(linalg.laplace_expansion([[1, 2, 3], [3, 1, 2], [0, 0, 1]])))


def run(out: Path | None, echo: Callable[[str], None]) -> None:
    echo("The course's opening problems, solved exactly with every row operation.")
    for text in OPENING_PROBLEMS:
        _solve_with_steps(text, echo)
    _spaces(echo)
