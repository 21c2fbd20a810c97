"""Building blocks of ``eigh``: the tridiagonal reduction, the Jacobi leaves, the secular equation.

Measures as in the battery: residuals scaled by ``n * ||A|| * eps`` stay below 30;
eigenvalues are compared with ``numpy.linalg.eigvalsh``.
"""

from __future__ import annotations

import numpy as np
import pytest

from mmlkit.decomp._tridiag import (
    _leaf_solve,
    _tear,
    apply_q,
    batched_jacobi,
    secular_many,
    secular_roots,
    tridiag_eigh,
    tridiagonalize,
)

EPS = np.finfo(np.float64).eps
THRESH = 30.0


def _n1(X):
    return float(np.max(np.sum(np.abs(X), axis=0))) if X.size else 0.0


def _check_eig(A, w, V):
    n = A.shape[0]
    assert np.all(np.diff(w) >= 0), "ascending"
    norm = max(_n1(A), np.finfo(np.float64).tiny)
    resid = _n1(A - (V * w) @ V.T) / (n * norm * EPS)
    orth = _n1(V.T @ V - np.eye(n)) / (n * EPS)
    err = np.max(np.abs(w - np.linalg.eigvalsh(A))) / (n * EPS * norm)
    assert max(resid, orth, err) < THRESH, (resid, orth, err)


def _tridiag(d, e):
    return np.diag(d) + np.diag(e, 1) + np.diag(e, -1)


def _secular_problem(rng, k):
    d = np.sort(rng.standard_normal(k)) + np.arange(k) * 0.1   # distinct poles
    z = rng.standard_normal(k)
    z /= np.linalg.norm(z)
    return d, z, float(rng.uniform(0.1, 3.0))


@pytest.mark.parametrize("sizes", [(1,), (2,), (40,), (1, 2, 7, 30), (16, 15, 16, 15, 3)])
def test_secular_many_roots_are_the_eigenvalues(sizes):
    rng = np.random.default_rng(sum(sizes))
    problems = [_secular_problem(rng, k) for k in sizes]
    for (d, z, rho), (lam, delta, zh) in zip(problems, secular_many(problems), strict=True):
        M = np.diag(d) + rho * np.outer(z, z)
        ref = np.linalg.eigvalsh(M)
        scale = np.abs(ref).max()
        assert np.max(np.abs(lam - ref)) <= 8 * len(d) * EPS * scale
        # delta[i, j] = d_j - lam_i, kept accurately next to the poles
        assert np.allclose(delta, d[None, :] - lam[:, None], rtol=0, atol=8 * EPS * scale)
        # Gu-Eisenstat: lam are the eigenvalues of diag(d) + zh zh^T, with zh near sqrt(rho) z
        assert np.allclose(np.abs(zh), np.sqrt(rho) * np.abs(z), rtol=1e-11, atol=1e-14)
        assert np.array_equal(np.sign(zh), np.sign(z))


def test_secular_many_agrees_with_one_at_a_time():
    rng = np.random.default_rng(5)
    problems = [_secular_problem(rng, k) for k in (9, 4, 12)]
    together = secular_many(problems)
    for p, (lam, _, zh) in zip(problems, together, strict=True):
        lam1, _, zh1 = secular_roots(*p)
        assert np.allclose(lam, lam1, rtol=1e-14, atol=1e-14)
        assert np.allclose(zh, zh1, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("s", [1, 2, 3, 8, 15])
def test_batched_jacobi_against_lapack(s):
    rng = np.random.default_rng(s)
    M = rng.standard_normal((6, s, s))
    M = M + np.swapaxes(M, 1, 2)
    M[0] = 0.0                      # the zero matrix
    M[1] = np.diag(np.arange(s))    # already diagonal
    w, V = batched_jacobi(M)
    for b in range(M.shape[0]):
        _check_eig(M[b], w[b], V[b])


def test_leaf_solve_pads_smaller_leaves():
    rng = np.random.default_rng(11)
    n = 37                          # leaves of 4 and 5 rows
    d = rng.standard_normal(n)
    e = rng.standard_normal(n - 1)
    leaves: list = []
    dd = d.copy()
    _tear(dd, e, 0, n, leaves, [])
    assert len({hi - lo for lo, hi in leaves}) > 1
    solved = _leaf_solve(dd, e, leaves)
    for lo, hi in leaves:
        w, V = solved[(lo, hi)]
        assert w.shape == (hi - lo,) and V.shape == (hi - lo, hi - lo)
        _check_eig(_tridiag(dd[lo:hi], e[lo:hi - 1]), w, V)


@pytest.mark.parametrize("n", [1, 2, 9, 17, 33, 100, 131])
def test_tridiag_eigh_unbalanced_trees(n):
    rng = np.random.default_rng(n)
    d, e = rng.standard_normal(n), rng.standard_normal(max(n - 1, 0))
    w, Q = tridiag_eigh(d, e)
    _check_eig(_tridiag(d, e), w, Q)


def test_tridiag_eigh_glued_wilkinson():
    # W21+ blocks glued by a tiny coupling: close eigenvalue pairs and heavy deflation
    W = np.abs(np.arange(-10, 11)).astype(float)
    d = np.concatenate([W] * 5)
    e = np.ones(d.shape[0] - 1)
    e[20::21] = 1e-10
    w, Q = tridiag_eigh(d, e)
    _check_eig(_tridiag(d, e), w, Q)


@pytest.mark.parametrize("n", [1, 2, 5, 40, 70])
def test_tridiagonalize_and_apply_q(n):
    rng = np.random.default_rng(n)
    A = rng.standard_normal((n, n))
    A = A + A.T
    d, e, packed, tau = tridiagonalize(A)
    Q = apply_q(packed, tau, np.eye(n))
    T = _tridiag(d, e)
    norm = max(_n1(A), np.finfo(np.float64).tiny)
    assert _n1(A - Q @ T @ Q.T) / (n * norm * EPS) < THRESH
    assert _n1(Q.T @ Q - np.eye(n)) / (n * EPS) < THRESH
