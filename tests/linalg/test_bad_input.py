"""Bad input: the documented error type, a message naming the problem, exit 2 on the CLI."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from mmlkit import linalg
from mmlkit.cli import main
from mmlkit.errors import (
    InputTypeError,
    InputValueError,
    MMLError,
    ParseError,
    ShapeError,
    SingularMatrixError,
)

# (id, call, expected type, words the message must contain)
API_CASES = [
    ("missing =", lambda: linalg.parse_system("3x + y"), ParseError, "missing '='"),
    ("two =", lambda: linalg.parse_system("x = y = 1"), ParseError, "repeated '='"),
    ("product", lambda: linalg.parse_system("x*y = 1"), ParseError, "nonlinear"),
    ("implicit product", lambda: linalg.parse_system("2xy = 1"), ParseError, "nonlinear"),
    ("square", lambda: linalg.parse_system("x^2 + y = 1"), ParseError, "power"),
    ("square **", lambda: linalg.parse_system("x**2 = 1"), ParseError, "power"),
    ("reciprocal", lambda: linalg.parse_system("1/x = 1"), ParseError, "division by a variable"),
    ("empty text", lambda: linalg.parse_system(""), ParseError, "empty equation"),
    ("empty item", lambda: linalg.parse_system(["x = 1", "  "]), ParseError, "empty equation"),
    ("unknown char", lambda: linalg.parse_system("x + $ = 1"), ParseError, "unexpected character"),
    ("dangling +", lambda: linalg.parse_system("x + = 1"), ParseError, "missing operand"),
    ("dangling *", lambda: linalg.parse_system("2 * = 1"), ParseError, "missing operand"),
    ("trailing op", lambda: linalg.parse_system("x = 1 +"), ParseError, "ends too early"),
    ("no lhs", lambda: linalg.parse_system("= 4"), ParseError, "left-hand side"),
    ("no rhs", lambda: linalg.parse_system("x ="), ParseError, "right-hand side"),
    ("open paren", lambda: linalg.parse_system("2(x + 1 = 3"), ParseError, "missing ')'"),
    ("divide by 0", lambda: linalg.parse_system("x/0 = 1"), ParseError, "division by zero"),
    ("huge literal", lambda: linalg.parse_system("1" * 500 + "x = 1"), ParseError, "digits"),
    ("not text", lambda: linalg.parse_system(42), InputTypeError, "string"),
    ("ragged", lambda: linalg.rref([[1, 2], [3]]), InputValueError, "ragged"),
    ("NaN", lambda: linalg.rref([[1.0, math.nan]]), InputValueError, "NaN"),
    ("inf", lambda: linalg.determinant([[math.inf, 1.0], [1.0, 1.0]]), InputValueError,
     "infinity"),
    ("strings", lambda: linalg.rank([["a", "b"]]), InputTypeError, "numbers"),
    ("1-D to rref", lambda: linalg.rref([1, 2, 3]), ShapeError, "2-D"),
    ("3-D to rank", lambda: linalg.rank(np.zeros((2, 2, 2))), ShapeError, "2-D"),
    ("non-square det", lambda: linalg.determinant([[1, 2, 3], [4, 5, 6]]), ShapeError, "square"),
    ("non-square inv", lambda: linalg.inverse([[1, 2]]), ShapeError, "square"),
    ("singular inv", lambda: linalg.inverse([[1, 2], [2, 4]]), SingularMatrixError, "singular"),
    ("singular float", lambda: linalg.inverse([[1.0, 2.0], [2.0, 4.0]]), SingularMatrixError,
     "singular"),
    ("b length", lambda: linalg.solve_system([[1, 2], [3, 4]], [1, 2, 3]), ShapeError,
     "must match"),
    ("b missing", lambda: linalg.solve_system([[1, 2], [3, 4]]), InputTypeError, "missing b"),
    ("b 2-D", lambda: linalg.solve_system([[1, 2], [3, 4]], [[1], [2]]), ShapeError, "1-D"),
    ("complex", lambda: linalg.rank([[1 + 2j, 0]]), InputTypeError, "complex"),
    ("boolean entry", lambda: linalg.determinant([[True]], exact=True), InputTypeError, "boolean"),
    ("vectors lengths", lambda: linalg.is_linearly_independent([[1, 2], [1, 2, 3]]), ShapeError,
     "different lengths"),
    ("dependent basis", lambda: linalg.coordinates([1, 2], [[1, 1], [2, 2]]),
     SingularMatrixError, "not a basis"),
    ("basis shapes", lambda: linalg.change_of_basis([[1, 2, 3]], [[1, 0], [0, 1]], [[1]]),
     ShapeError, "A has shape"),
    ("bad number string", lambda: linalg.rref([["1/0", "2"]]), InputValueError, "division"),
    ("matrix text", lambda: linalg.parse_matrix("[[1, 2], [3, x]]"), ParseError,
     "unexpected character"),
    ("matrix ragged text", lambda: linalg.parse_matrix("[[1, 2], [3]]"), ParseError, "ragged"),
]


@pytest.mark.parametrize("call, etype, words", [c[1:] for c in API_CASES],
                         ids=[c[0] for c in API_CASES])
def test_api_errors(call, etype, words):
    with pytest.raises(etype) as info:
        call()
    assert isinstance(info.value, MMLError)
    assert words.lower() in str(info.value).lower()


def test_errors_are_also_builtin_types():
    with pytest.raises(ValueError):
        linalg.parse_system("x*y = 1")
    with pytest.raises(np.linalg.LinAlgError):
        linalg.inverse([[0, 0], [0, 0]])


CLI_CASES = [
    ["solve", "3x + y"],
    ["solve", "x = y = 1"],
    ["solve", "x*y = 1"],
    ["solve", "x^2 = 4"],
    ["solve", "1/x = 2"],
    ["solve", ""],
    ["solve", "x + $ = 1"],
    ["solve", "x + = 1"],
    ["solve", "9" * 200 + "x = 1"],
    ["matrix", "inv", "[[1,2],[2,4]]"],
    ["matrix", "det", "[[1,2,3],[4,5,6]]"],
    ["matrix", "rref", "[[1,2],[3]]"],
    ["matrix", "rank", "[[1, x]]"],
    ["matrix", "rank", "[[1e99999]]"],
    ["matrix", "rref", ""],
    ["matrix", "inv", "[[1,2],[3,4]"],
    ["matrix", "bogus", "[[1]]"],
    ["solve"],
    ["nosuchcommand"],
]


@pytest.mark.parametrize("argv", CLI_CASES, ids=[" ".join(a)[:30] for a in CLI_CASES])
def test_cli_errors_exit_2_without_traceback(argv, capsys):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(argv))
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error" in err
    first = err.strip().splitlines()
    assert first and len(first[-1]) < 300


def test_cli_parse_error_has_a_caret_under_the_column(capsys):
    assert main(["solve", "3x + y = 9", "4x * y = 5"]) == 2
    lines = capsys.readouterr().err.rstrip("\n").splitlines()
    assert lines[0].startswith("mmlkit: error: nonlinear term")
    assert lines[1].strip() == "4x * y = 5"
    assert lines[2].index("^") == lines[1].index("*")


def test_real_process_exit_status():
    out = subprocess.run([sys.executable, "-m", "mmlkit.cli", "solve", "x^2 = 1"],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "^" in out.stderr
