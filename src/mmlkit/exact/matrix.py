"""``ExactMatrix`` and ``ExactVector``: small dense containers of ``fractions.Fraction``."""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputTypeError, InputValueError, ShapeError
from .numbers import format_fraction, is_exact_scalar, to_fraction

__all__ = ["ExactMatrix", "ExactVector", "is_exact_input", "to_exact", "nested_shape"]


def nested_shape(x: Any, name: str = "input") -> tuple[tuple[int, ...], list[Any]]:
    """Shape and row-major leaves of a nested list/tuple/ndarray; refuses ragged nesting."""
    if isinstance(x, ExactMatrix):
        return x.shape, [q for row in x._rows for q in row]
    if isinstance(x, ExactVector):
        return x.shape, list(x._entries)
    if isinstance(x, np.ndarray):
        return x.shape, x.ravel().tolist()
    if isinstance(x, str) or not isinstance(x, Sequence):
        return (), [x]
    if len(x) == 0:
        return (0,), []
    shapes, leaves = [], []
    for item in x:
        s, items = nested_shape(item, name)
        shapes.append(s)
        leaves.extend(items)
    if any(s != shapes[0] for s in shapes):
        raise InputValueError(
            f"{name}: ragged nesting (rows of different lengths {sorted({s for s in shapes})}); "
            "every row must have the same number of entries")
    return (len(x), *shapes[0]), leaves


def is_exact_input(x: Any) -> bool:
    """True when every entry is an int, a Fraction or a decimal/fraction string.

    >>> is_exact_input([[1, 2], ["1/2", 3]]), is_exact_input([[1.0, 2]])
    (True, False)
    """
    if isinstance(x, ExactMatrix | ExactVector):
        return True
    if isinstance(x, list | tuple):  # fast path: let NumPy look at the nesting once
        try:
            arr = np.array(x)
        except (ValueError, TypeError, OverflowError):
            arr = None
        if arr is not None and arr.dtype.kind != "O":
            x = arr
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "iu":
            return True
        if x.dtype.kind == "U":
            return all(is_exact_scalar(v) for v in x.ravel().tolist())
        if x.dtype.kind != "O":
            return False
    try:
        _, leaves = nested_shape(x)
    except InputValueError:
        return False
    return all(is_exact_scalar(v) for v in leaves)


def to_exact(x: Any, name: str = "A") -> ExactMatrix | ExactVector:
    """Convert an array-like (1-D or 2-D) to an exact container; floats convert exactly."""
    if isinstance(x, ExactMatrix | ExactVector):
        return x
    if isinstance(x, np.ndarray) and x.dtype.kind in "fc" and x.size:
        if x.dtype.kind == "c":
            raise InputTypeError(f"{name}: complex entries cannot be made exact")
    shape, leaves = nested_shape(x, name)
    try:
        values = [to_fraction(v) for v in leaves]
    except (InputValueError, InputTypeError) as exc:
        raise type(exc)(f"{name}: {exc}") from None
    if len(shape) == 1:
        return ExactVector._trusted(values)
    if len(shape) == 2:
        m, n = shape
        return ExactMatrix._trusted([values[i * n:(i + 1) * n] for i in range(m)], (m, n))
    raise ShapeError(f"{name}: expected a 1-D or 2-D array, got shape {shape}")


def _scalar(x: Any) -> Fraction | None:
    if isinstance(x, numbers.Rational | str) and not isinstance(x, bool):
        return to_fraction(x)
    return None


