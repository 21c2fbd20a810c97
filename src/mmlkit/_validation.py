"""Input checks shared by every area: array-likes to arrays, shapes, finiteness, RNGs."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .errors import InputTypeError, InputValueError, ShapeError

__all__ = [
    "as_float_array",
    "as_matrix",
    "as_square",
    "as_vector",
    "check_random_state",
    "float_dtype",
    "check_positive_int",
]


def float_dtype(a: Any) -> np.dtype:
    """float32 stays float32; every other real input computes in float64."""
    dt = getattr(a, "dtype", None)
    if dt is not None and dt == np.float32:
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def _describe(x: Any) -> str:
    r = repr(x)
    return r if len(r) <= 60 else r[:57] + "..."


def as_float_array(
    x: Any,
    name: str = "x",
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_complex: bool = False,
    finite: bool = True,
    copy: bool = False,
) -> np.ndarray:
    """Convert an array-like to a float ndarray with clear errors.

    Ragged nesting, strings and objects give ``InputTypeError``/``InputValueError``;
    NaN or inf give ``InputValueError`` (when ``finite``); the wrong number of
    dimensions gives ``ShapeError``. float32 input is preserved, everything else
    becomes float64 (complex128 when ``allow_complex`` and the input is complex).
    """
    if isinstance(x, (str, bytes)):
        raise InputTypeError(f"{name}: expected numbers, got the string {_describe(x)}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise InputValueError(
            f"{name}: not a rectangular array of numbers (ragged nesting?): {_describe(x)}"
        ) from exc
    kind = arr.dtype.kind
    if kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError) as exc:
            raise InputTypeError(
                f"{name}: entries must be real numbers, got {_describe(x)}"
            ) from exc
        kind = "f"
    if kind in "US":
        raise InputTypeError(f"{name}: entries must be numbers, got strings: {_describe(x)}")
    if kind == "c":
        if not allow_complex:
            raise InputTypeError(f"{name}: complex input is not supported here: {_describe(x)}")
        arr = arr.astype(np.complex128, copy=copy)
    elif kind in "biuf":
        arr = arr.astype(float_dtype(arr), copy=copy)
    else:
        raise InputTypeError(f"{name}: unsupported dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ShapeError(f"{name}: expected a {want} array, got shape {arr.shape}")
    if finite and arr.size and not _all_finite(arr):
        raise InputValueError(f"{name}: contains NaN or infinity; all entries must be finite")
    return arr


def _all_finite(arr: np.ndarray) -> bool:
    """No NaN and no infinity: NaN propagates into ``max``, infinities show at the ends.

    Two reductions without a temporary array, instead of an ``isfinite`` mask.
    """
    if arr.dtype.kind == "c":
        return bool(np.isfinite(arr).all())
    return bool(np.isfinite(arr.max()) and np.isfinite(arr.min()))


def as_matrix(x: Any, name: str = "A", **kw: Any) -> np.ndarray:
    """A 2-D float array (see :func:`as_float_array`)."""
    return as_float_array(x, name, ndim=2, **kw)


def as_vector(x: Any, name: str = "x", **kw: Any) -> np.ndarray:
    """A 1-D float array (see :func:`as_float_array`)."""
    return as_float_array(x, name, ndim=1, **kw)


def as_square(x: Any, name: str = "A", **kw: Any) -> np.ndarray:
    """A square 2-D float array; ``ShapeError`` naming the shape otherwise."""
    arr = as_matrix(x, name, **kw)
    if arr.shape[0] != arr.shape[1]:
        raise ShapeError(f"{name}: expected a square matrix, got shape {arr.shape}")
    return arr


def check_positive_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """An integer >= ``minimum`` (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputTypeError(f"{name}: expected an integer, got {_describe(value)}")
    if value < minimum:
        raise InputValueError(f"{name}: must be >= {minimum}, got {value}")
    return int(value)


def check_random_state(random_state: Any) -> np.random.Generator:
    """Turn ``None``, an int seed or a ``numpy.random.Generator`` into a Generator.

    Never touches NumPy's global RNG.
    """
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        # Derive a Generator from the legacy object deterministically.
        return np.random.default_rng(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise InputValueError(f"random_state: seed must be >= 0, got {random_state}")
        return np.random.default_rng(int(random_state))
    raise InputTypeError(
        "random_state: expected None, an int seed or a numpy.random.Generator, "
        f"got {_describe(random_state)}"
    )
