"""Parsing linear equations as people type them: ``3x + y = 9``, ``2x_1 - x_2 = 1/2``.

A small recursive-descent parser (never ``eval``) turns each side of an
equation into a *linear form*: a map variable -> coefficient plus a constant,
all Fractions. Products of two non-constant forms, division by a variable
and powers of variables are refused as nonlinear, with the column.

Grammar (implicit multiplication binds like ``*``)::

    equation := expr "=" expr
    expr     := ["+"|"-"] term (("+"|"-") term)*
    term     := factor (("*"|"/")? factor)*
    factor   := unary ("^"|"**" unary)?
    unary    := ("+"|"-") unary | atom
    atom     := NUMBER | VARIABLE | "(" expr ")"

A variable is one letter, optionally followed by digits (``x1``) or by ``_``
and letters/digits (``x_1``, ``x_max``); ``xy`` means ``x*y`` (nonlinear).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import InputTypeError, ParseError
from ..exact import ExactMatrix, ExactVector
from ..exact.numbers import MAX_DIGITS

__all__ = ["LinearSystem", "parse_system", "parse_equation", "parse_matrix", "MAX_EQUATION_LENGTH"]

#: Longest equation text accepted (characters).
MAX_EQUATION_LENGTH = 10_000

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.?\d*|\.\d+)|(?P<var>[^\W\d_](?:_[^\W_]+|\d+)?)"
    r"|(?P<op>\*\*|[-+*/^=()]))"
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "var", "op", "end"
    text: str
    pos: int


def _scan(text: str, pattern: re.Pattern[str], where: str = "") -> list[_Tok]:
    """Split ``text`` into the named groups of ``pattern``; a stray character is a ParseError."""
    toks, pos = [], 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = pattern.match(text, pos)
        if not m or m.end() == pos:
            raise ParseError(f"unexpected character {text[pos]!r}{where}", text, pos)
        kind = m.lastgroup or "op"
        toks.append(_Tok(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return toks


def _tokenize(text: str) -> list[_Tok]:
    toks = _scan(text, _TOKEN)
    for t in toks:
        if t.kind == "num" and len(t.text.replace(".", "")) > MAX_DIGITS:
            raise ParseError(f"number longer than {MAX_DIGITS} digits", text, t.pos)
    toks.append(_Tok("end", "", len(text)))
    return toks


class _Linear:
    """A linear form sum(coef[v] * v) + const."""

    __slots__ = ("coef", "const")

    def __init__(self, coef: dict[str, Fraction] | None = None, const: Fraction = Fraction(0)):
        self.coef = coef or {}
        self.const = const

    @property
    def is_const(self) -> bool:
        return not any(self.coef.values())

    def add(self, other: _Linear, sign: int = 1) -> _Linear:
        coef = dict(self.coef)
        for v, c in other.coef.items():
            coef[v] = coef.get(v, Fraction(0)) + sign * c
        return _Linear(coef, self.const + sign * other.const)

    def scale(self, k: Fraction) -> _Linear:
        return _Linear({v: k * c for v, c in self.coef.items()}, k * self.const)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.order: list[str] = []

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def fail(self, msg: str, pos: int | None = None) -> ParseError:
        return ParseError(msg, self.text, self.tok.pos if pos is None else pos)

    def take(self, text: str) -> bool:
        if self.tok.kind == "op" and self.tok.text == text:
            self.i += 1
            return True
        return False

    def equation(self) -> tuple[_Linear, _Linear]:
        if self.tok.kind == "end":
            raise self.fail("empty equation")
        if self.tok.kind == "op" and self.tok.text == "=":
            raise self.fail("missing left-hand side before '='")
        left = self.expr()
        if not self.take("="):
            if self.tok.kind == "end":
                raise self.fail("missing '=': an equation needs two sides")
            raise self.fail(f"unexpected {self.tok.text!r}")
        if self.tok.kind == "end":
            raise self.fail("missing right-hand side after '='")
        right = self.expr()
        if self.tok.kind == "op" and self.tok.text == "=":
            raise self.fail("repeated '=': one equation has exactly one '='")
        if self.tok.kind != "end":
            raise self.fail(f"unexpected {self.tok.text!r}")
        return left, right

    def expr(self) -> _Linear:
        sign = -1 if self.take("-") else (self.take("+") and 1) or 1
        out = self.term().scale(Fraction(sign))
        while self.tok.kind == "op" and self.tok.text in "+-":
            sign = 1 if self.tok.text == "+" else -1
            self.i += 1
            out = out.add(self.term(), sign)
        return out

    def _starts_factor(self) -> bool:
        t = self.tok
        return t.kind in ("num", "var") or (t.kind == "op" and t.text == "(")

    def term(self) -> _Linear:
        out = self.factor()
        while True:
            t = self.tok
            if t.kind == "op" and t.text in ("*", "/"):
                self.i += 1
                if not self._starts_factor() and not (self.tok.kind == "op"
                                                      and self.tok.text in "+-"):
                    raise self.fail(f"missing operand after {t.text!r}")
                rhs = self.factor()
                out = self._mul(out, rhs, t.pos) if t.text == "*" else self._div(out, rhs, t.pos)
            elif self._starts_factor():  # implicit multiplication: 3x, 2(x + y), x y
                out = self._mul(out, self.factor(), t.pos)
            else:
                return out

    def _mul(self, a: _Linear, b: _Linear, pos: int) -> _Linear:
        if a.is_const:
            return b.scale(a.const)
        if b.is_const:
            return a.scale(b.const)
        raise self.fail("nonlinear term: a product of two variables", pos)

    def _div(self, a: _Linear, b: _Linear, pos: int) -> _Linear:
        if not b.is_const:
            raise self.fail("nonlinear term: division by a variable", pos)
        if b.const == 0:
            raise self.fail("division by zero", pos)
        return a.scale(1 / b.const)

    def factor(self) -> _Linear:
        base_pos = self.tok.pos
        base = self.unary()
        if self.tok.kind == "op" and self.tok.text in ("^", "**"):
            op_pos = self.tok.pos
            self.i += 1
            exp = self.unary()
            if not exp.is_const or exp.const.denominator != 1:
                raise self.fail("exponent must be a whole number", op_pos)
            if not base.is_const:
                if exp.const == 1:
                    return base
                raise self.fail("nonlinear term: a power of a variable", base_pos)
            if abs(exp.const) > 64 or (base.const == 0 and exp.const < 0):
                raise self.fail("exponent out of range", op_pos)
            return _Linear(const=base.const ** int(exp.const))
        return base

    def unary(self) -> _Linear:
        if self.take("-"):
            return self.unary().scale(Fraction(-1))
        if self.take("+"):
            return self.unary()
        return self.atom()

    def atom(self) -> _Linear:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return _Linear(const=Fraction(Decimal(t.text)) if "." in t.text
                           else Fraction(int(t.text)))
        if t.kind == "var":
            self.i += 1
            if t.text not in self.order:
                self.order.append(t.text)
            return _Linear({t.text: Fraction(1)})
        if self.take("("):
            if self.tok.kind == "op" and self.tok.text == ")":
                raise self.fail("empty parentheses")
            inner = self.expr()
            if not self.take(")"):
                raise self.fail("missing ')'")
            return inner
        if t.kind == "end":
            raise self.fail("dangling operator: expression ends too early")
        if t.text == "=":
            raise self.fail("missing operand before '='")
        raise self.fail(f"unexpected {t.text!r}")


def parse_equation(text: str) -> tuple[dict[str, Fraction], Fraction, list[str]]:
    """One equation -> (coefficients moved to the left, constant on the right, variable order)."""
    if len(text) > MAX_EQUATION_LENGTH:
        raise ParseError(f"equation longer than {MAX_EQUATION_LENGTH} characters", text[:40], 0)
    p = _Parser(text)
    left, right = p.equation()
    lin = left.add(right, -1)  # left - right = 0  ->  coef . x = -const
    return lin.coef, -lin.const, p.order


@dataclass(frozen=True)
class LinearSystem:
    """``A x = b`` with named variables.

    Attributes
    ----------
    A : ExactMatrix of shape (n_equations, n_variables)
    b : ExactVector of shape (n_equations,)
    variables : tuple of str, in order of first appearance
    """

    A: ExactMatrix
    b: ExactVector
    variables: tuple[str, ...]

    def __str__(self) -> str:
        from ..render.text import format_equation

        return "\n".join(format_equation(row, rhs, self.variables)
                         for row, rhs in zip(self.A.tolist(), self.b.tolist()))

    def to_latex(self) -> str:
        from ..render.latex import system_latex

        return system_latex(self.A.tolist(), self.b.tolist(), self.variables)


def _split(text: str | Sequence[str]) -> list[tuple[str, int, str]]:
    """(equation, offset in the source, source) for ``;``/newline-separated text or a list."""
    if isinstance(text, str):
        out, start = [], 0
        for m in re.finditer(r"[;\n]", text + ";"):
            out.append((text[start:m.start()], start, text))
            start = m.end()
        if len(out) > 1 and not out[-1][0].strip():
            out.pop()  # a trailing separator
        return out
    if not isinstance(text, Sequence):
        raise InputTypeError(f"parse_system: expected a string or a list of strings, "
                             f"got {type(text).__name__}")
    items = []
    for item in text:
        if not isinstance(item, str):
            raise InputTypeError(f"parse_system: every equation must be a string, got {item!r}")
        items.extend(_split(item))
    if not items:
        raise ParseError("no equations given", "", 0)
    return items


def parse_system(text: str | Sequence[str]) -> LinearSystem:
    """Parse linear equations into ``A``, ``b`` and the variable names (MML §2.1).

    Parameters
    ----------
    text : str or sequence of str
        Equations separated by ``;`` or newlines, or one equation per item.
        Terms and constants may stand on both sides; repeated variables combine.

    Returns
    -------
    LinearSystem

    Raises
    ------
    ParseError
        With ``.position``, the column of the problem: missing or repeated
        ``=``, nonlinear terms (``x*y``, ``x^2``, ``1/x``), empty equations,
        unknown characters, dangling operators.

    Examples
    --------
    >>> s = parse_system("3x + y = 9; 4x - 2y = 5")
    >>> s.variables
    ('x', 'y')
    >>> print(s.A)
    [3  1]
    [4 -2]
    >>> parse_system(["x = 2y - 1", "0.5x + y/3 = 2"]).A.tolist()[1]
    [Fraction(1, 2), Fraction(1, 3)]
    """
    rows, rhs, order = [], [], []
    for eq, offset, source in _split(text):
        try:
            coef, const, names = parse_equation(eq)
        except ParseError as exc:
            pos = None if exc.position is None else exc.position + offset
            raise ParseError(exc.message, source, pos) from None
        for v in names:
            if v not in order:
                order.append(v)
        rows.append(coef)
        rhs.append(const)
    zero = Fraction(0)
    A = [[c.get(v, zero) for v in order] for c in rows]
    return LinearSystem(ExactMatrix._trusted(A, (len(A), len(order))),
                        ExactVector._trusted(rhs), tuple(order))


_MTOKEN = re.compile(r"\s*(?:(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
                     r"(?:\s*/\s*[+-]?\d+)?)|(?P<op>[\[\],;]))")
_MAX_EXPONENT = 400


def parse_matrix(text: str) -> list[list[Fraction]]:
    """A matrix literal, exactly: ``[[1, 2], [3, 4]]``, ``[1/2, -0.25; 3, 4]`` or ``1 2; 3 4``.

    Decimals and fractions are exact (``0.1`` is ``1/10``); exponents are allowed
    (``1e-3``) up to ``|exponent| <= 400``. A flat list ``[1, 2, 3]`` is one row.

    >>> parse_matrix("[[1, 1/2], [0.25, -3]]")
    [[Fraction(1, 1), Fraction(1, 2)], [Fraction(1, 4), Fraction(-3, 1)]]
    >>> parse_matrix("1 2; 3 4")
    [[Fraction(1, 1), Fraction(2, 1)], [Fraction(3, 1), Fraction(4, 1)]]
    """
    if not isinstance(text, str):
        raise InputTypeError(f"parse_matrix: expected a string, got {type(text).__name__}")
    if len(text) > 1_000_000:
        raise ParseError("matrix text longer than 1,000,000 characters", text[:40], 0)
    toks = [(t.kind, t.text, t.pos) for t in _scan(text, _MTOKEN, " in a matrix")]
    return _MatrixParser(text, toks).parse()


class _MatrixParser:
    def __init__(self, text: str, toks: list[tuple[str, str, int]]):
        self.text, self.toks, self.i = text, toks, 0

    def fail(self, msg: str, pos: int | None = None) -> ParseError:
        if pos is None:
            pos = self.toks[self.i][2] if self.i < len(self.toks) else len(self.text)
        return ParseError(msg, self.text, pos)

    def number(self, tok: str, pos: int) -> Fraction:
        body = tok.replace(" ", "")
        num, _, den = body.partition("/")
        mant, _, exp = num.lower().partition("e")
        if len(mant.lstrip("+-").replace(".", "")) > MAX_DIGITS or len(den) > MAX_DIGITS:
            raise self.fail(f"number longer than {MAX_DIGITS} digits", pos)
        if exp and abs(int(exp)) > _MAX_EXPONENT:
            raise self.fail(f"exponent beyond +-{_MAX_EXPONENT}", pos)
        value = Fraction(Decimal(num))
        if den:
            if int(den) == 0:
                raise self.fail("division by zero", pos)
            value /= int(den)
        return value

    def parse(self) -> list[list[Fraction]]:
        toks = self.toks
        if not toks:
            raise self.fail("empty matrix text", 0)
        nested = toks[0][1] == "[" and len(toks) > 1 and toks[1][1] == "["
        if nested:  # [[...], [...]]
            self.i = 1
            rows = [self.row_bracketed()]
            while self.i < len(toks) and toks[self.i][1] in (",", ";"):
                self.i += 1
                rows.append(self.row_bracketed())
            self.expect("]")
        else:       # [a, b; c, d] or a b; c d
            outer = toks[0][1] == "["
            self.i = 1 if outer else 0
            rows = [[]]
            while self.i < len(toks) and not (outer and toks[self.i][1] == "]"):
                kind, tok, pos = toks[self.i]
                if kind == "num":
                    rows[-1].append(self.number(tok, pos))
                elif tok == ";":
                    rows.append([])
                elif tok != ",":
                    raise self.fail(f"unexpected {tok!r}")
                self.i += 1
            if outer:
                self.expect("]")
        if self.i != len(toks):
            raise self.fail(f"unexpected {toks[self.i][1]!r} after the matrix")
        if rows and rows[-1] == [] and len(rows) > 1:
            rows.pop()
        lengths = {len(r) for r in rows}
        if len(lengths) > 1:
            raise ParseError(f"ragged matrix: rows have {sorted(lengths)} entries; "
                             "all rows need the same number", self.text, 0)
        return [] if rows == [[]] else rows

    def expect(self, tok: str) -> None:
        if self.i >= len(self.toks) or self.toks[self.i][1] != tok:
            raise self.fail(f"expected {tok!r}")
        self.i += 1

    def row_bracketed(self) -> list[Fraction]:
        self.expect("[")
        row: list[Fraction] = []
        while self.i < len(self.toks) and self.toks[self.i][1] != "]":
            kind, tok, pos = self.toks[self.i]
            if kind != "num":
                raise self.fail(f"expected a number, got {tok!r}")
            row.append(self.number(tok, pos))
            self.i += 1
            if self.i < len(self.toks) and self.toks[self.i][1] == ",":
                self.i += 1
                if self.i < len(self.toks) and self.toks[self.i][1] == "]":
                    raise self.fail("dangling ',' before ']'")
        self.expect("]")
        return row