class ExactVector:
    """A 1-D vector of Fractions.

    >>> v = ExactVector([1, "1/2", 3])
    >>> v.shape, v[1], str(v)
    ((3,), Fraction(1, 2), '[1, 1/2, 3]')
    """

    __slots__ = ("_entries",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, entries: Any):
        v = to_exact(entries, "vector")
        if not isinstance(v, ExactVector):
            raise ShapeError(f"vector: expected 1-D entries, got shape {v.shape}")
        self._entries = v._entries

    @classmethod
    def _trusted(cls, entries: list[Fraction]) -> ExactVector:
        obj = cls.__new__(cls)
        obj._entries = entries
        return obj

    @property
    def shape(self) -> tuple[int]:
        return (len(self._entries),)

    @property
    def entries(self) -> list[Fraction]:
        return list(self._entries)

    def tolist(self) -> list[Fraction]:
        return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Fraction]:
        return iter(self._entries)

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, slice):
            return ExactVector._trusted(self._entries[idx])
        return self._entries[idx]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if dtype is not None and np.dtype(dtype) == object:
            return np.array(self._entries + [None], dtype=object)[:-1]
        return np.array([float(q) for q in self._entries], dtype=dtype or np.float64)

    def __eq__(self, other: Any) -> bool:  # type: ignore[override]
        if not isinstance(other, ExactVector):
            try:
                other = to_exact(other)
            except (ValueError, TypeError):
                return NotImplemented
        return isinstance(other, ExactVector) and self._entries == other._entries

    def _binary(self, other: Any, op: Any) -> ExactVector:
        o = other if isinstance(other, ExactVector) else to_exact(other, "vector")
        if not isinstance(o, ExactVector) or len(o) != len(self):
            raise ShapeError(f"vector shapes differ: {self.shape} and {o.shape}")
        return ExactVector._trusted([op(a, b) for a, b in zip(self._entries, o._entries)])

    def __add__(self, other: Any) -> ExactVector:
        return self._binary(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other: Any) -> ExactVector:
        return self._binary(other, lambda a, b: a - b)

    def __rsub__(self, other: Any) -> ExactVector:
        return self._binary(other, lambda a, b: b - a)

    def __neg__(self) -> ExactVector:
        return ExactVector._trusted([-a for a in self._entries])

    def __mul__(self, other: Any) -> ExactVector:
        c = _scalar(other)
        if c is None:
            return NotImplemented
        return ExactVector._trusted([c * a for a in self._entries])

    __rmul__ = __mul__

    def dot(self, other: Any) -> Fraction:
        o = other if isinstance(other, ExactVector) else to_exact(other, "vector")
        if not isinstance(o, ExactVector) or len(o) != len(self):
            raise ShapeError(f"dot: shapes {self.shape} and {getattr(o, 'shape', '?')} differ")
        return sum((a * b for a, b in zip(self._entries, o._entries)), Fraction(0))

    def __str__(self) -> str:
        return "[" + ", ".join(format_fraction(q) for q in self._entries) + "]"

    def __repr__(self) -> str:
        return f"ExactVector({self})"


