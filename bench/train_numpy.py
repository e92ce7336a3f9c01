"""numpy baseline for the trainer benchmark (bench/train.mjs), written for it.

Usage: python3 bench/train_numpy.py '<json job>'; prints one JSON object.
  {"model": "sll" | "plain", "depth": L, "width": 64, "batch": 64,
   "inputs": 54, "classes": 7, "steps": S, "repeats": R, "dtype": "float64"}
Trains the same network as lipvar's trainer (MATH.md §7: L + 1 SLL layers
with the row Gram and trained q, or L x (Linear + ReLU) + Linear) with
softmax cross-entropy and PyTorch's Adam on random data, S steps per repeat,
batches drawn in order from a fixed random table; reports the median steps/s
over the repeats (time.perf_counter around the steps only). The code is
vectorised the way one writes numpy for speed: one matmul per product, the
SLL gradient through t in factorised form.
"""
import json
import sys
import time

import numpy as np


def build(model, depth, width, inputs, classes, rng, dt):
    widths = [inputs] + [width] * depth + [classes]
    layers = []
    for i, (n, d) in enumerate(zip(widths[:-1], widths[1:])):
        sll = model == "sll"
        layers.append({
            "sll": sll, "relu": sll or i < depth,
            "W": (rng.standard_normal((d, n)) * np.sqrt(2 / (n + d))).astype(dt),
            "b": rng.uniform(-1, 1, d).astype(dt) / np.sqrt(n),
            "th": rng.standard_normal(d).astype(dt) if sll else None,
        })
    return layers


def params(layers):
    out = []
    for l in layers:
        out += [l["W"], l["b"]] + ([l["th"]] if l["sll"] else [])
    return out


def step(layers, x, y, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    cache = []
    a = x
    for l in layers:
        W, b = l["W"], l["b"]
        if l["sll"]:
            q = np.exp(l["th"])
            G = W @ W.T
            t = (np.abs(G) * q[None, :]).sum(axis=1) / q
            s = np.where(t > 0, 1 / np.sqrt(np.where(t > 0, t, 1)), 0)
            z = a @ W.T
            yv = z * s + b
            cache.append((a, z, yv, G, q, t, s))
        else:
            yv = a @ W.T + b
            cache.append((a, None, yv, None, None, None, None))
        a = np.maximum(yv, 0) if l["relu"] else yv
    m = a.max(axis=1, keepdims=True)
    e = np.exp(a - m)
    p = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(p[rows, y]).mean()
    up = p
    up[rows, y] -= 1
    up /= len(y)
    grads = []
    for l, (a_in, z, yv, G, q, t, s) in zip(reversed(layers), reversed(cache)):
        dy = up * (yv > 0) if l["relu"] else up
        db = dy.sum(axis=0)
        W = l["W"]
        if l["sll"]:
            ds = (dy * z).sum(axis=0)
            dz = dy * s
            dt = -0.5 * ds * s ** 3
            ratio = q[None, :] / q[:, None]
            H = dt[:, None] * np.sign(G) * ratio
            dth = (H * G).sum(axis=0) - dt * t
            dW = dz.T @ a_in + (H + H.T) @ W
            up = dz @ W
            grads.append((dW, db, dth))
        else:
            dW = dy.T @ a_in
            up = dy @ W
            grads.append((dW, db))
    flat = []
    for g in reversed(grads):
        flat += list(g)
    state["k"] += 1
    k = state["k"]
    c1 = 1 - b1 ** k
    c2 = np.sqrt(1 - b2 ** k)
    for P, g, m1, m2 in zip(params(layers), flat, state["m"], state["v"]):
        m1 *= b1
        m1 += (1 - b1) * g
        m2 *= b2
        m2 += (1 - b2) * g * g
        P -= (lr / c1) * m1 / (np.sqrt(m2) / c2 + eps)
    return loss


def main():
    job = json.loads(sys.argv[1])
    dt = np.dtype(job.get("dtype", "float64"))
    rng = np.random.default_rng(1)
    layers = build(job["model"], job["depth"], job["width"], job["inputs"], job["classes"], rng, dt)
    B = job["batch"]
    table = rng.standard_normal((B * 50, job["inputs"])).astype(dt)
    labels = rng.integers(0, job["classes"], B * 50)
    state = {"k": 0, "m": [np.zeros_like(P) for P in params(layers)], "v": [np.zeros_like(P) for P in params(layers)]}
    times = []
    for _ in range(job["repeats"]):
        t0 = time.perf_counter()
        for s in range(job["steps"]):
            i = (s % 50) * B
            step(layers, table[i:i + B], labels[i:i + B], state)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"stepsPerSecond": job["steps"] / times[len(times) // 2], "numpy": np.__version__, "dtype": str(dt)}))


if __name__ == "__main__":
    main()
