"""The chapter-6 tour section runs and prints numbers that agree with independent formulas."""

from __future__ import annotations

import re

from mmlkit.cli.tour_sections import prob as section


def test_tour_section_output(tmp_path) -> None:
    lines: list[str] = []
    section.run(tmp_path, lines.append)
    text = "\n".join(lines)
    # Bayes: 0.9 * 0.01 / (0.9 * 0.01 + 0.05 * 0.99)
    assert f"p(ill | positive)     = {0.009 / (0.009 + 0.0495):.4f}" in text
    # conditional of weight given height 185: 70 + 28/49 * 15, 36 - 28^2/49
    assert f"N({70 + 28 / 49 * 15:.2f}, {36 - 28**2 / 49:.2f})" in text
    # Beta(2, 2) after 7 ones and 3 zeros is Beta(9, 5), predictive 9/14
    assert "Beta(a=9, b=5)" in text and f"{9 / 14:.4f}" in text
    var = float(re.search(r"var = ([0-9.]+)", text).group(1))
    assert abs(var - 4.0) < 0.05
    assert (tmp_path / "ch06_beta_bernoulli.png").stat().st_size > 1000
