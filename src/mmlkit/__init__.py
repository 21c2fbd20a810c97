"""mmlkit — Mathematics for Machine Learning, executable.

Submodules load lazily, so ``import mmlkit`` stays light::

    >>> import mmlkit
    >>> mmlkit.linalg.solve_system("3x + y = 9; 4x - 2y = 5").particular.tolist()
    [Fraction(23, 10), Fraction(21, 10)]
"""

from __future__ import annotations

import importlib
from typing import Any

from . import errors

__version__ = "0.1.0"

_SUBMODULES = (
    "exact", "linalg", "decomp", "autodiff", "prob", "optim", "losses",
    "models", "datasets", "render", "plot", "cli",
)

__all__ = ["errors", "__version__", *_SUBMODULES]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'mmlkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
