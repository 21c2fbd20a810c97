"""A small, safe parser for scalar expressions such as ``x**2*y + sin(y)``.

Text is tokenized and parsed by recursive descent into a tree of tuples; it is
never passed to ``eval``. ``**`` and ``^`` both mean power (right-associative,
binding tighter than unary minus: ``-x^2 = -(x^2)``), juxtaposition multiplies
(``2x``, ``3(x + 1)``, ``2 sin(x)``), and numeric literals are bounded in digits
and exponent so that no input can stall the parser. Bad input raises
:class:`mmlkit.errors.ParseError` with the 0-based column of the problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ParseError
from . import ops

__all__ = ["Expression", "parse_expression", "parse_assignments", "FUNCTIONS"]

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_DIGITS = 40
MAX_EXPONENT = 308

#: the functions an expression may call, with their number of arguments
FUNCTIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "sin": (1, ops.sin), "cos": (1, ops.cos), "tan": (1, ops.tan), "exp": (1, ops.exp),
    "log": (1, ops.log), "ln": (1, ops.log), "log1p": (1, ops.log1p), "sqrt": (1, ops.sqrt),
    "tanh": (1, ops.tanh), "sigmoid": (1, ops.sigmoid), "abs": (1, ops.abs),
    "relu": (1, ops.relu), "pow": (2, ops.pow),
}
CONSTANTS = {"pi": math.pi, "e": math.e}

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/^(),=])
""", re.VERBOSE)


def _number(text: str, src: str, pos: int) -> float:
    """A bounded numeric literal (digits and exponent limited)."""
    mantissa, _, exponent = text.lower().partition("e")
    if sum(c.isdigit() for c in mantissa) > MAX_DIGITS:
        raise ParseError(f"number has more than {MAX_DIGITS} digits", src, pos)
    if exponent and (len(exponent.lstrip("+-")) > 3 or abs(int(exponent)) > MAX_EXPONENT):
        raise ParseError(f"exponent of number is out of range (|e| <= {MAX_EXPONENT})",
                         src, pos)
    value = float(text)
    if math.isinf(value):
        raise ParseError("number is too large", src, pos)
    return value


def _tokenize(src: str) -> list[tuple[str, Any, int]]:
    if len(src) > MAX_LENGTH:
        raise ParseError(f"expression longer than {MAX_LENGTH} characters", src, MAX_LENGTH)
    tokens: list[tuple[str, Any, int]] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if m is None:
            raise ParseError(f"unexpected character {src[pos]!r}", src, pos)
        kind = m.lastgroup
        text = m.group()
        if kind == "num":
            tokens.append(("num", _number(text, src, pos), pos))
        elif kind == "name":
            tokens.append(("name", text, pos))
        elif kind == "op":
            tokens.append(("op", "^" if text == "**" else text, pos))
        pos = m.end()
    tokens.append(("end", None, len(src)))
    return tokens


