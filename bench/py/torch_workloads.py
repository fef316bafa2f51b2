"""The bench/run.sh workloads in PyTorch (eager). usage: torch_workloads.py WORKLOAD [args]
(the arguments of bench_workloads: ops|xor|digits|linear [steps], mnist ARCH [batches], cat [iters])."""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_common as bc  # noqa: E402

torch.set_num_threads(bc.THREADS)
FW = "pytorch"


def ops(chains=200):
    x = torch.ones(1, requires_grad=True)
    c = torch.full((1,), 1.0001)

    def once():
        x.grad = None
        y = x
        for _ in range(500):
            y = y + c
            y = y * c
        y.backward()
    once()
    bc.emit(FW, "ops", bc.timed(lambda: [once() for _ in range(chains)]), chains * 1000, "us/op", 1e6)


def mlp(sizes, act, last_act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(act())
        elif last_act:
            layers.append(last_act())
    return torch.nn.Sequential(*layers)


def xor(steps=5000):
    torch.manual_seed(0)
    x = torch.tensor([[0., 0], [0, 1], [1, 0], [1, 1]])
    y = torch.tensor([[0.], [1], [1], [0]])
    net = mlp([2, 2, 1], torch.nn.Sigmoid, torch.nn.Sigmoid)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)

    def step():
        opt.zero_grad()
        loss = F.mse_loss(net(x), y)
        loss.backward()
        opt.step()
    step()
    bc.emit(FW, "xor", bc.timed(lambda: [step() for _ in range(steps)]), steps, "us/step", 1e6)


def digits(samples=1347 * 3):
    xs, labels = bc.digits()
    xs = torch.from_numpy(xs)
    ys = F.one_hot(torch.from_numpy(labels), 10).float()
    torch.manual_seed(0)
    net = mlp([64, 32, 16, 10], torch.nn.Sigmoid, torch.nn.Sigmoid)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    rows = [xs[i:i + 1] for i in range(len(xs))]
    targets = [ys[i:i + 1] for i in range(len(xs))]
    order = torch.randperm(len(xs)).tolist()

    def step(i):
        opt.zero_grad()
        loss = 0.5 * F.mse_loss(net(rows[i]), targets[i], reduction="sum")
        loss.backward()
        opt.step()
    step(0)
    n = len(xs)
    bc.emit(FW, "digits", bc.timed(lambda: [step(order[s % n]) for s in range(samples)]), samples, "us/sample", 1e6)


def mnist(arch="784,128,10", batches=0):
    sizes = [int(v) for v in arch.split(",")]
    data = {}
    load = bc.timed(lambda: data.update(xy=bc.mnist()))[0]
    x, y = (torch.from_numpy(a) for a in data["xy"])
    torch.manual_seed(0)
    net = mlp(sizes, torch.nn.ReLU, None)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    per_epoch = 469
    todo = per_epoch if batches <= 0 or batches > per_epoch else batches
    state = {}

    def epoch():
        perm = torch.randperm(60000)
        for b in range(todo):
            idx = perm[b * 128:(b + 1) * 128]
            opt.zero_grad()
            loss = F.cross_entropy(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        state["loss"] = loss.item()
    bc.emit(FW, "mnist_" + arch, bc.timed(epoch), todo / per_epoch, "s/epoch", 1.0, batches=todo, load_s=load,
            loss=state["loss"])


def cat(iters=100):
    xn, yn = bc.cat()
    x, y = torch.from_numpy(xn), torch.from_numpy(yn)
    dims = [12288, 20, 7, 5, 1]
    torch.manual_seed(1)
    ws = [(torch.randn(dims[l], dims[l - 1]) / math.sqrt(dims[l - 1])).requires_grad_() for l in range(1, len(dims))]
    bs = [torch.zeros(dims[l], requires_grad=True) for l in range(1, len(dims))]
    opt = torch.optim.SGD(ws + bs, lr=0.0075)

    def it():
        opt.zero_grad()
        a = x
        for l in range(len(ws)):
            a = F.linear(a, ws[l], bs[l])
            a = torch.relu(a) if l + 1 < len(ws) else torch.sigmoid(a)
        cost = F.binary_cross_entropy(a, y)
        cost.backward()
        opt.step()
    it()
    bc.emit(FW, "cat", bc.timed(lambda: [it() for _ in range(iters)]), iters, "ms/iter", 1e3)


def linear(steps=30):
    torch.manual_seed(0)
    lin = torch.nn.Linear(1024, 1024)
    inp = torch.randn(256, 1024, requires_grad=True)
    gy = torch.randn(256, 1024)

    def step():
        inp.grad = None
        lin.weight.grad = None
        lin.bias.grad = None
        lin(inp).backward(gy)
    step()
    bc.emit(FW, "linear", bc.timed(lambda: [step() for _ in range(steps)]), steps, "us/step", 1e6)


if __name__ == "__main__":
    wl, rest = bc.args()
    if wl == "mnist":
        mnist(rest[0], int(rest[1]) if len(rest) > 1 else 0)
    else:
        globals()[wl](*[int(v) for v in rest])
