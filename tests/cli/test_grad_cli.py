"""`mmlkit grad`: safe parsing, derivatives against SymPy, readable and JSON output."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mmlkit.autodiff.expr import parse_assignments, parse_expression
from mmlkit.cli import main
from mmlkit.errors import ParseError

CASES = [
    ("x**2*y + sin(y)", "x=1,y=2"),
    ("x^2 + 2x y + y^3", "x=1, y=2"),
    ("exp(-x^2/2) * cos(3y) + log(1 + x^2 y^2)", "x=0.3,y=-1.2"),
    ("sqrt(x^2 + y^2) - tanh(x y) + sigmoid(x - y)", "x=1.5,y=0.5"),
    ("pow(x, 3) / (1 + abs(y)) + -x^2", "x=-0.7,y=2.5"),
    ("2 sin(x)cos(x) + pi e x", "x=0.4"),
]


def _sympy(expression: str, point: dict[str, float]):
    text = expression.replace("^", "**")
    syms = {n: sp.Symbol(n, real=True) for n in point}
    local = {**syms, "sigmoid": lambda z: 1 / (1 + sp.exp(-z)), "pi": sp.pi, "e": sp.E}
    # implicit products spelled out for sympy's parser
    from sympy.parsing.sympy_parser import (
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )
    expr = parse_expr(text, local_dict=local,
                      transformations=standard_transformations
                      + (implicit_multiplication_application,))
    names = list(point)
    subs = {syms[n]: point[n] for n in names}
    value = float(expr.subs(subs))
    grad = [float(sp.diff(expr, syms[n]).subs(subs)) for n in names]
    hess = [[float(sp.diff(expr, syms[a], syms[b]).subs(subs)) for b in names] for a in names]
    return value, grad, hess


@pytest.mark.parametrize("expression,at", CASES)
def test_json_matches_sympy(expression, at, capsys):
    assert main(["grad", expression, "--at", at, "--hessian", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    value, grad, hess = _sympy(expression, doc["at"])
    assert doc["value"] == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert [doc["gradient"][n] for n in doc["variables"]] == pytest.approx(grad, rel=1e-10,
                                                                            abs=1e-12)
    for row, want in zip(doc["hessian"], hess, strict=True):
        assert row == pytest.approx(want, rel=1e-10, abs=1e-12)


def test_readable_output(capsys):
    assert main(["grad", "x**2*y + sin(y)", "--at", "x=1,y=2", "--hessian"]) == 0
    out = capsys.readouterr().out
    assert "df/dx = 4\n" in out
    assert "df/dy = 0.583853163452858" in out  # 1 + cos(2)
    assert "value: 2.90929742682568" in out  # 2 + sin(2)
    assert "hessian:" in out and "-0.909297426825682" in out  # -sin(2)


def test_caret_and_power_spellings_agree(capsys):
    main(["grad", "x^3^2", "--at", "x=1.1", "--json"])
    a = json.loads(capsys.readouterr().out)
    main(["grad", "x**(3**2)", "--at", "x=1.1", "--json"])
    b = json.loads(capsys.readouterr().out)
    assert a["gradient"]["x"] == pytest.approx(9 * 1.1 ** 8)
    assert a == {**b, "expression": a["expression"]}


def test_unary_minus_binds_looser_than_power():
    e = parse_expression("-x^2")
    assert float(e(x=3.0).item()) == -9.0


@pytest.mark.parametrize("text,column,fragment", [
    ("x**2*y + sin(y", 14, "expected ')'"),
    ("__import__('os').system('ls')", 11, "unexpected character"),
    ("x; y", 1, "unexpected character"),
    ("sin x", 0, "parentheses"),
    ("pow(x)", 0, "takes 2"),
    ("x + ", 4, "expected a number"),
    ("1e999 * x", 0, "exponent"),
    ("1" * 50 + " + x", 0, "digits"),
    ("x + z", 4, "no value for variable 'z'"),
    ("", 0, "empty"),
    ("x.y", 1, "unexpected"),
])
def test_parse_errors_point_at_the_column(text, column, fragment, capsys):
    assert main(["grad", text, "--at", "x=1"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.rstrip("\n").split("\n")
    assert lines[0].startswith("mmlkit: error:") and fragment in lines[0]
    assert lines[1] == "  " + text
    assert lines[2] == "  " + " " * column + "^"


def test_bad_point_text():
    with pytest.raises(ParseError) as info:
        parse_assignments("x=1,y=")
    assert info.value.position == 6
    with pytest.raises(ParseError):
        parse_assignments("x=1,x=2")


def test_nesting_and_length_are_bounded(capsys):
    deep = "(" * 500 + "x" + ")" * 500
    assert main(["grad", deep, "--at", "x=1"]) == 2
    assert "nested" in capsys.readouterr().err
    assert main(["grad", "x+" * 1500 + "x", "--at", "x=1"]) == 2
    assert "longer" in capsys.readouterr().err


def test_undefined_point_is_a_clean_error(capsys):
    assert main(["grad", "log(x)", "--at", "x=-1"]) == 2
    err = capsys.readouterr().err
    assert "not finite" in err and "Traceback" not in err


@given(st.text(alphabet="xy0123456789.eE+-*/^(),= sincoqrtlgpb_'", max_size=30))
def test_no_input_gives_a_traceback(text):
    try:
        main(["grad", text, "--at", "x=0.5,y=1.5"])
    except SystemExit as exc:  # argparse usage errors (e.g. text starting with '-')
        assert exc.code == 2


def test_hessian_table_layout(capsys):
    assert main(["grad", "x^3", "--at", "x=2", "--hessian"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == ["      x", "  x  12"]  # d2/dx2 x^3 = 6x


def test_constant_expression_needs_no_point(capsys):
    assert main(["grad", "2^10 - 24", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["value"] == 1000.0 and doc["gradient"] == {}


def test_tutorial_transcript_is_real_output(capsys):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ch05_autodiff.md").read_text()
    block = doc.split("$ mmlkit grad ")[1].split("```")[0]
    command, expected = block.split("\n", 1)
    assert command == '"x**2*y + sin(y)" --at x=1,y=2 --hessian'
    assert main(["grad", "x**2*y + sin(y)", "--at", "x=1,y=2", "--hessian"]) == 0
    assert capsys.readouterr().out == expected
