"""numpy baselines for `npm run bench` (bench/run.js), written for the benchmark.

Usage: python3 bench/numpy_baselines.py '<json job>'; prints one JSON object.
Every job times itself with time.perf_counter (median of `repeats` runs), so
interpreter start-up and import time are not counted against numpy.

Jobs:
  {"kind": "sampling", "count": N, "repeats": R, "betas": [1, 1.5, 2, 8, "inf"]}
      values/s of the dedicated samplers (laplace, standard_normal, uniform)
      and of the Gamma route gamma(1/b)**(1/b) * sign for every finite b.
  {"kind": "variance", "d": d, "n": n, "beta": b or "gauss", "count": M,
   "chunk": C, "repeats": R}
      Monte Carlo of Var[w-bar] (AOL): per chunk of C matrices, draw W
      (C, d, n), G = W^T W by batched matmul, t = row sums of |G|,
      w-bar = W / sqrt(t), mean of squares; returns seconds, the estimate and
      its standard error (per-matrix means, n - 1 denominator).
  {"kind": "matmul", "sizes": [...], "repeats": R}
      float64 GFLOP/s of a @ b (2 n^3 flops).
"""
import json
import sys
import time

import numpy as np


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


def timed(fn, repeats):
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return median(times), out


def sampling(job):
    rng = np.random.default_rng(1)
    n, reps = job["count"], job["repeats"]
    res = {}
    for b in job["betas"]:
        key = str(b)
        row = {}
        if b == 1:
            row["dedicated"] = n / timed(lambda: rng.laplace(size=n), reps)[0]
        elif b == 2:
            row["dedicated"] = n / timed(lambda: rng.standard_normal(n), reps)[0]
        elif b == "inf":
            row["dedicated"] = n / timed(lambda: rng.uniform(-1.0, 1.0, n), reps)[0]
        if b != "inf":
            inv = 1.0 / float(b)

            def gamma_route():
                g = rng.gamma(inv, size=n) ** inv
                return g * (rng.integers(0, 2, n) * 2 - 1)

            row["gamma"] = n / timed(gamma_route, reps)[0]
        res[key] = row
    return res


def draw(rng, beta, shape):
    if beta == "gauss" or beta == 2:
        return rng.standard_normal(shape)
    inv = 1.0 / float(beta)
    return rng.gamma(inv, size=shape) ** inv * (rng.integers(0, 2, shape) * 2 - 1)


def variance(job):
    d, n, m, chunk = job["d"], job["n"], job["count"], job["chunk"]

    def run():
        rng = np.random.default_rng(7)
        total = 0.0
        total_sq = 0.0
        done = 0
        while done < m:
            c = min(chunk, m - done)
            w = draw(rng, job["beta"], (c, d, n))
            g = np.matmul(w.transpose(0, 2, 1), w)          # (c, n, n)
            t = np.abs(g).sum(axis=2)                        # (c, n)
            wbar = w / np.sqrt(t)[:, None, :]
            y = np.square(wbar).mean(axis=(1, 2))            # one value per matrix
            total += float(y.sum())
            total_sq += float(np.square(y).sum())
            done += c
        mean = total / m
        return mean, ((total_sq - m * mean * mean) / (m - 1) / m) ** 0.5

    seconds, (est, se) = timed(run, job["repeats"])
    return {"seconds": seconds, "estimate": est, "se": se}


def matmul(job):
    res = {}
    rng = np.random.default_rng(3)
    for n in job["sizes"]:
        a = rng.random((n, n)) - 0.5
        b = rng.random((n, n)) - 0.5
        a @ b
        reps = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(reps):
                a @ b
            if time.perf_counter() - t0 > 0.1:
                break
            reps *= 2
        sec = timed(lambda: [a @ b for _ in range(reps)], job["repeats"])[0] / reps
        res[str(n)] = 2 * n ** 3 / sec / 1e9
    return res


if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    out = {"sampling": sampling, "variance": variance, "matmul": matmul}[job["kind"]](job)
    out["numpy"] = np.__version__
    print(json.dumps(out))
