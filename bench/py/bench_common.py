"""Shared by torch_workloads.py and numpy_workloads.py: the raw inputs bench_workloads prep
wrote (BENCH_CACHE), CPU/wall timing, peak RSS and the one-line JSON result (the fields of
bench/workloads.cpp)."""
import ctypes
import json
import os
import resource
import sys
import time

import numpy as np

CACHE = os.environ.get("BENCH_CACHE", "build/bench/cache")
THREADS = int(os.environ.get("TAPEGRAD_BENCH_THREADS", "1"))


def raw(name, dtype, cols=None):
    a = np.fromfile(os.path.join(CACHE, name), dtype=dtype)
    return a.reshape(-1, cols) if cols else a


def mnist():
    """Normalised float32 (60000, 784) and int64 labels, as tapegrad's Normalize(0.1307, 0.3081)."""
    x = raw("mnist_train_x.u8", np.uint8, 784).astype(np.float32)
    x *= 1.0 / 255
    x -= 0.1307
    x /= 0.3081
    return x, raw("mnist_train_y.u8", np.uint8).astype(np.int64)


def cat():
    x = raw("cat_train_x.u8", np.uint8, 12288).astype(np.float32) / 255.0
    return x, raw("cat_train_y.u8", np.uint8).astype(np.float32).reshape(-1, 1)


def digits():
    x = raw("digits_x.f32", np.float32, 64)[:1347] / 16.0
    y = raw("digits_y.u8", np.uint8)[:1347].astype(np.int64)
    return np.ascontiguousarray(x), y


def blas():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return lib.openblas_get_num_threads(), lib.openblas_get_corename().decode(), \
            " ".join(lib.openblas_get_config().decode().split()[:2])
    except (OSError, AttributeError):
        return 0, "", ""


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def emit(fw, wl, t, per, unit, scale, **extra):
    bt, core, lib = blas()
    rec = {"fw": fw, "wl": wl, "unit": unit, "wall": t[0] / per * scale, "cpu": t[1] / per * scale, "n": per,
           "threads": THREADS, "blas_threads": bt, "blas_core": core, "blas": lib,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)}
    rec.update(extra)
    print(json.dumps(rec), flush=True)


def args():
    """argv: workload [count] [mnist: arch batches]"""
    return sys.argv[1], sys.argv[2:]
