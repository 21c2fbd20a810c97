"""The chapter 5 tour section prints real, correct numbers and writes its artefacts."""

from __future__ import annotations

import numpy as np

from mmlkit.cli.tour_sections import autodiff as section


def test_tour_section_runs_and_prints_true_values(tmp_path):
    lines: list[str] = []
    section.run(tmp_path, lines.append)
    text = "\n".join(lines)
    assert section.TITLE.startswith("Chapter 5")
    assert f"{1 + np.cos(2.0):.4f}" in text  # df/dy = x^2 + cos y at (1, 2)
    assert f"{-np.sin(2.0):.4f}" in text
    assert "det J = 2.000000" in text and "passed" in text
    losses = [float(ln.split("loss ")[1].split()[0]) for ln in lines if " loss " in ln]
    assert losses[-1] < 0.1 * losses[0]
    assert (tmp_path / "ch05_backprop_graph.dot").read_text().startswith("digraph {")
    assert (tmp_path / "ch05_taylor.png").stat().st_size > 1000


def test_tour_section_without_output_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    section.run(None, lambda s: None)
    assert list(tmp_path.iterdir()) == []
