"""Matrix decompositions, written from scratch on NumPy matrix products (MML ch. 4).

Nothing here calls NumPy's or SciPy's linear-algebra modules: LU, Cholesky and QR are
blocked (level-3) algorithms, ``eigh`` reduces to tridiagonal form and runs a
divide-and-conquer eigensolver, ``svd`` reduces to bidiagonal form. The textbook
unblocked algorithms stay as panel kernels and readable references.
"""

from .charpoly import charpoly
from .cholesky import cholesky, cholesky_unblocked
from .eigen import eig, eigh, eigvals, eigvalsh
from .lowrank import low_rank, lstsq, matrix_rank, pinv
from .lu import lu, lu_unblocked
from .qr import qr, qr_unblocked
from .solve import det, inv, slogdet, solve, solve_triangular, trace
from .svd import svd, svdvals

__all__ = [
    "lu", "lu_unblocked", "cholesky", "cholesky_unblocked", "qr", "qr_unblocked",
    "eigh", "eigvalsh", "eig", "eigvals", "svd", "svdvals",
    "det", "slogdet", "trace", "inv", "solve", "solve_triangular",
    "lstsq", "pinv", "matrix_rank", "low_rank", "charpoly",
]