class ExactMatrix:
    """A 2-D matrix of Fractions (row-major list of lists).

    >>> M = ExactMatrix([[1, 2], [3, "1/2"]])
    >>> M.shape, M[1, 1], M.T.tolist()[0]
    ((2, 2), Fraction(1, 2), [Fraction(1, 1), Fraction(3, 1)])
    >>> print(M @ M)
    [  7    3]
    [9/2 25/4]
    """

    __slots__ = ("_rows", "_shape")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, rows: Any):
        m = to_exact(rows, "matrix")
        if not isinstance(m, ExactMatrix):
            raise ShapeError(f"matrix: expected 2-D entries, got shape {m.shape}")
        self._rows, self._shape = m._rows, m._shape

    @classmethod
    def _trusted(cls, rows: list[list[Fraction]], shape: tuple[int, int] | None = None):
        obj = cls.__new__(cls)
        obj._rows = rows
        obj._shape = shape if shape is not None else (len(rows), len(rows[0]) if rows else 0)
        return obj

    @classmethod
    def identity(cls, n: int) -> ExactMatrix:
        one, zero = Fraction(1), Fraction(0)
        return cls._trusted([[one if i == j else zero for j in range(n)] for i in range(n)],
                            (n, n))

    @classmethod
    def zeros(cls, m: int, n: int) -> ExactMatrix:
        return cls._trusted([[Fraction(0)] * n for _ in range(m)], (m, n))

    @property
    def shape(self) -> tuple[int, int]:
        return self._shape

    @property
    def rows(self) -> list[list[Fraction]]:
        return [list(r) for r in self._rows]

    def tolist(self) -> list[list[Fraction]]:
        return [list(r) for r in self._rows]

    def column(self, j: int) -> ExactVector:
        return ExactVector._trusted([r[j] for r in self._rows])

    @property
    def T(self) -> ExactMatrix:
        m, n = self._shape
        return ExactMatrix._trusted([[r[j] for r in self._rows] for j in range(n)], (n, m))

    def transpose(self) -> ExactMatrix:
        return self.T

    def __len__(self) -> int:
        return self._shape[0]

    def __iter__(self) -> Iterator[ExactVector]:
        return (ExactVector._trusted(list(r)) for r in self._rows)

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, tuple):
            i, j = idx
            if isinstance(i, slice) or isinstance(j, slice):
                rows = self._rows[i] if isinstance(i, slice) else [self._rows[i]]
                if isinstance(j, slice):
                    sub = [r[j] for r in rows]
                    if not isinstance(i, slice):
                        return ExactVector._trusted(sub[0])
                    return ExactMatrix._trusted(sub, (len(sub), len(range(*j.indices(
                        self._shape[1])))))
                return ExactVector._trusted([r[j] for r in rows])
            return self._rows[i][j]
        if isinstance(idx, slice):
            rows = [list(r) for r in self._rows[idx]]
            return ExactMatrix._trusted(rows, (len(rows), self._shape[1]))
        return ExactVector._trusted(list(self._rows[idx]))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        m, n = self._shape
        if dtype is not None and np.dtype(dtype) == object:
            out = np.empty((m, n), dtype=object)
            for i, r in enumerate(self._rows):
                out[i, :] = r
            return out
        return np.array([[float(q) for q in r] for r in self._rows],
                        dtype=dtype or np.float64).reshape(m, n)

    def __eq__(self, other: Any) -> bool:  # type: ignore[override]
        if not isinstance(other, ExactMatrix):
            try:
                other = to_exact(other)
            except (ValueError, TypeError):
                return NotImplemented
        return (isinstance(other, ExactMatrix) and self._shape == other._shape
                and self._rows == other._rows)

    def _elementwise(self, other: Any, op: Any) -> ExactMatrix:
        o = other if isinstance(other, ExactMatrix) else to_exact(other, "matrix")
        if not isinstance(o, ExactMatrix) or o.shape != self.shape:
            raise ShapeError(f"matrix shapes differ: {self.shape} and {o.shape}")
        rows = [[op(a, b) for a, b in zip(r, s)] for r, s in zip(self._rows, o._rows)]
        return ExactMatrix._trusted(rows, self._shape)

    def __add__(self, other: Any) -> ExactMatrix:
        return self._elementwise(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other: Any) -> ExactMatrix:
        return self._elementwise(other, lambda a, b: a - b)

    def __rsub__(self, other: Any) -> ExactMatrix:
        return self._elementwise(other, lambda a, b: b - a)

    def __neg__(self) -> ExactMatrix:
        return ExactMatrix._trusted([[-a for a in r] for r in self._rows], self._shape)

    def __mul__(self, other: Any) -> ExactMatrix:
        c = _scalar(other)
        if c is None:
            return NotImplemented
        return ExactMatrix._trusted([[c * a for a in r] for r in self._rows], self._shape)

    __rmul__ = __mul__

    def __matmul__(self, other: Any) -> Any:
        if not isinstance(other, ExactMatrix | ExactVector):
            if not is_exact_input(other):
                return np.asarray(self, dtype=float) @ np.asarray(other, dtype=float)
            other = to_exact(other, "right operand")
        m, n = self._shape
        if other.shape[0] != n:
            raise ShapeError(f"matmul: shapes {self.shape} and {other.shape} do not align "
                             f"({n} != {other.shape[0]})")
        zero = Fraction(0)
        if isinstance(other, ExactVector):
            v = other._entries
            return ExactVector._trusted([sum((a * b for a, b in zip(r, v)), zero)
                                         for r in self._rows])
        cols = list(zip(*other._rows)) if n else [()] * other.shape[1]
        rows = [[sum((a * b for a, b in zip(r, c)), zero) for c in cols] for r in self._rows]
        return ExactMatrix._trusted(rows, (m, other.shape[1]))

    def __rmatmul__(self, other: Any) -> Any:
        if is_exact_input(other):
            left = to_exact(other, "left operand")
            if isinstance(left, ExactVector):
                return (self.T @ left)
            return left @ self
        return np.asarray(other, dtype=float) @ np.asarray(self, dtype=float)

    def __str__(self) -> str:
        from ..render.text import format_matrix

        return format_matrix(self._rows)

    def __repr__(self) -> str:
        inner = ", ".join("[" + ", ".join(format_fraction(q) for q in r) + "]"
                          for r in self._rows)
        return f"ExactMatrix([{inner}])"
