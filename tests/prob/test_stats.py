"""Summary statistics against NumPy, and RunningStats on a stream with a large offset."""

from __future__ import annotations

import numpy as np
import pytest

from mmlkit.errors import ShapeError
from mmlkit.prob import RunningStats, corr, cov, mean, var

rng = np.random.default_rng(0)
X = rng.normal(size=(200, 4)) @ rng.normal(size=(4, 4)) + 3.0


@pytest.mark.parametrize("ddof", [0, 1, 3])
def test_var_cov_match_numpy(ddof) -> None:
    np.testing.assert_allclose(var(X, ddof=ddof), np.var(X, axis=0, ddof=ddof), rtol=1e-13)
    np.testing.assert_allclose(var(X, axis=1, ddof=ddof), np.var(X, axis=1, ddof=ddof),
                               rtol=1e-13)
    np.testing.assert_allclose(var(X, axis=None, ddof=ddof), np.var(X, ddof=ddof), rtol=1e-13)
    np.testing.assert_allclose(cov(X, ddof=ddof), np.cov(X.T, ddof=ddof), rtol=1e-12)


def test_mean_corr_match_numpy() -> None:
    np.testing.assert_allclose(mean(X), X.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(mean(X, axis=1), X.mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(corr(X), np.corrcoef(X.T), rtol=1e-12)
    assert np.all(np.diag(corr(X)) == 1.0)


def test_one_dimensional_data() -> None:
    x = [1.0, 2.0, 4.0, 7.0]
    assert float(var(x, ddof=1)) == pytest.approx(np.var(x, ddof=1), rel=1e-15)
    np.testing.assert_allclose(cov(x), [[np.var(x)]])


def test_stats_errors() -> None:
    with pytest.raises(ValueError, match="ddof"):
        var([1.0, 2.0], ddof=2)
    with pytest.raises(ValueError, match="ddof"):
        cov(X, ddof=-1)
    with pytest.raises(ValueError, match="column 1 is constant"):
        corr([[1.0, 2.0], [3.0, 2.0], [4.0, 2.0]])
    with pytest.raises(ValueError, match="at least one"):
        mean(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="NaN"):
        var([1.0, np.nan])


def test_large_offset_two_pass_variance() -> None:
    x = 1e9 + np.random.default_rng(1).normal(size=10_000)
    np.testing.assert_allclose(var(x), np.var(x - 1e9), rtol=1e-9)


def test_running_stats_one_million_values_with_offset() -> None:
    g = np.random.default_rng(2)
    data = 1e9 + g.normal(size=1_000_000)
    shifted = data - 1e9   # exact in float64: both operands lie within a factor of 2
    a, b = RunningStats(), RunningStats()
    cuts = np.sort(g.choice(np.arange(1, data.size), size=40, replace=False))
    pieces = np.split(data, cuts)
    for i, piece in enumerate(pieces):
        (a if i % 2 else b).update(piece)
    a.merge(b)
    assert a.n == data.size
    np.testing.assert_allclose(a.var, np.var(shifted), rtol=1e-9)
    np.testing.assert_allclose(a.mean - 1e9, np.mean(shifted), rtol=1e-6, atol=2e-7)
    np.testing.assert_allclose(a.cov, np.var(shifted), rtol=1e-9)


def test_running_stats_naive_formula_would_fail() -> None:
    # the one-pass E[x^2] - E[x]^2 formula loses every digit on this data; ours does not
    data = 1e9 + np.random.default_rng(3).normal(size=10_000)
    naive = np.mean(data**2) - np.mean(data) ** 2
    rs = RunningStats().update(data)
    assert abs(naive / np.var(data - 1e9) - 1) > 1e-3
    assert abs(rs.var / np.var(data - 1e9) - 1) < 1e-9


def test_running_stats_vectors_and_single_observations() -> None:
    rs = RunningStats()
    for row in X[:50]:
        rs.update(row[None, :])
    rs.update(X[50:120])
    other = RunningStats().update(X[120:])
    rs.merge(other)
    np.testing.assert_allclose(rs.mean, X.mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(rs.cov, np.cov(X.T, bias=True), rtol=1e-12)
    np.testing.assert_allclose(rs.var, X.var(axis=0), rtol=1e-12)
    s = RunningStats()
    for v in [2.0, 4.0, 9.0]:
        s.update(v)
    assert s.n == 3 and s.mean == 5.0 and s.var == pytest.approx(26 / 3, rel=1e-15)


def test_running_stats_errors_and_empty_batches() -> None:
    rs = RunningStats()
    with pytest.raises(ValueError, match="no observations"):
        _ = rs.mean
    rs.update(np.zeros((0, 3)))
    assert rs.n == 0
    rs.update(np.ones((2, 3)))
    with pytest.raises(ShapeError, match="features"):
        rs.update(np.ones((2, 4)))
    with pytest.raises(ShapeError, match="2-D"):
        rs.update([1.0, 2.0])
    with pytest.raises(ShapeError):
        rs.merge(RunningStats().update([1.0]))
    with pytest.raises(ValueError):
        rs.merge("not a stream")
    assert rs.merge(RunningStats()) is rs


def test_running_stats_does_not_mutate_batches() -> None:
    batch = X[:10].copy()
    RunningStats().update(batch)
    np.testing.assert_array_equal(batch, X[:10])
