"""Contract tests: oracles for solve/inv/det/pinv/lstsq/rank/low_rank/charpoly, the
unblocked references against the fast paths, shapes, dtypes and bad input."""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy

from mmlkit import decomp
from mmlkit.errors import (
    ConvergenceError,
    InputTypeError,
    InputValueError,
    MMLError,
    NotPositiveDefiniteError,
    ShapeError,
    SingularMatrixError,
)

from .matrices import hilbert, jordan, pascal

RNG = np.random.default_rng(2024)


def rand(*shape):
    return RNG.standard_normal(shape)


# ----------------------------------------------------------------------------- oracles
@pytest.mark.parametrize("n", [1, 2, 7, 64, 150])
def test_solve_inv_det_against_numpy(n):
    A = rand(n, n) + n * np.eye(n) * 0.1
    b = rand(n)
    B = rand(n, 3)
    np.testing.assert_allclose(decomp.solve(A, b), np.linalg.solve(A, b), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(decomp.solve(A, B), np.linalg.solve(A, B), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(decomp.inv(A), np.linalg.inv(A), rtol=1e-9, atol=1e-12)
    assert decomp.det(A) == pytest.approx(np.linalg.det(A), rel=1e-10)
    sign, logdet = decomp.slogdet(A)
    ref_sign, ref_log = np.linalg.slogdet(A)
    assert sign == ref_sign and logdet == pytest.approx(ref_log, rel=1e-12, abs=1e-12)
    assert decomp.trace(A) == pytest.approx(np.trace(A))


def test_det_exact_values():
    assert decomp.det(np.zeros((0, 0))) == 1.0
    assert decomp.det([[0.0, 1.0], [1.0, 0.0]]) == -1.0     # one row swap
    assert decomp.det(pascal(6)) == pytest.approx(1.0, rel=1e-9)   # det of Pascal = 1
    assert decomp.det([[1.0, 2.0], [2.0, 4.0]]) == 0.0
    assert decomp.slogdet([[1.0, 2.0], [2.0, 4.0]]) == (0.0, -np.inf)


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("n", [1, 5, 33, 100])
def test_solve_triangular_against_scipy(lower, n):
    import scipy.linalg as sl

    T = np.tril(rand(n, n)) if lower else np.triu(rand(n, n))
    T += np.diag(np.sign(np.diag(T)) * 3.0)
    b = rand(n, 2)
    np.testing.assert_allclose(decomp.solve_triangular(T, b, lower=lower),
                               sl.solve_triangular(T, b, lower=lower), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", [(6, 6), (30, 12), (12, 30), (1, 4), (4, 1)])
def test_pinv_lstsq_rank_against_numpy(shape):
    A = rand(*shape)
    b = rand(shape[0])
    np.testing.assert_allclose(decomp.pinv(A), np.linalg.pinv(A), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(decomp.lstsq(A, b), np.linalg.lstsq(A, b, rcond=None)[0],
                               rtol=1e-9, atol=1e-12)
    assert decomp.matrix_rank(A) == np.linalg.matrix_rank(A)


def test_rank_deficient():
    A = rand(20, 4) @ rand(4, 15)
    assert decomp.matrix_rank(A) == 4 == np.linalg.matrix_rank(A)
    np.testing.assert_allclose(decomp.pinv(A), np.linalg.pinv(A), rtol=1e-7, atol=1e-9)
    b = rand(20)
    np.testing.assert_allclose(decomp.lstsq(A, b), np.linalg.lstsq(A, b, rcond=None)[0],
                               rtol=1e-7, atol=1e-9)
    assert decomp.matrix_rank(np.zeros((3, 3))) == 0
    assert decomp.matrix_rank(A, tol=1e300) == 0


@pytest.mark.parametrize("k", [0, 1, 3, 10])
def test_low_rank_eckart_young(k):
    A = rand(12, 10)
    Ak = decomp.low_rank(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    assert np.linalg.matrix_rank(Ak) == min(k, 10)
    # Eckart–Young: the spectral error is the first discarded singular value
    err = np.linalg.norm(A - Ak, 2)
    assert err == pytest.approx(s[k] if k < 10 else 0.0, abs=1e-10)


def test_charpoly_exact_against_sympy():
    M = [[2, -1, 0, 3], [1, 3, 5, 0], [7, "1/2", 4, -2], [0, 1, 1, 1]]
    got = decomp.charpoly(M)
    ref = sympy.Matrix([[sympy.Rational(str(v)) for v in row] for row in M]).charpoly()
    assert got.tolist() == [Fraction(int(c.p), int(c.q)) for c in ref.all_coeffs()]
    assert all(isinstance(c, Fraction) for c in got.tolist())


@pytest.mark.parametrize("n", [1, 3, 6])
def test_charpoly_float_against_numpy(n):
    A = rand(n, n)
    np.testing.assert_allclose(decomp.charpoly(A), np.poly(A), rtol=1e-9, atol=1e-12)


def test_charpoly_trace_and_det():
    A = pascal(5)
    p = decomp.charpoly(A.astype(int))
    assert p.tolist()[0] == 1 and p.tolist()[1] == -int(np.trace(A)) and p.tolist()[-1] == -1


# ----------------------------------------------------------------------------- eigen/svd vs numpy
@pytest.mark.parametrize("n", [2, 10, 50, 120])
def test_eigh_vectors_match_numpy_up_to_sign(n):
    A = rand(n, n)
    A = A + A.T
    w, V = decomp.eigh(A)
    w_ref, V_ref = np.linalg.eigh(A)
    np.testing.assert_allclose(w, w_ref, rtol=1e-10, atol=1e-12 * np.abs(w_ref).max())
    np.testing.assert_allclose(np.abs(np.sum(V * V_ref, axis=0)), 1.0, atol=1e-8)


@pytest.mark.parametrize("shape", [(8, 8), (50, 30), (30, 50)])
def test_svd_vectors_match_numpy_up_to_sign(shape):
    A = rand(*shape)
    U, s, Vt = decomp.svd(A)
    U_ref, s_ref, Vt_ref = np.linalg.svd(A, full_matrices=False)
    np.testing.assert_allclose(s, s_ref, rtol=1e-10)
    np.testing.assert_allclose(np.abs(np.sum(U * U_ref, axis=0)), 1.0, atol=1e-8)
    np.testing.assert_allclose(np.abs(np.sum(Vt * Vt_ref, axis=1)), 1.0, atol=1e-8)


def test_eigh_cluster_spans_same_space():
    Q = np.linalg.qr(rand(10, 10))[0]
    A = (Q * np.r_[1.0, 1.0, 1.0, np.arange(2.0, 9.0)]) @ Q.T
    w, V = decomp.eigh(A)
    P_ours = V[:, :3] @ V[:, :3].T
    P_ref = Q[:, :3] @ Q[:, :3].T
    np.testing.assert_allclose(P_ours, P_ref, atol=1e-12)


@pytest.mark.parametrize("n", [3, 8, 25])
def test_eig_against_numpy(n):
    A = rand(n, n)
    w, V = decomp.eig(A)
    ref = np.linalg.eigvals(A)
    key = np.lexsort
    ours = w[key((np.round(w.imag, 8), np.round(w.real, 8)))]
    theirs = ref[key((np.round(ref.imag, 8), np.round(ref.real, 8)))]
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(A @ V, V * w, atol=1e-10)


def test_eig_real_and_complex_results():
    w, V = decomp.eig([[2.0, 1.0], [1.0, 2.0]])
    assert w.dtype == np.float64 and sorted(w) == pytest.approx([1.0, 3.0])
    w, V = decomp.eig([[0.0, -2.0], [2.0, 0.0]])
    assert w.dtype == np.complex128
    assert sorted(w, key=lambda z: z.imag) == pytest.approx([-2j, 2j])
    lead = V[np.argmax(np.abs(V), axis=0), [0, 1]]
    assert np.allclose(lead.imag, 0) and np.all(lead.real > 0)


def test_eig_defective_jordan_block():
    J = jordan(4, lam=3.0)
    w, V = decomp.eig(J)
    np.testing.assert_allclose(w, 3.0, atol=1e-12)
    assert np.all(np.isfinite(V))
    np.testing.assert_allclose(J @ V, V * w, atol=1e-10)
    # one independent eigenvector (e_1): every column is (nearly) parallel to it
    np.testing.assert_allclose(np.abs(V[0]), 1.0, atol=1e-10)


def test_eigh_jacobi_agrees_with_dc():
    A = hilbert(9)
    w1, V1 = decomp.eigh(A)
    w2, V2 = decomp.eigh(A, method="jacobi")
    np.testing.assert_allclose(w1, w2, rtol=1e-8, atol=1e-15)
    np.testing.assert_allclose(V1, V2, atol=1e-7)


# ----------------------------------------------------------------------------- references
@pytest.mark.parametrize("shape", [(1, 1), (7, 7), (130, 130), (90, 40), (40, 90), (5, 1),
                                   (1, 5), (70, 33), (33, 70)])
def test_blocked_lu_matches_textbook(shape):
    A = rand(*shape)
    for got, ref in zip(decomp.lu(A), decomp.lu_unblocked(A), strict=True):
        np.testing.assert_allclose(got, ref, atol=1e-10)


@pytest.mark.parametrize("shape", [(1, 1), (7, 7), (150, 150), (140, 70), (70, 140), (5, 1),
                                   (1, 5), (65, 65), (129, 64)])
def test_blocked_qr_matches_textbook(shape):
    A = rand(*shape)
    for got, ref in zip(decomp.qr(A), decomp.qr_unblocked(A), strict=True):
        np.testing.assert_allclose(got, ref, atol=1e-10)


def test_lu_single_column_against_scipy():
    import scipy.linalg

    A = np.array([[1.0], [3.0], [-4.0], [2.0]])
    for got, ref in zip(decomp.lu(A), scipy.linalg.lu(A), strict=True):
        np.testing.assert_allclose(got, ref, atol=1e-15)


@pytest.mark.parametrize("k", [6, 12])
def test_compact_wy_with_identity_reflectors(k):
    """``larft`` with some ``tau = 0`` equals the product of the reflectors."""
    from mmlkit.decomp._blocked import larft

    m = 20
    V = np.tril(rand(m, k), -1) + np.eye(m, k)
    tau = RNG.uniform(1.0, 2.0, k)
    tau[[1, 4]] = 0.0
    H = np.eye(m)
    for j in range(k):
        H = H @ (np.eye(m) - tau[j] * np.outer(V[:, j], V[:, j]))
    np.testing.assert_allclose(np.eye(m) - V @ larft(V, tau) @ V.T, H, atol=1e-12)


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("unit", [True, False])
@pytest.mark.parametrize("n", [1, 2, 3, 17, 32, 33])
def test_tri_inv_against_numpy(lower, unit, n):
    from mmlkit.decomp._blocked import tri_inv

    T = rand(n, n) + 4.0 * np.eye(n)
    T = np.tril(T) if lower else np.triu(T)
    ref = T.copy()
    if unit:
        np.fill_diagonal(ref, 1.0)
    want = np.linalg.inv(ref)
    np.testing.assert_allclose(tri_inv(T, lower=lower, unit=unit), want, rtol=1e-10,
                               atol=1e-12 * np.abs(want).max())


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("unit", [True, False])
def test_tri_inv_of_a_stack_against_numpy(lower, unit):
    from mmlkit.decomp._blocked import tri_inv

    T = np.stack([rand(13, 13) + 4.0 * np.eye(13) for _ in range(5)])
    for b in range(T.shape[0]):
        T[b] = np.tril(T[b]) if lower else np.triu(T[b])
    ref = T.copy()
    if unit:
        ref[:, np.arange(13), np.arange(13)] = 1.0
    want = np.linalg.inv(ref)
    np.testing.assert_allclose(tri_inv(T, lower=lower, unit=unit), want, rtol=1e-10,
                               atol=1e-12 * np.abs(want).max())


@pytest.mark.parametrize("n", [31, 32, 100, 128])
def test_leaf_inverses_are_those_of_the_diagonal_blocks(n):
    from mmlkit.decomp._blocked import _LEAF, leaf_inverses

    U = np.triu(rand(n, n)) + 4.0 * np.eye(n)
    got = leaf_inverses(U, lower=False)
    assert sorted(got) == list(range(0, n - _LEAF + 1, _LEAF))
    for o, X in got.items():
        np.testing.assert_allclose(X @ U[o:o + _LEAF, o:o + _LEAF], np.eye(_LEAF), atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (31, 31), (32, 32), (45, 45), (100, 100),
                                   (150, 70), (70, 150)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lu_factor_hands_out_the_inverses_of_its_diagonal_blocks(shape, dtype):
    # each panel's Crout loop forward-substitutes identity rows: they must come out
    # as the inverse of that panel's unit lower diagonal block (LAPACK's L as oracle)
    import scipy.linalg

    from mmlkit.decomp._blocked import _LEAF
    from mmlkit.decomp.lu import lu_factor

    A = rand(*shape).astype(dtype)
    inverses: dict = {}
    packed, perm = lu_factor(A, inverses=inverses)
    k = min(shape)
    _, L, _ = scipy.linalg.lu(A.astype(np.float64))
    assert sorted(inverses) == list(range(0, k, _LEAF))
    tol = 1e-4 if dtype == np.float32 else 1e-11
    for o, X in inverses.items():
        b = min(_LEAF, k - o)
        assert X.shape == (b, b) and X.dtype == dtype
        Lb = L[o:o + b, o:o + b]
        np.testing.assert_allclose(X, np.linalg.inv(Lb), atol=tol * np.abs(np.linalg.inv(Lb)).max())


@pytest.mark.parametrize("n", [1, 9, 120])
def test_blocked_cholesky_matches_textbook(n):
    X = rand(n, n)
    A = X @ X.T + n * np.eye(n)
    np.testing.assert_allclose(decomp.cholesky(A), decomp.cholesky_unblocked(A), atol=1e-10)
    np.testing.assert_allclose(decomp.cholesky(A), np.linalg.cholesky(A), atol=1e-10)


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 63, 64, 65, 67, 131, 200, 256, 300])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cholesky_panel_edges_match_lapack(n, dtype):
    # sizes around the 4-row blocks and the 64-row panels (and whether the update product
    # fits in the unused last rows); LAPACK as the oracle
    X = rand(n, n)
    A = (X @ X.T + n * np.eye(n)).astype(dtype)
    L = decomp.cholesky(A)
    assert L.dtype == dtype and L.shape == (n, n)
    assert not np.triu(L, 1).any()
    ref = np.linalg.cholesky(A.astype(np.float64))
    tol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(L, ref, rtol=tol, atol=tol * np.abs(ref).max())


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 5, 6, 7, 62, 63, 64, 65, 66, 67, 68, 69])
def test_cholesky_names_each_failing_pivot_position(k):
    # every position inside a 4-row block and around a panel edge: the leading k x k
    # minor is PD, the (k+1) x (k+1) one is not (its last pivot is exactly -1)
    n = 72
    A = np.eye(n)
    A[k, k] = -1.0
    with pytest.raises(NotPositiveDefiniteError, match=f"pivot {k + 1} of {n} is -1"):
        decomp.cholesky(A)
    with pytest.raises(NotPositiveDefiniteError, match=f"pivot {k + 1} of {n} is -1"):
        decomp.cholesky_unblocked(A)


def test_cholesky_does_not_modify_input_and_reads_the_lower_triangle():
    X = rand(70, 70)
    A = X @ X.T + 70 * np.eye(70)
    A[np.triu_indices(70, 1)] += 1e-12 * np.abs(A).max()  # within the symmetry tolerance
    before = A.copy()
    L = decomp.cholesky(A)
    np.testing.assert_array_equal(A, before)
    np.testing.assert_allclose(L, np.linalg.cholesky(A), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("n", [5, 64, 130])
def test_cholesky_reads_the_lower_triangle_in_either_memory_order(order, n):
    # exactly symmetric input is factored from a plain copy; a nearly symmetric one (one
    # upper entry off by 1e-10 of the largest, in the last block of rows) from its lower triangle
    X = rand(n, n)
    A = X @ X.T + n * np.eye(n)
    A[n - 3, n - 1] += 1e-10 * np.abs(A).max()  # sqrt(eps) is 1.5e-8
    for M in (np.array((A + A.T) / 2, order=order), np.array(A, order=order)):
        np.testing.assert_allclose(decomp.cholesky(M), np.linalg.cholesky(M),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(decomp.cholesky_unblocked(M), np.linalg.cholesky(M),
                                   rtol=1e-12, atol=1e-12)
    A[n - 1, n - 3] = np.nan  # a NaN in the lower triangle is refused too
    with pytest.raises(ValueError, match="NaN or infinity"):
        decomp.cholesky(np.array(A, order=order))


# ----------------------------------------------------------------------------- dtypes, shapes
def test_float32_preserved():
    A = (rand(6, 6) + 6 * np.eye(6)).astype(np.float32)
    S = (A @ A.T).astype(np.float32)
    assert decomp.lu(A)[2].dtype == np.float32
    assert decomp.qr(A)[0].dtype == np.float32
    assert decomp.cholesky(S).dtype == np.float32
    assert decomp.eigh(S)[0].dtype == np.float32
    assert decomp.svd(A)[1].dtype == np.float32
    assert decomp.inv(A).dtype == np.float32
    np.testing.assert_allclose(decomp.svd(A)[1], np.linalg.svd(A, compute_uv=False), rtol=1e-5)


def test_lists_and_ints_accepted():
    P, L, U = decomp.lu([[1, 2], [3, 4]])
    np.testing.assert_allclose(P @ L @ U, [[1, 2], [3, 4]])
    np.testing.assert_allclose(decomp.solve([[2, 0], [0, 4]], [2, 4]), [1, 1])


def test_empty_inputs():
    for f in (decomp.lu, decomp.qr, decomp.svd, decomp.eigh, decomp.eig, decomp.cholesky):
        out = f(np.zeros((0, 0)))
        assert all(np.asarray(o).size == 0 for o in out) if isinstance(out, tuple) else True
    assert decomp.det(np.zeros((0, 0))) == 1.0
    assert decomp.inv(np.zeros((0, 0))).shape == (0, 0)
    U, s, Vt = decomp.svd(np.zeros((3, 0)), full_matrices=True)
    assert U.shape == (3, 3) and s.shape == (0,) and Vt.shape == (0, 0)


# ----------------------------------------------------------------------------- bad input
SQUARE_ONLY = [decomp.cholesky, decomp.eigh, decomp.eig, decomp.det, decomp.inv, decomp.trace,
               decomp.charpoly]


@pytest.mark.parametrize("f", SQUARE_ONLY, ids=lambda f: f.__name__)
def test_non_square_is_shape_error(f):
    with pytest.raises(ShapeError, match="square"):
        f(np.ones((2, 3)))


ALL = [decomp.lu, decomp.qr, decomp.svd, decomp.pinv, decomp.matrix_rank, *SQUARE_ONLY]


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_inf_is_value_error(f, bad):
    A = np.eye(3)
    A[1, 2] = A[2, 1] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        f(A)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_wrong_ndim_and_type(f):
    with pytest.raises(ShapeError):
        f(np.ones(3))
    with pytest.raises((InputTypeError, InputValueError)):
        f([["a", "b"], ["c", "d"]])


def test_cholesky_names_failing_pivot():
    A = np.array([[4.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    with pytest.raises(NotPositiveDefiniteError, match="pivot 2 of 3") as exc:
        decomp.cholesky(A)
    assert isinstance(exc.value, np.linalg.LinAlgError) and isinstance(exc.value, MMLError)
    with pytest.raises(NotPositiveDefiniteError, match="pivot 1 of 2"):
        decomp.cholesky([[-1.0, 0.0], [0.0, 1.0]])
    big = np.eye(100)
    big[70, 70] = -1.0
    with pytest.raises(NotPositiveDefiniteError, match="pivot 71 of 100"):
        decomp.cholesky(big)


def test_non_symmetric_refused():
    with pytest.raises(ValueError, match="symmetric"):
        decomp.cholesky([[2.0, 1.0], [0.0, 2.0]])
    with pytest.raises(ValueError, match="symmetric"):
        decomp.eigh([[2.0, 1.0], [0.0, 2.0]])
    # finite entries whose difference overflows are an asymmetry, not an infinity
    with pytest.raises(InputValueError, match="symmetric"):
        decomp.cholesky([[1.0, 1e308], [-1e308, 1.0]])


@pytest.mark.parametrize("f", [decomp.cholesky, decomp.eigh], ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_found_in_every_tile(f, bad):
    """The symmetry check doubles as the finiteness check: a bad entry far from the diagonal."""
    A = 4.0 * np.eye(300)
    A[290, 5] = A[5, 290] = bad
    with pytest.raises(InputValueError, match="NaN or infinity"):
        f(A)


@pytest.mark.parametrize("f", [decomp.cholesky, decomp.eigh], ids=lambda f: f.__name__)
@pytest.mark.parametrize("where", [(290, 5), (5, 290), (130, 64), (63, 64), (299, 298)])
def test_asymmetry_found_in_every_block(f, where):
    A = 4.0 * np.eye(300)
    A[where] = 1.0  # its mirror stays 0
    with pytest.raises(InputValueError, match=r"symmetric, but max\|A - A.T\| = 1 "):
        f(A)


@pytest.mark.parametrize("A", [[[1.0, 2.0], [2.0, 4.0]], [[1.0, 2, 3], [4, 5, 6], [7, 8, 9]],
                               np.zeros((3, 3))])
def test_singular_is_singular_matrix_error(A):
    with pytest.raises(SingularMatrixError, match="singular"):
        decomp.inv(A)
    with pytest.raises(SingularMatrixError):
        decomp.solve(A, np.ones(len(A)))


def test_solve_shape_mismatch():
    with pytest.raises(ShapeError):
        decomp.solve(np.eye(3), np.ones(4))
    with pytest.raises(ShapeError):
        decomp.lstsq(np.eye(3), np.ones(4))


def test_bad_options():
    with pytest.raises(ValueError, match="mode"):
        decomp.qr(np.eye(2), mode="economic")
    with pytest.raises(ValueError, match="method"):
        decomp.eigh(np.eye(2), method="qr")
    with pytest.raises(ValueError):
        decomp.low_rank(np.eye(2), -1)
    with pytest.raises(TypeError):
        decomp.low_rank(np.eye(2), 1.5)


def test_non_convergence_is_convergence_error():
    schur = sys.modules["mmlkit.decomp._schur"].schur
    A = np.roll(np.eye(6), 1, axis=0)   # a cyclic permutation: QR sweeps stall without shifts
    with pytest.raises(ConvergenceError):
        schur(A, max_sweeps=1)
    with pytest.raises(RuntimeError):
        schur(A, max_sweeps=1)


def test_inputs_never_modified():
    A = rand(30, 30)
    S = A @ A.T + np.eye(30)
    keep_a, keep_s = A.copy(), S.copy()
    for f in (decomp.lu, decomp.qr, decomp.svd, decomp.inv, decomp.det, decomp.eig,
              decomp.pinv, decomp.lu_unblocked, decomp.qr_unblocked):
        f(A)
    for f in (decomp.cholesky, decomp.eigh, decomp.cholesky_unblocked):
        f(S)
    decomp.solve(A, A[:, 0])
    assert np.array_equal(A, keep_a) and np.array_equal(S, keep_s)


def test_no_numpy_linalg_in_decomp():
    import pathlib

    import mmlkit.decomp as pkg

    for path in pathlib.Path(pkg.__file__).parent.glob("*.py"):
        text = path.read_text()
        for banned in ("numpy.linalg", "np.linalg", "scipy"):
            assert banned not in text, f"{path.name} mentions {banned}"


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 64, 257])
def test_perm_sign_against_sympy(n):
    from sympy.combinatorics import Permutation

    from mmlkit.decomp.solve import _perm_sign

    rng = np.random.default_rng(n)
    for _ in range(10):
        p = rng.permutation(n)
        assert _perm_sign(p) == (1.0 if Permutation(list(p)).is_even else -1.0)
