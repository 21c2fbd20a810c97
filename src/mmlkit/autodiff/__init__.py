"""Automatic differentiation on NumPy: tensors, backpropagation and function transforms.

MML chapter 5 (vector calculus) made executable: partial derivatives, gradients,
Jacobians, Hessians, the chain rule, backpropagation and forward mode, and
Taylor polynomials.

Examples
--------
>>> import numpy as np
>>> from mmlkit.autodiff import grad, hessian, sin
>>> f = lambda v: v[0] ** 2 * v[1] + sin(v[1])
>>> grad(f)(np.array([1.0, 2.0]))
array([4.        , 0.58385316])
>>> hessian(f)(np.array([1.0, 2.0]))
array([[ 4.        ,  2.        ],
       [ 2.        , -0.90929743]])
"""

from __future__ import annotations

from .check import check_grads
from .functional import grad, hessian, hvp, jacfwd, jacobian, jvp, value_and_grad, vjp
from .graph import to_dot
from .memory import reuse_memory
from .ops import (
    abs,
    add,
    broadcast_to,
    clip,
    concatenate,
    cos,
    cross_entropy,
    div,
    dot,
    exp,
    linear,
    log,
    log1p,
    log_softmax,
    logsumexp,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mul,
    neg,
    pow,
    relu,
    reshape,
    sigmoid,
    sin,
    softmax,
    softplus,
    sqrt,
    square,
    stack,
    std,
    sub,
    sum,
    tan,
    tanh,
    transpose,
    var,
    where,
)
from .taylor import TaylorPolynomial, derivative_tensor, taylor
from .tensor import Dual, Tensor, is_grad_enabled, no_grad, tensor

__all__ = [
    "Tensor", "tensor", "Dual", "no_grad", "is_grad_enabled",
    "grad", "value_and_grad", "jacobian", "jacfwd", "hessian", "hvp", "jvp", "vjp",
    "check_grads", "to_dot", "reuse_memory", "taylor", "TaylorPolynomial", "derivative_tensor",
    "add", "sub", "mul", "div", "pow", "neg", "matmul", "dot", "linear", "exp", "log",
    "log1p", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs", "square",
    "sum", "mean", "max", "min", "maximum", "minimum", "reshape", "transpose",
    "broadcast_to", "concatenate", "stack", "where", "logsumexp", "softmax",
    "log_softmax", "cross_entropy", "softplus", "var", "std", "clip",
]
