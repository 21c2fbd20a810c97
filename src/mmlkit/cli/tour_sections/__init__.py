"""Tour sections, one module per area (see :mod:`mmlkit.cli.tour`)."""
