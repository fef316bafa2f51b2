"""The bench/run.sh workloads in plain numpy, backward written by hand (no autograd: "ops"
times the forward chain alone). usage: numpy_workloads.py WORKLOAD [args], as bench_workloads."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common as bc  # noqa: E402

FW = "numpy"
f32 = np.float32


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def init(rng, sizes):
    """PyTorch's default Linear init: U(+-1/sqrt(fan_in)) for W (out x in) and b."""
    ws, bs = [], []
    for i in range(len(sizes) - 1):
        k = 1.0 / np.sqrt(sizes[i])
        ws.append(rng.uniform(-k, k, (sizes[i + 1], sizes[i])).astype(f32))
        bs.append(rng.uniform(-k, k, sizes[i + 1]).astype(f32))
    return ws, bs


def ops(chains=200):
    y0, c = np.ones(1, f32), np.full(1, 1.0001, f32)

    def once():
        y = y0
        for _ in range(500):
            y = y + c
            y = y * c
    once()
    bc.emit(FW, "ops", bc.timed(lambda: [once() for _ in range(chains)]), chains * 1000, "us/op", 1e6,
            note="forward only (no autograd)")


def sigmoid_mlp_step(ws, bs, x, y, lr, halfsum):
    """Sigmoid on every layer, squared error (mean, or 0.5*sum), plain SGD, in place."""
    acts = [x]
    for w, b in zip(ws, bs):
        acts.append(sigmoid(acts[-1] @ w.T + b))
    out = acts[-1]
    g = (out - y) if halfsum else (out - y) * f32(2.0 / out.size)
    for l in range(len(ws) - 1, -1, -1):
        g = g * acts[l + 1] * (1 - acts[l + 1])
        gw, gb = g.T @ acts[l], g.sum(0)
        if l:
            g = g @ ws[l]
        ws[l] -= f32(lr) * gw
        bs[l] -= f32(lr) * gb


def xor(steps=5000):
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], f32)
    y = np.array([[0], [1], [1], [0]], f32)
    ws, bs = init(np.random.default_rng(0), [2, 2, 1])
    step = lambda: sigmoid_mlp_step(ws, bs, x, y, 0.5, False)  # noqa: E731
    step()
    bc.emit(FW, "xor", bc.timed(lambda: [step() for _ in range(steps)]), steps, "us/step", 1e6)


def digits(samples=1347 * 3):
    xs, labels = bc.digits()
    ys = np.eye(10, dtype=f32)[labels]
    rng = np.random.default_rng(0)
    ws, bs = init(rng, [64, 32, 16, 10])
    order = rng.permutation(len(xs))
    rows = [xs[i:i + 1] for i in range(len(xs))]
    targets = [ys[i:i + 1] for i in range(len(xs))]
    n = len(xs)
    sigmoid_mlp_step(ws, bs, rows[0], targets[0], 0.1, True)
    bc.emit(FW, "digits", bc.timed(lambda: [sigmoid_mlp_step(ws, bs, rows[order[s % n]], targets[order[s % n]], 0.1,
                                                             True) for s in range(samples)]),
            samples, "us/sample", 1e6)


class Adam:
    def __init__(self, params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        self.p, self.lr, self.b1, self.b2, self.eps, self.t = params, lr, b1, b2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, g, m, v in zip(self.p, grads, self.m, self.v):
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * g * g
            denom = np.sqrt(v / c2)
            denom += self.eps
            p -= (self.lr / c1) * m / denom


def mnist(arch="784,128,10", batches=0):
    sizes = [int(v) for v in arch.split(",")]
    data = {}
    load = bc.timed(lambda: data.update(xy=bc.mnist()))[0]
    x, y = data["xy"]
    rng = np.random.default_rng(0)
    ws, bs = init(rng, sizes)
    opt = Adam(ws + bs)
    per_epoch = 469
    todo = per_epoch if batches <= 0 or batches > per_epoch else batches
    state = {}

    def epoch():
        perm = rng.permutation(60000)
        for b in range(todo):
            idx = perm[b * 128:(b + 1) * 128]
            xb, yb = x[idx], y[idx]
            acts = [xb]
            for l, (w, bias) in enumerate(zip(ws, bs)):
                z = acts[-1] @ w.T + bias
                acts.append(np.maximum(z, 0) if l + 1 < len(ws) else z)
            z = acts[-1]
            z = z - z.max(1, keepdims=True)
            e = np.exp(z)
            p = e / e.sum(1, keepdims=True)
            state["loss"] = float(-np.log(p[np.arange(len(yb)), yb]).mean())
            g = p
            g[np.arange(len(yb)), yb] -= 1
            g /= len(yb)
            gw, gb = [None] * len(ws), [None] * len(ws)
            for l in range(len(ws) - 1, -1, -1):
                gw[l], gb[l] = g.T @ acts[l], g.sum(0)
                if l:
                    g = (g @ ws[l]) * (acts[l] > 0)
            opt.step(gw + gb)
    bc.emit(FW, "mnist_" + arch, bc.timed(epoch), todo / per_epoch, "s/epoch", 1.0, batches=todo, load_s=load,
            loss=state["loss"])


def cat(iters=100):
    x, y = bc.cat()
    dims = [12288, 20, 7, 5, 1]
    rng = np.random.default_rng(1)
    ws = [(rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])).astype(f32) for l in range(1, 5)]
    bs = [np.zeros(dims[l], f32) for l in range(1, 5)]
    m = len(x)

    def it():
        acts = [x]
        for l in range(4):
            z = acts[-1] @ ws[l].T + bs[l]
            acts.append(np.maximum(z, 0) if l < 3 else sigmoid(z))
        a = acts[-1]
        g = (a - y) / m  # d BCE(sigmoid) / dz
        for l in range(3, -1, -1):
            gw, gb = g.T @ acts[l], g.sum(0)
            if l:
                g = (g @ ws[l]) * (acts[l] > 0)  # dA0 is not needed
            ws[l] -= f32(0.0075) * gw
            bs[l] -= f32(0.0075) * gb
    it()
    bc.emit(FW, "cat", bc.timed(lambda: [it() for _ in range(iters)]), iters, "ms/iter", 1e3)


def linear(steps=30):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((1024, 1024), f32)
    b = np.zeros(1024, f32)
    x = rng.standard_normal((256, 1024), f32)
    gy = rng.standard_normal((256, 1024), f32)

    def step():
        x @ w.T + b
        gy @ w
        gy.T @ x
        gy.sum(0)
    step()
    bc.emit(FW, "linear", bc.timed(lambda: [step() for _ in range(steps)]), steps, "us/step", 1e6)


if __name__ == "__main__":
    wl, rest = bc.args()
    if wl == "mnist":
        mnist(rest[0], int(rest[1]) if len(rest) > 1 else 0)
    else:
        globals()[wl](*[int(v) for v in rest])