class _Parser:
    """Recursive descent over the token list; the tree is made of tuples."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens = _tokenize(src)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, Any, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, Any, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, message: str, tok: tuple | None = None) -> ParseError:
        tok = tok or self.peek()
        return ParseError(message, self.src, tok[2])

    def expect(self, op: str) -> None:
        tok = self.peek()
        if tok[0] != "op" or tok[1] != op:
            found = "end of input" if tok[0] == "end" else repr(self.src[tok[2]:tok[2] + 1])
            raise self.error(f"expected {op!r}, found {found}")
        self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"expression nested more than {MAX_DEPTH} levels deep")

    def parse(self) -> tuple:
        if self.peek()[0] == "end":
            raise self.error("empty expression")
        tree = self.additive()
        tok = self.peek()
        if tok[0] != "end":
            raise self.error(f"unexpected {self.src[tok[2]:tok[2] + 1]!r}")
        return tree

    def additive(self) -> tuple:
        terms = [("+", self.multiplicative())]
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            terms.append((op, self.multiplicative()))
        return terms[0][1] if len(terms) == 1 else ("sum", terms)

    def multiplicative(self) -> tuple:
        factors = [("*", self.unary())]
        while True:
            kind, val, _ = self.peek()
            if kind == "op" and val in ("*", "/"):
                self.take()
                factors.append((val, self.unary()))
            elif kind in ("num", "name") or (kind == "op" and val == "("):
                factors.append(("*", self.unary()))  # implicit multiplication: 2x, 3(x+1)
            else:
                break
        return factors[0][1] if len(factors) == 1 else ("prod", factors)

    def unary(self) -> tuple:
        tok = self.peek()
        if tok[0] == "op" and tok[1] in "+-":
            self.take()
            self.enter()
            inner = self.unary()
            self.depth -= 1
            return ("neg", inner) if tok[1] == "-" else inner
        return self.power()

    def power(self) -> tuple:
        base = self.atom()
        if self.peek()[0] == "op" and self.peek()[1] == "^":
            self.take()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return ("pow", base, exponent)
        return base

    def atom(self) -> tuple:
        tok = self.take()
        kind, val, pos = tok
        if kind == "num":
            return ("num", val)
        if kind == "name":
            return self.name(val, pos)
        if kind == "op" and val == "(":
            self.enter()
            inner = self.additive()
            self.expect(")")
            self.depth -= 1
            return inner
        found = "end of input" if kind == "end" else repr(self.src[pos:pos + 1])
        raise self.error(f"expected a number, a variable or '(', found {found}", tok)

    def name(self, name: str, pos: int) -> tuple:
        if name in FUNCTIONS:
            arity = FUNCTIONS[name][0]
            if not (self.peek()[0] == "op" and self.peek()[1] == "("):
                raise ParseError(f"function {name!r} needs its argument in parentheses: "
                                 f"{name}(...)", self.src, pos)
            self.take()
            self.enter()
            args = [self.additive()]
            while self.peek()[0] == "op" and self.peek()[1] == ",":
                self.take()
                args.append(self.additive())
            self.expect(")")
            self.depth -= 1
            if len(args) != arity:
                raise ParseError(f"function {name!r} takes {arity} argument(s), got "
                                 f"{len(args)}", self.src, pos)
            return ("call", name, args)
        if name in CONSTANTS:
            return ("num", CONSTANTS[name])
        return ("var", name, pos)


def _evaluate(node: tuple, env: Mapping[str, Any]) -> Any:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        return env[node[1]]
    if kind == "neg":
        return -_evaluate(node[1], env)
    if kind == "pow":
        return ops.pow(_evaluate(node[1], env), _evaluate(node[2], env))
    if kind == "call":
        return FUNCTIONS[node[1]][1](*(_evaluate(a, env) for a in node[2]))
    acc = None
    for op, sub in node[1]:
        v = _evaluate(sub, env)
        if acc is None:
            acc = -v if op == "-" else v
        elif op == "+":
            acc = acc + v
        elif op == "-":
            acc = acc - v
        elif op == "*":
            acc = acc * v
        else:
            acc = acc / v
    return acc


def _variables(node: tuple, found: dict[str, int]) -> None:
    kind = node[0]
    if kind == "var":
        found.setdefault(node[1], node[2])
    elif kind == "neg":
        _variables(node[1], found)
    elif kind == "pow":
        _variables(node[1], found)
        _variables(node[2], found)
    elif kind == "call":
        for a in node[2]:
            _variables(a, found)
    elif kind in ("sum", "prod"):
        for _, sub in node[1]:
            _variables(sub, found)


class Expression:
    """A parsed expression: ``.variables`` in order of appearance, callable on values.

    Examples
    --------
    >>> from mmlkit.autodiff.expr import parse_expression
    >>> e = parse_expression("x^2 y + 2x")
    >>> e.variables
    ('x', 'y')
    >>> float(e(x=3.0, y=2.0).item())
    24.0
    """

    def __init__(self, text: str, tree: tuple) -> None:
        self.text = text
        self.tree = tree
        found: dict[str, int] = {}
        _variables(tree, found)
        self.positions = found
        self.variables = tuple(found)

    def check_values(self, values: Mapping[str, Any]) -> None:
        """ParseError (with the column of the variable) unless every variable has a value."""
        missing = [v for v in self.variables if v not in values]
        if missing:
            name = missing[0]
            raise ParseError(f"no value for variable {name!r}; give it with --at {name}=...",
                             self.text, self.positions[name])

    def __call__(self, **values: Any) -> Any:
        self.check_values(values)
        return ops._t(_evaluate(self.tree, values))

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def parse_expression(text: str) -> Expression:
    """Parse ``text`` into an :class:`Expression` (never evaluated as Python code).

    Examples
    --------
    >>> from mmlkit.autodiff.expr import parse_expression
    >>> parse_expression("2 ** 3 ^ 2").tree   # right-associative power
    ('pow', ('num', 2.0), ('pow', ('num', 3.0), ('num', 2.0)))
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    return Expression(text, _Parser(text).parse())


def parse_assignments(text: str) -> dict[str, float]:
    """Parse ``"x=1,y=-2.5"`` into ``{"x": 1.0, "y": -2.5}``.

    Examples
    --------
    >>> from mmlkit.autodiff.expr import parse_assignments
    >>> parse_assignments("x=1, y=-2.5e-1")
    {'x': 1.0, 'y': -0.25}
    """
    tokens = _tokenize(text)
    out: dict[str, float] = {}
    i = 0
    while tokens[i][0] != "end":
        kind, name, pos = tokens[i]
        if kind != "name" or name in FUNCTIONS or name in CONSTANTS:
            raise ParseError("expected a variable name", text, pos)
        if tokens[i + 1][:2] != ("op", "="):
            raise ParseError(f"expected '=' after {name!r}", text, tokens[i + 1][2])
        i += 2
        sign = 1.0
        if tokens[i][0] == "op" and tokens[i][1] in "+-":
            sign = -1.0 if tokens[i][1] == "-" else 1.0
            i += 1
        if tokens[i][0] != "num":
            raise ParseError(f"expected a number for {name!r}", text, tokens[i][2])
        if name in out:
            raise ParseError(f"variable {name!r} is given twice", text, pos)
        out[name] = sign * tokens[i][1]
        i += 1
        if tokens[i][0] == "op" and tokens[i][1] == ",":
            i += 1
        elif tokens[i][0] != "end":
            raise ParseError("expected ',' between assignments", text, tokens[i][2])
    return out
