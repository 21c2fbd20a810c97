"""Error types of mmlkit.

Every error raised on purpose derives from :class:`MMLError` and also from the
matching built-in exception, so existing ``except ValueError`` or
``except numpy.linalg.LinAlgError`` clauses keep working.
"""

from __future__ import annotations

from numpy.linalg import LinAlgError

__all__ = [
    "MMLError",
    "InputValueError",
    "InputTypeError",
    "ParseError",
    "ShapeError",
    "SingularMatrixError",
    "NotPositiveDefiniteError",
    "ConvergenceError",
    "NotFittedError",
]


class MMLError(Exception):
    """Base class of every error mmlkit raises on purpose."""


class InputValueError(MMLError, ValueError):
    """An argument has the right type but a value outside its domain (NaN, p > 1, ...)."""


class InputTypeError(MMLError, TypeError):
    """An argument has a type mmlkit cannot work with."""


class ParseError(MMLError, ValueError):
    """Text could not be parsed.

    Attributes
    ----------
    text : str or None
        The text that was being parsed.
    position : int or None
        0-based column of the offending character in ``text``.
    """

    def __init__(self, message: str, text: str | None = None, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.text = text
        self.position = position

    def caret(self) -> str:
        """The text with a caret under the bad column (or just the message)."""
        if self.text is None or self.position is None:
            return self.message
        pos = max(0, min(self.position, len(self.text)))
        return f"{self.message}\n  {self.text}\n  {' ' * pos}^"


class ShapeError(MMLError, ValueError):
    """Array shapes do not fit the operation (non-square, mismatched, wrong ndim)."""


class SingularMatrixError(MMLError, LinAlgError):
    """A matrix that must be invertible is singular (to working precision)."""


class NotPositiveDefiniteError(MMLError, LinAlgError):
    """A matrix that must be symmetric positive definite is not."""


class ConvergenceError(MMLError, RuntimeError):
    """An iterative method did not converge within its iteration budget.

    It is a ``RuntimeError`` (as Python's own iteration failures are), and
    carries ``.iterations`` when known.
    """

    def __init__(self, message: str, iterations: int | None = None):
        super().__init__(message)
        self.iterations = iterations


class NotFittedError(MMLError, ValueError, AttributeError):
    """An estimator was used before ``fit``.

    ``mmlkit.models`` raises a subclass that is also scikit-learn's
    ``NotFittedError``, so scikit-learn's checks recognise it.
    """
