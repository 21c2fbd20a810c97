"""Row operations as data: the record of one step of Gaussian elimination."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["RowOp"]


@dataclass(frozen=True)
class RowOp:
    """One elementary row operation, with a snapshot of the matrix after it.

    Attributes
    ----------
    kind : {"swap", "scale", "add"}
        ``swap``: rows ``i`` and ``j`` trade places; ``scale``: row ``i`` is
        multiplied by ``factor``; ``add``: ``factor`` times row ``j`` is added to row ``i``.
    i, j : int
        0-based row indices (``j`` is None for ``scale``). Text and LaTeX print them 1-based.
    factor : Fraction, float or None
    after : ExactMatrix or ndarray
        The matrix once the operation is applied.

    Examples
    --------
    >>> from fractions import Fraction
    >>> print(RowOp("add", 1, 0, Fraction(-3, 2), None))
    R2 <- R2 - 3/2 R1
    """

    kind: str
    i: int
    j: int | None
    factor: Any
    after: Any = field(repr=False, compare=False)

    def __str__(self) -> str:
        from ..render.text import format_rowop

        return format_rowop(self)

    def to_latex(self) -> str:
        """The operation in LaTeX, e.g. ``R_2 \\leftarrow R_2 - \\frac{3}{2} R_1``."""
        from ..render.latex import rowop_latex

        return rowop_latex(self)

    @property
    def exact(self) -> bool:
        return self.factor is None or isinstance(self.factor, Fraction | int)
