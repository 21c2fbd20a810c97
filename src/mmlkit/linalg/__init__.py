"""Linear systems, vector spaces and analytic geometry (MML chapters 2 and 3).

>>> from mmlkit.linalg import solve_system
>>> print(solve_system("3x + y = 9; 4x - 2y = 5"))
unique solution
  x = 23/10
  y = 21/10
"""

from __future__ import annotations

import importlib.util as _ilu

from .elimination import EliminationResult, ref, rref
from .parse import LinearSystem, parse_matrix, parse_system
from .spaces import (
    LaplaceExpansion,
    change_of_basis,
    column_space,
    coordinates,
    determinant,
    image,
    inverse,
    inverse_steps,
    is_linearly_independent,
    kernel,
    laplace_expansion,
    nullspace,
    rank,
)
from .steps import RowOp
from .systems import SolutionSet, solve_system

__all__ = [
    "EliminationResult", "LaplaceExpansion", "LinearSystem", "RowOp", "SolutionSet",
    "change_of_basis", "column_space", "coordinates", "determinant", "image", "inverse",
    "inverse_steps", "is_linearly_independent", "kernel", "laplace_expansion", "nullspace",
    "parse_matrix", "parse_system", "rank", "ref", "rref", "solve_system",
]

# Analytic geometry (MML ch. 3): inner products, norms, projections, rotations.
if _ilu.find_spec(__name__ + ".geometry") is not None:
    from . import geometry as _geometry
    from .geometry import *  # noqa: F403

    __all__ += list(_geometry.__all__)
