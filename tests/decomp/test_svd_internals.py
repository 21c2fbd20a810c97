"""Building blocks of the SVD: bidiagonalization, bidiagonal divide and conquer, leaves.

Measures as in the battery: residuals scaled by ``n * ||B|| * eps`` stay below 30.
"""

from __future__ import annotations

import numpy as np
import pytest

from mmlkit.decomp._bidiag import _arrow_svd, batched_svd, bidiag_svd, bidiagonalize_blocked
from mmlkit.decomp.qr import apply_q

EPS = np.finfo(np.float64).eps
THRESH = 30.0


def _bidiag(d, e):
    B = np.diag(d)
    if d.shape[0] > 1:
        B += np.diag(e, 1)
    return B


def _n1(X):
    return float(np.max(np.sum(np.abs(X), axis=0))) if X.size else 0.0


def _check_svd(B, U, s, V):
    n = B.shape[0]
    assert np.all(s >= 0) and np.all(np.diff(s) >= 0), "ascending, non-negative"
    norm = max(_n1(B), np.finfo(np.float64).tiny)
    resid = _n1(B - (U * s) @ V.T) / (n * norm * EPS)
    orth_u = _n1(U.T @ U - np.eye(n)) / (n * EPS)
    orth_v = _n1(V.T @ V - np.eye(n)) / (n * EPS)
    ref = np.sort(np.linalg.svd(B, compute_uv=False))
    err = np.max(np.abs(s - ref)) / (n * EPS * max(ref[-1], np.finfo(np.float64).tiny))
    assert max(resid, orth_u, orth_v, err) < THRESH, (resid, orth_u, orth_v, err)


def _cases():
    rng = np.random.default_rng(7)
    n = 90
    out = {}
    for size in (1, 2, 3, 16, 17, 33, 70):
        out[f"random{size}"] = (rng.standard_normal(size), rng.standard_normal(size - 1))
    d, e = rng.standard_normal(n), rng.standard_normal(n - 1)
    dz = d.copy()
    dz[[0, 40, 45, n - 1]] = 0.0
    out["zero_d"] = (dz, e)
    ez = e.copy()
    ez[[3, 44, n - 2]] = 0.0
    out["zero_e"] = (d, ez)
    out["zero_diag"] = (np.zeros(n), e)
    out["zero"] = (np.zeros(n), np.zeros(n - 1))
    out["identity"] = (np.ones(n), np.zeros(n - 1))
    out["ones"] = (np.ones(n), np.ones(n - 1))
    out["graded"] = (np.logspace(0, -15, n), np.logspace(0, -15, n - 1))
    out["graded_far"] = (np.logspace(0, -300, n), np.logspace(-1, -300, n - 1))
    out["tiny_d"] = (np.where(np.arange(n) % 3 == 0, 1e-17, d), e)
    out["clusters"] = (np.r_[np.ones(n // 2), 1e-10 * np.ones(n - n // 2)], 1e-12 * np.ones(n - 1))
    out["negative"] = (-np.abs(d), -np.abs(e))
    out["huge"] = (1e300 * d / np.max(np.abs(d)), 1e300 * e / np.max(np.abs(e)))
    return out


CASES = _cases()


@pytest.mark.parametrize("name", list(CASES))
def test_bidiag_svd(name):
    d, e = CASES[name]
    U, s, V = bidiag_svd(d, e)
    _check_svd(_bidiag(d, e), U, s, V)


def test_bidiag_svd_empty():
    U, s, V = bidiag_svd(np.zeros(0), np.zeros(0))
    assert U.shape == (0, 0) and s.shape == (0,) and V.shape == (0, 0)


def test_arrow_deflation_paths():
    """Tiny z, tiny d next to the zero, equal d's: every deflation branch."""
    dd = np.array([0.0, 1e-18, 0.5, 0.5, 0.5 + 1e-17, 1.0, 2.0, 2.0])
    z = np.array([1e-20, 0.3, 1e-19, 0.2, 0.4, 0.7, 0.1, 0.6])
    M = np.diag(dd)
    M[0] += z
    U, s, V = _arrow_svd(dd, z)
    _check_svd(M, U, s, V)


def test_batched_svd_rank_deficient():
    rng = np.random.default_rng(3)
    B = rng.standard_normal((5, 9, 9))
    B[1, :, 4] = 0.0                       # a zero column
    B[2] = np.outer(B[2, :, 0], B[2, 0])   # rank one
    B[3] = 0.0
    B[4, 8] = 0.0                          # a zero row
    U, s, V = batched_svd(B)
    for b in range(B.shape[0]):
        _check_svd(B[b], U[b], s[b], V[b])


@pytest.mark.parametrize("n", [1, 2, 31, 32, 33, 100])
def test_bidiagonalize_blocked(n):
    A = np.random.default_rng(n).standard_normal((n, n))
    d, e, packed, tauq, taup = bidiagonalize_blocked(A, block=8)
    QL = apply_q(packed, tauq, np.eye(n))
    QR = np.eye(n)
    if n > 1:
        apply_q(np.ascontiguousarray(packed[:-1, 1:].T), taup, QR[1:])
    B = _bidiag(d, e)
    assert _n1(A - QL @ B @ QR.T) / (n * _n1(A) * EPS) < THRESH
    assert _n1(QL.T @ QL - np.eye(n)) / (n * EPS) < THRESH
    assert _n1(QR.T @ QR - np.eye(n)) / (n * EPS) < THRESH
