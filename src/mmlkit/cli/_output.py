"""Small helpers shared by the subcommands: JSON printing and matrix text."""

from __future__ import annotations

import json
from typing import Any

from ..render.json import jsonable


def print_json(doc: Any) -> None:
    """One JSON document on stdout; exact numbers are strings like ``"23/10"``."""
    print(json.dumps(jsonable(doc), indent=2, allow_nan=False))
