"""Keeping freed array memory in the process, for training loops.

Every training step allocates the same large arrays (activations, gradients)
and frees them at the end. With glibc's default settings the freed memory at
the top of the heap goes back to the operating system, so the next step pays
one page fault per 4 KiB page to get it back — on a virtual machine that can be
as much time as the matrix products themselves. :func:`reuse_memory` asks the C
allocator to keep that memory for reuse instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

__all__ = ["reuse_memory"]

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_DEFAULT = 128 * 1024  # glibc's initial thresholds


def _mallopt() -> ctypes._CFuncPtr | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        fn = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl)
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn


def reuse_memory(enabled: bool = True) -> bool:
    """Keep freed array memory in the process instead of returning it to the OS.

    Process-wide (it configures the C allocator, so it affects every library in
    the process, NumPy and others alike): arrays of up to 32 MiB are served from
    the heap, and the heap is not trimmed until 512 MiB are free. The price is a
    resident size that stays at its peak. ``reuse_memory(False)`` restores
    glibc's initial thresholds (128 KiB).

    Returns
    -------
    bool
        True when the setting was applied (Linux with glibc), False elsewhere.

    Examples
    --------
    >>> from mmlkit.autodiff import reuse_memory
    >>> reuse_memory() in (True, False)
    True
    >>> reuse_memory(False) in (True, False)
    True
    """
    fn = _mallopt()
    if fn is None:
        return False
    mmap_threshold = 32 * 2 ** 20 if enabled else _DEFAULT
    trim_threshold = 512 * 2 ** 20 if enabled else _DEFAULT
    ok = fn(_M_MMAP_THRESHOLD, mmap_threshold) == 1
    return fn(_M_TRIM_THRESHOLD, trim_threshold) == 1 and ok
