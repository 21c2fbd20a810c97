"""The ``mmlkit`` command line.

Each subcommand lives in its own module of this package and exposes
``add_parser(subparsers)``; the module is registered in ``_COMMANDS``. Errors
raised on purpose (:class:`mmlkit.errors.MMLError`) become one short message on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import MMLError, ParseError

# subcommand name -> module (relative to this package), in help order
_COMMANDS = {
    "solve": ".solve",
    "matrix": ".matrix",
    "grad": ".grad",
    "fit": ".fit",
    "tour": ".tour",
}


class _Parser(argparse.ArgumentParser):
    """argparse with our exit status for usage errors (2) and one-line messages."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"mmlkit: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mmlkit",
        description="Mathematics for Machine Learning, executable.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for modname in _COMMANDS.values():
        try:
            module = importlib.import_module(modname, __name__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(__name__):
                continue  # that area's command is not part of this build
            raise
        module.add_parser(sub)
    return parser


def format_error(exc: BaseException) -> str:
    """The message printed for a deliberate error: one line, plus a caret for parse errors."""
    if isinstance(exc, ParseError):
        return "mmlkit: error: " + exc.caret()
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"mmlkit: error: {text}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mmlkit`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except MMLError as exc:
        sys.stderr.write(format_error(exc) + "\n")
        return 2
    except (ValueError, TypeError, ArithmeticError) as exc:
        # Defensive: should not happen, but never show a traceback for bad input.
        sys.stderr.write(format_error(exc) + "\n")
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
