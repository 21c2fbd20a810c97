"""`mmlkit solve` and `mmlkit matrix`: the course's opening problems read naturally."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy
from sympy.parsing.sympy_parser import (
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

from mmlkit.cli import main

IMPLICIT = standard_transformations + (implicit_multiplication_application,)


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_one_equation(capsys):
    out = run(["solve", "3x = 6"], capsys)
    assert "unique solution" in out and "x = 2" in out


def test_two_by_two_with_steps(capsys):
    out = run(["solve", "3x + y = 9", "4x - 2y = 5", "--steps"], capsys)
    x, y = sympy.symbols("x y")
    sol = sympy.solve([3 * x + y - 9, 4 * x - 2 * y - 5], [x, y])
    assert f"x = {sol[x]}" in out and f"y = {sol[y]}" in out
    assert "[3  1 | 9]" in out                       # the augmented matrix
    assert "step 1: R1 <- 1/3 R1" in out


def test_three_by_three(capsys):
    out = run(["solve", "2x + 4y - z = 5; 7x - 2y + 3z = 6; 9x + 2y + 2z = 11"], capsys)
    x, y, z = sympy.symbols("x y z")
    sol = sympy.solve([2*x + 4*y - z - 5, 7*x - 2*y + 3*z - 6, 9*x + 2*y + 2*z - 11], [x, y])
    assert "infinitely many solutions (1 free variable: z)" in out
    # x and y in terms of z = t, as SymPy writes them
    t = sympy.Symbol("t")
    for name, expr in (("x", sol[x]), ("y", sol[y])):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(f"{name} ="))
        ours = parse_expr(line.split("=")[1], transformations=IMPLICIT)
        assert sympy.simplify(ours - expr.subs(z, t)) == 0


def test_infinitely_many_json(capsys):
    doc = json.loads(run(["solve", "2x + 4y = 5", "--json"], capsys))
    sol = doc["solution"]
    assert sol["kind"] == "infinite"
    assert sol["particular"] == ["5/2", "0"]
    assert sol["homogeneous"] == [["-2", "1"]]
    assert sol["general"] == {"x": "5/2 - 2t", "y": "t"}


def test_no_solution(capsys):
    out = run(["solve", "x + y = 1", "2x + 2y = 5"], capsys)
    assert "no solution" in out and "0 = 3" in out


def test_latex_and_float(capsys):
    out = run(["solve", "3x + y = 9", "4x - 2y = 5", "--latex", "--steps"], capsys)
    assert "\\frac{23}{10}" in out and "\\begin{aligned}" in out and "\\xrightarrow" in out
    out = run(["solve", "3x + y = 9", "4x - 2y = 5", "--float"], capsys)
    assert "x = 2.3" in out and "y = 2.1" in out


def test_json_steps_are_data(capsys):
    doc = json.loads(run(["solve", "x + y = 2; x - y = 0", "--json", "--steps"], capsys))
    assert [s["kind"] for s in doc["steps"]] == ["add", "scale", "add"]
    assert doc["steps"][0]["text"] == "R2 <- R2 - R1"


@pytest.mark.parametrize("op, check", [
    ("rref", lambda out, A: "[1 0 -1]" in out),
    ("rank", lambda out, A: f"rank = {np.linalg.matrix_rank(A)}" in out),
    ("nullspace", lambda out, A: "[1, -2, 1]" in out),
    ("colspace", lambda out, A: "2 basis vectors" in out),
])
def test_matrix_exact_ops(op, check, capsys):
    A = np.array([[1, 2, 3], [4, 5, 6]])
    assert check(run(["matrix", op, "[[1,2,3],[4,5,6]]"], capsys), A)


def test_matrix_det_inv_json(capsys):
    doc = json.loads(run(["matrix", "det", "[[2,1],[1,3]]", "--json"], capsys))
    assert doc["det"] == str(round(np.linalg.det([[2, 1], [1, 3]])))
    doc = json.loads(run(["matrix", "inv", "[[2,1],[1,3]]", "--json", "--steps"], capsys))
    S = sympy.Matrix([[2, 1], [1, 3]]).inv()
    assert doc["inv"] == [[str(S[i, j]) for j in range(2)] for i in range(2)]
    assert doc["steps"]


def test_matrix_decompositions_print_and_match_numpy(capsys):
    out = run(["matrix", "eig", "[[0,-1],[1,0]]"], capsys)   # a rotation: eigenvalues +-i
    w = np.linalg.eigvals(np.array([[0.0, -1.0], [1.0, 0.0]]))
    assert sorted(w.imag.round(6).tolist()) == [-1.0, 1.0]
    assert "0+1j" in out and "0-1j" in out
    doc = json.loads(run(["matrix", "svd", "[[3,0],[4,5]]", "--json"], capsys))
    s = np.linalg.svd(np.array([[3.0, 0.0], [4.0, 5.0]]), compute_uv=False)
    np.testing.assert_allclose(doc["singular_values"], s, rtol=1e-12)
    doc = json.loads(run(["matrix", "lu", "[[2,1],[4,3]]", "--json"], capsys))
    P, L, U = (np.array(doc[k]) for k in ("P", "L", "U"))
    np.testing.assert_allclose(P @ L @ U, [[2, 1], [4, 3]], atol=1e-12)
