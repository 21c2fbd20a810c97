"""The chapter 7 tour section prints computed results and writes its plot."""

from __future__ import annotations

import pytest

from mmlkit.cli.tour_sections import optim as section


def test_tour_section_output_and_plot(tmp_path):
    lines: list[str] = []
    section.run(tmp_path, lines.append)
    text = "\n".join(lines)
    assert "lr = 0.21" in text and "converged = False" in text     # divergent step size
    assert "lambda = 0.707107" in text                              # 1/sqrt(2), by hand
    assert "x* = [1.0, 3.0], value 7.000000" in text                # LP vertex, by hand
    assert (tmp_path / "ch07_trajectories.png").stat().st_size > 10_000


@pytest.mark.slow
def test_tour_section_without_output_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    section.run(None, lines.append)
    assert list(tmp_path.iterdir()) == []
    assert section.TITLE.startswith("Chapter 7")
