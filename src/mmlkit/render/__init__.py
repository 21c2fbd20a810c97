"""Rendering of results as text, LaTeX and JSON (no algorithm lives here)."""
