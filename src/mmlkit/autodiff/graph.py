"""Export of a recorded computation graph to Graphviz DOT (for teaching backpropagation)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import InputTypeError
from .tensor import Tensor, _raw

__all__ = ["to_dot"]


def _fmt(a: np.ndarray) -> str:
    a = np.asarray(a)
    if a.size == 1:
        return f"{float(a.reshape(())):.4g}"
    return f"shape {a.shape}"


def _drawing_order(root: Tensor) -> list[Tensor]:
    """Nodes in depth-first post-order, the last input of each operation explored first.

    A topological order that keeps each chain of operations together, which
    reads better in a drawing than the order of creation.
    """
    order: list[Tensor] = []
    expanded: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in expanded:
            continue
        expanded.add(id(node))
        stack.append((node, True))
        stack.extend((parent, False) for _, parent in node._parents
                     if id(parent) not in expanded)
    return order


def to_dot(output: Tensor, names: Mapping[str, Tensor] | None = None) -> str:
    """The graph that produced ``output``, as a Graphviz DOT document.

    Leaves are boxes (named from ``names`` when given), operations are ellipses
    labelled with the primitive, the value, and the gradient when
    :meth:`Tensor.backward` has filled it in.

    Examples
    --------
    >>> from mmlkit.autodiff import Tensor, to_dot
    >>> x = Tensor(2.0, requires_grad=True)
    >>> y = x * x + 1
    >>> print(to_dot(y, {"x": x}))
    digraph {
      rankdir=LR;
      n0 [shape=box, label="x\\nvalue 2"];
      n1 [shape=ellipse, label="mul\\nvalue 4"];
      n2 [shape=ellipse, label="add\\nvalue 5"];
      n0 -> n1;
      n0 -> n1;
      n1 -> n2;
    }
    """
    if not isinstance(output, Tensor):
        raise InputTypeError(f"to_dot: expected a Tensor, got {type(output).__name__}")
    label_of = {id(t): k for k, t in (names or {}).items()}
    order = _drawing_order(output) if output._level >= 0 else [output]
    ids = {id(node): f"n{k}" for k, node in enumerate(order)}
    lines = ["digraph {", "  rankdir=LR;"]
    for node in order:
        name = label_of.get(id(node), node.op or "input")
        text = f"{name}\\nvalue {_fmt(_raw(node))}"
        if node.grad is not None:
            text += f"\\ngrad {_fmt(node.grad)}"
        shape = "box" if node.op is None else "ellipse"
        lines.append(f'  {ids[id(node)]} [shape={shape}, label="{text}"];')
    for node in order:
        for _, parent in node._parents:
            lines.append(f"  {ids[id(parent)]} -> {ids[id(node)]};")
    lines.append("}")
    return "\n".join(lines)
