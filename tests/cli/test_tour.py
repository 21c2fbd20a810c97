"""`mmlkit tour`: the linear-systems section prints the course's answers; the command runs."""

from __future__ import annotations

import subprocess
import sys

import sympy

from mmlkit.cli import main
from mmlkit.cli.tour import ORDER, available_sections


def test_linalg_section_solves_the_opening_problems(capsys):
    assert main(["tour", "--section", "linalg"]) == 0
    out = capsys.readouterr().out
    x, y = sympy.symbols("x y")
    sol = sympy.solve([3 * x + y - 9, 4 * x - 2 * y - 5], [x, y])
    assert f"x = {sol[x]}" in out and f"y = {sol[y]}" in out
    assert "x = 5/2 - 2t" in out                         # 2x + 4y = 5
    assert "step 1: R1 <- 1/3 R1" in out
    inv = sympy.Matrix([[1, 0, 2, 0], [1, 1, 0, 0], [1, 2, 0, 1], [1, 1, 1, 1]]).inv()
    assert "[-1  2 -2  2]" in out and inv[0, :].tolist()[0] == [-1, 2, -2, 2]


def test_sections_follow_the_curriculum():
    found = available_sections()
    assert found[0] == "linalg"
    assert found == [s for s in ORDER if s in found]


def test_tour_help_runs_as_a_console_script():
    out = subprocess.run([sys.executable, "-m", "mmlkit.cli", "tour", "--help"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "--out" in out.stdout
