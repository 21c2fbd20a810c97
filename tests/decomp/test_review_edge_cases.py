"""Edge cases for the fast paths of eigh, svd, lu, qr and solve.

Covers what the battery does not: sizes on both sides of the leaf and block
boundaries (8, 16, 32, 64, 128), spectra with heavy deflation, graded
tridiagonals, unbalanced divide-and-conquer trees, padded secular problems,
permutation signs, and input layouts. Reference values come from numpy/scipy
or from identities (``A V = V diag(w)``, ``V^T V = I``, ``QR = A``, ...).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sl

from mmlkit import decomp
from mmlkit.decomp._tridiag import secular_many, secular_roots, tridiag_eigh
from mmlkit.decomp.solve import _perm_sign
from mmlkit.errors import SingularMatrixError

EPS = np.finfo(np.float64).eps
THRESH = 30.0


def _orth(n, seed):
    Q, R = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return Q * np.sign(np.diag(R))


def _tridiag(d, e):
    return np.diag(d) + np.diag(e, 1) + np.diag(e, -1)


def _check_eigh(A, w, V):
    """Eigenvalues against numpy; residual and orthogonality against n eps ||A||."""
    n = A.shape[0]
    assert w.shape == (n,) and V.shape == (n, n)
    assert np.all(np.diff(w) >= 0)
    ref = np.linalg.eigvalsh(A)
    norm = max(float(np.max(np.abs(ref))) if n else 0.0, np.finfo(np.float64).tiny)
    scale = max(n, 1) * EPS * norm
    assert np.max(np.abs(w - ref), initial=0.0) <= THRESH * scale
    assert np.linalg.norm(A @ V - V * w, 2) <= THRESH * scale
    assert np.linalg.norm(V.T @ V - np.eye(n), 2) <= THRESH * max(n, 1) * EPS


def _sym_cases(n, seed):
    rng = np.random.default_rng(seed)
    Q = _orth(n, seed + 1)
    sym = lambda w: (Q * w) @ Q.T  # noqa: E731
    u = rng.standard_normal(n)
    arrow = np.diag(np.arange(n, dtype=float))
    arrow[0, 1:] = arrow[1:, 0] = 1.0
    offd = np.where(rng.random(max(n - 1, 0)) < 0.5, 0.0, rng.standard_normal(max(n - 1, 0)))
    return {
        "two_values": sym(np.where(np.arange(n) < n // 2, 1.0, 2.0)),
        "three_values": sym(np.arange(n) % 3 - 1.0),
        "identity_plus_rank1": np.eye(n) + np.outer(u, u),
        "rank1": np.outer(u, u),
        "ones": np.ones((n, n)),
        "repeated_diagonal": np.diag(np.repeat([1.0, -2.0, 3.0], n)[:n]),
        "tridiag_split": _tridiag(rng.standard_normal(n), offd),
        "toeplitz_1_2_1": _tridiag(np.full(n, 2.0), np.full(max(n - 1, 0), -1.0)),
        "near_cluster": sym(np.r_[np.full(n // 2, 1.0), 1.0 + 1e-10 * np.arange(n - n // 2)]),
        "arrow": arrow,
    }


BOUNDARY_SIZES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 65, 129]


@pytest.mark.parametrize("n", BOUNDARY_SIZES)
def test_eigh_deflation_heavy_spectra(n):
    for name, A in _sym_cases(n, seed=n).items():
        before = A.copy()
        w, V = decomp.eigh(A)
        assert np.array_equal(A, before), name
        _check_eigh(A, w, V)


@pytest.mark.parametrize("n", [9, 17, 40, 100])
def test_eigh_layouts_and_dtypes(n):
    rng = np.random.default_rng(100 + n)
    X = rng.standard_normal((n, n))
    A = X + X.T
    w0 = np.linalg.eigvalsh(A)
    big = np.zeros((2 * n, 3 * n))
    big[::2, ::3] = A
    for M in (np.asfortranarray(A), big[::2, ::3], A.T):
        w, V = decomp.eigh(M)
        _check_eigh(A, w, V)
    w32, V32 = decomp.eigh(A.astype(np.float32))
    assert w32.dtype == np.float32 and V32.dtype == np.float32
    tol = 30 * n * np.finfo(np.float32).eps * np.max(np.abs(w0))
    assert np.max(np.abs(w32 - w0)) <= tol


@pytest.mark.parametrize("n,low", [(136, 1e-200), (216, 1e-300), (257, 1e-300), (260, 1e-300)])
def test_eigh_graded_tridiagonal(n, low):
    # diagonal from 1 down to `low`, off-diagonal half of it: the lower subtrees'
    # secular problems live entirely near underflow
    d = np.geomspace(1.0, low, n)
    A = _tridiag(d, 0.5 * d[:-1])
    w, V = decomp.eigh(A)
    _check_eigh(A, w, V)


@pytest.mark.parametrize("n,low", [(136, 1e-200), (400, 1e-300)])
def test_svd_graded_bidiagonal(n, low):
    # the same grading for the bidiagonal divide and conquer; the vectors of the
    # tiny subproblems have entries whose squares overflow before normalization
    d = np.geomspace(1.0, low, n)
    B = np.diag(d) + np.diag(0.5 * d[:-1], 1)
    U, s, Vt = decomp.svd(B)
    ref = np.linalg.svd(B, compute_uv=False)
    scale = n * EPS * ref[0]
    assert np.max(np.abs(s - ref)) <= THRESH * scale
    assert np.linalg.norm(B - (U * s) @ Vt, 2) <= THRESH * scale
    assert np.linalg.norm(U.T @ U - np.eye(n), 2) <= THRESH * n * EPS
    assert np.linalg.norm(Vt @ Vt.T - np.eye(n), 2) <= THRESH * n * EPS


@pytest.mark.parametrize("n", [9, 10, 17, 23, 31, 100, 131, 200])
@pytest.mark.parametrize("top", [1, 3])
def test_tridiag_eigh_top_unbalanced(n, top):
    rng = np.random.default_rng(7 * n + top)
    d, e = rng.standard_normal(n), rng.standard_normal(n - 1)
    e[rng.random(n - 1) < 0.3] = 0.0
    w, Q = tridiag_eigh(d.copy(), e.copy(), top=top)
    ref = sl.eigh_tridiagonal(d, e, eigvals_only=True)
    norm = np.max(np.abs(ref))
    assert w.shape == (top,) and Q.shape == (n, top)
    assert np.max(np.abs(w - ref[-top:])) <= THRESH * n * EPS * norm
    T = _tridiag(d, e)
    assert np.linalg.norm(T @ Q - Q * w, 2) <= THRESH * n * EPS * norm
    assert np.linalg.norm(Q.T @ Q - np.eye(top), 2) <= THRESH * n * EPS


def test_secular_many_mixed_sizes_and_scales():
    # sizes 1 (closed form) mixed with padded problems on wildly different scales
    rng = np.random.default_rng(3)
    problems = []
    for k, scale, rho in [(1, 1.0, 2.0), (5, 1e-8, 3e-9), (1, 1e6, 1e5), (2, 1.0, 1e-8),
                          (30, 1e8, 1e8), (3, 1e-3, 1.0)]:
        d = np.sort(rng.standard_normal(k)) * scale + np.arange(k) * 0.1 * scale
        z = rng.standard_normal(k)
        problems.append((d, z / np.linalg.norm(z), rho))
    for (d, z, rho), (lam, delta, zh) in zip(problems, secular_many(problems), strict=True):
        ref = np.linalg.eigvalsh(np.diag(d) + rho * np.outer(z, z))
        norm = np.max(np.abs(ref))
        assert np.max(np.abs(lam - ref)) <= 8 * len(d) * EPS * norm
        assert np.allclose(delta, d[None, :] - lam[:, None], rtol=0, atol=8 * EPS * norm)
        assert np.allclose(zh, np.sqrt(rho) * z, rtol=1e-8, atol=1e-12 * np.sqrt(rho))


@pytest.mark.parametrize("scale", [1.0, 1e-160, 1e-299])
def test_secular_roots_scale_invariant(scale):
    # the roots scale with (d, rho): relative to the scale they are as accurate as at 1
    d = np.arange(4.0) * scale
    z = np.full(4, 0.5)
    lam, delta, zh = secular_roots(d, z, scale)
    ref = np.linalg.eigvalsh(np.diag(d) + scale * np.outer(z, z))
    assert np.max(np.abs(lam - ref)) <= 8 * 4 * EPS * np.max(np.abs(ref))


@pytest.mark.parametrize("n", [*range(0, 12), 31, 32, 33, 64, 65, 127, 128, 129])
def test_perm_sign_is_determinant_of_permutation_matrix(n):
    rng = np.random.default_rng(n)
    perms = [rng.permutation(n) for _ in range(4)] + [np.arange(n), np.arange(n)[::-1]]
    if n > 1:
        perms.append(np.roll(np.arange(n), 1))  # one n-cycle
    for p in perms:
        ref = float(np.round(np.linalg.det(np.eye(n)[p]))) if n else 1.0
        assert _perm_sign(p) == ref
        assert _perm_sign(p.astype(np.int32)) == ref


@pytest.mark.parametrize("shape", [(1, 5), (5, 1), (31, 31), (32, 32), (33, 33), (65, 33),
                                   (33, 65), (97, 64), (64, 97), (130, 130)])
def test_lu_pivots_match_lapack(shape):
    rng = np.random.default_rng(sum(shape))
    A = rng.standard_normal(shape)
    P, L, U = decomp.lu(A)
    Pr, Lr, Ur = sl.lu(A)
    assert np.array_equal(P, Pr)
    assert np.allclose(L, Lr, rtol=0, atol=1e-10)
    assert np.allclose(U, Ur, rtol=0, atol=1e-10 * np.max(np.abs(A)))


@pytest.mark.parametrize("n", [1, 2, 31, 32, 33, 63, 64, 65, 96, 97, 129])
def test_solve_inv_det_around_leaf_boundaries(n):
    rng = np.random.default_rng(n)
    cases = {
        "random": rng.standard_normal((n, n)),
        "permutation": np.eye(n)[rng.permutation(n)] * rng.uniform(1.0, 2.0, n),
        "upper": np.triu(rng.standard_normal((n, n))) + 4 * np.eye(n),
        "lower": np.tril(rng.standard_normal((n, n))) + 4 * np.eye(n),
        "fortran": np.asfortranarray(rng.standard_normal((n, n))),
        "transposed": rng.standard_normal((n, n)).T,
    }
    b = rng.standard_normal((n, 3))
    for name, A in cases.items():
        before = A.copy()
        cond = np.linalg.cond(A)
        tol = THRESH * n * EPS * cond
        x = decomp.solve(A, b)
        xr = np.linalg.solve(A, b)
        assert np.max(np.abs(x - xr)) <= tol * np.max(np.abs(xr)), name
        x1 = decomp.solve(A, b[:, 0])
        assert x1.shape == (n,) and np.allclose(x1, x[:, 0], rtol=0, atol=tol * np.max(np.abs(xr)))
        Xi, Xr = decomp.inv(A), np.linalg.inv(A)
        assert np.max(np.abs(Xi - Xr)) <= tol * np.max(np.abs(Xr)), name
        dr = np.linalg.det(A)
        assert abs(decomp.det(A) - dr) <= tol * abs(dr), name
        s, ld = decomp.slogdet(A)
        sr, ldr = np.linalg.slogdet(A)
        assert s == sr and abs(ld - ldr) <= THRESH * n * EPS * max(1.0, abs(ldr)) + tol, name
        assert np.array_equal(A, before), name


def test_solve_inv_float32():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((70, 70)).astype(np.float32) + 8 * np.eye(70, dtype=np.float32)
    b = rng.standard_normal(70).astype(np.float32)
    x = decomp.solve(A, b)
    X = decomp.inv(A)
    assert x.dtype == np.float32 and X.dtype == np.float32
    A64 = A.astype(np.float64)
    assert np.allclose(x, np.linalg.solve(A64, b.astype(np.float64)), rtol=0, atol=1e-4)
    assert np.allclose(X, np.linalg.inv(A64), rtol=0, atol=1e-4)


@pytest.mark.parametrize("n,col", [(33, 32), (65, 40), (97, 96), (40, 0)])
def test_singular_raises_in_later_panels(n, col):
    rng = np.random.default_rng(n)
    A = rng.standard_normal((n, n))
    A[:, col] = 0.0
    with pytest.raises(SingularMatrixError):
        decomp.solve(A, np.ones(n))
    with pytest.raises(SingularMatrixError):
        decomp.inv(A)
    assert decomp.det(A) == 0.0
    s, ld = decomp.slogdet(A)
    assert s == 0.0 and ld == -np.inf


@pytest.mark.parametrize("shape", [(7, 7), (8, 8), (9, 9), (17, 9), (9, 17), (64, 65),
                                   (65, 64), (130, 33), (33, 130)])
@pytest.mark.parametrize("kind", ["random", "zero_cols", "dup_cols", "rank1"])
def test_qr_panel_leaves(shape, kind):
    rng = np.random.default_rng(sum(shape))
    m, n = shape
    A = rng.standard_normal(shape)
    if kind == "zero_cols":
        A[:, ::2] = 0.0           # identity reflectors inside the panel leaves
    elif kind == "dup_cols":
        A[:, 1::2] = A[:, :1]
    elif kind == "rank1":
        A = np.outer(rng.standard_normal(m), rng.standard_normal(n))
    for mode in ("reduced", "complete"):
        Q, R = decomp.qr(A, mode=mode)
        k = m if mode == "complete" else min(m, n)
        assert Q.shape == (m, k) and R.shape == (k, n)
        assert not np.any(np.tril(R, -1))
        assert np.max(np.abs(Q @ R - A)) <= THRESH * max(m, n) * EPS * max(np.abs(A).max(), 1)
        assert np.max(np.abs(Q.T @ Q - np.eye(k))) <= THRESH * m * EPS
    if kind == "random":  # full rank: R is unique up to the signs of its rows
        R = decomp.qr(A)[1]
        Rr = sl.qr(A, mode="economic")[1]
        assert np.allclose(np.abs(R), np.abs(Rr), rtol=0, atol=1e-12 * np.abs(A).max())


@pytest.mark.parametrize("shape", [(129, 129), (130, 129), (129, 131)])
def test_svd_across_the_128_block(shape):
    rng = np.random.default_rng(sum(shape))
    m, n = shape
    A = rng.standard_normal(shape)
    A[:, 5] = 0.0
    for full in (False, True):
        U, s, Vt = decomp.svd(A, full_matrices=full)
        ref = np.linalg.svd(A, compute_uv=False)
        k = min(m, n)
        assert np.max(np.abs(s - ref)) <= THRESH * max(m, n) * EPS * ref[0]
        S = np.zeros((U.shape[1], Vt.shape[0]))
        S[np.arange(k), np.arange(k)] = s
        assert np.max(np.abs(U @ S @ Vt - A)) <= THRESH * max(m, n) * EPS * ref[0]
        assert np.max(np.abs(U.T @ U - np.eye(U.shape[1]))) <= THRESH * max(m, n) * EPS
        assert np.max(np.abs(Vt @ Vt.T - np.eye(Vt.shape[0]))) <= THRESH * max(m, n) * EPS


@pytest.mark.parametrize("n", [33, 70, 100])
@pytest.mark.parametrize("kind", ["negative", "positive", "zero column", "zero corner"])
def test_lu_later_panels_with_one_signed_or_zero_columns_match_lapack(n, kind):
    # later panels sit in a scratch array padded with zero rows: a padded zero must
    # never be taken as the pivot, whatever the signs of the column's real entries
    rng = np.random.default_rng(n)
    A = rng.uniform(1.0, 2.0, (n, n))
    if kind == "negative":
        A = -A
    elif kind == "zero column":
        A = rng.standard_normal((n, n))
        A[:, n - 3] = 0.0  # a zero column in the last panel
    elif kind == "zero corner":
        A = rng.standard_normal((n, n))
        A[n - 5:, n - 5:] = 0.0  # zeros where the last panel searches for its pivots
    if kind in ("negative", "positive"):
        A[:, n // 2:] = np.sign(A[0, 0]) * np.abs(A[:, n // 2:])
    P, L, U = decomp.lu(A)
    Pr, Lr, Ur = sl.lu(A)
    assert np.array_equal(P, Pr)
    np.testing.assert_allclose(L, Lr, rtol=0, atol=1e-9)
    np.testing.assert_allclose(U, Ur, rtol=0, atol=1e-9 * np.max(np.abs(A)))
    np.testing.assert_allclose(P @ L @ U, A, rtol=0, atol=1e-12 * n * np.max(np.abs(A)))
