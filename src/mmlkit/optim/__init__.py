"""Continuous optimization (MML chapter 7).

Gradient descent and its variants (:func:`gradient_descent`, :func:`minimize`), the
optimizers of training loops (:class:`SGD`, :class:`Momentum`, :class:`Nesterov`,
:class:`AdaGrad`, :class:`RMSProp`, :class:`Adam`) with learning-rate schedules and
mini-batches, constrained optimization with Lagrange multipliers
(:func:`minimize_constrained`) and convex quadratic programs (:func:`solve_qp`,
:func:`linprog`).

Convergence policy
------------------
Every solver returns an :class:`OptimizeResult`; ``result.converged`` says whether the
stopping test was met and ``result.reason``/``result.message`` say why it stopped. When it
did not converge, a :class:`ConvergenceWarning` is issued, or, with
``raise_on_failure=True``, a :class:`mmlkit.errors.ConvergenceError` is raised. A NaN or
infinite value stops the run at once with ``reason == "diverged"`` and
``result.diverged_at`` set to the iteration where it appeared.
"""

from __future__ import annotations

from ._result import ConvergenceWarning, OptimizeResult
from .constrained import minimize_constrained
from .gradient_descent import gradient_descent
from .linesearch import backtracking, wolfe
from .minimize import minimize
from .optimizers import (
    SGD,
    AdaGrad,
    Adam,
    CosineLR,
    ExponentialLR,
    Momentum,
    Nesterov,
    Optimizer,
    RMSProp,
    StepLR,
    batch_indices,
    minibatches,
)
from .qp import linprog, solve_qp

__all__ = [
    "OptimizeResult", "ConvergenceWarning",
    "gradient_descent", "minimize", "minimize_constrained", "solve_qp", "linprog",
    "Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
    "StepLR", "ExponentialLR", "CosineLR", "minibatches", "batch_indices",
    "backtracking", "wolfe",
]
