"""Research record (issue 14): how much of the precise estimator's residual
do further control variates with exactly known means remove?

Reproduces the per-matrix residual SD of today's estimator (Y_W regressed on
the ten controls of assembly/coupled.ts: Yz, Aw, Bw, A2w, Cw, Az, Bz, A2z, Cz,
E; coefficients from a separate pilot) and then adds candidate groups:

  ent     mean_ij phi_k(|z_ij|), phi_k hats on |z| in [0, 5]       (1-D quadrature)
  col     mean_i psi_k(|z_i|^2), hats on chi^2_d quantiles         (chi^2_d CDF)
  cos     mean_{i<j} psi_k(|cos(z_i, z_j)|), hats on [0, 1]        (Beta law)
  colpair mean_i S_a,i S_b,i, S_a,i = sum_k phi_a(z_ki)            (1-D quadrature)
  rowpair mean_k R_a,k R_b,k, R_a,k = sum_i phi_a(z_ki)            (1-D quadrature)
  glob2   products of the entrywise means                          (1-D quadrature)
  g1/g2/g3/c2/r2  the same with the basis z^2, w^2, wz, hats of |z|: entrywise
          means, their products (2nd, 3rd order), column and row products
  cexp/cexpw/rexp/ucol/urow  exp(-a |w_i|^2/(d s^2) [- b |z_i|^2/d]) per column
          (row): mean (E exp(-a W^2/(d s^2) - b Z^2/d))^d, 1-D quadrature
  xS/xSW  the cross projections: given w_i, <w_i, z_j>/|w_i| (j != i) are iid
          N(0, 1) independent of w_i, so exp(-a x_i - t s_i) with
          s_i = sum_{j != i} |<w_i, z_j>| / (|w_i| (n - 1)) has mean
          (E e^{-a kappa W^2})^d erfcx(t/((n-1) sqrt 2))^(n-1)   <- what landed
  xSWup   the same over j > i only (half the cross products)
  zS      the Z-side analogue sum_j |<z_i, z_j>| / |z_i|
  pexp, xtwin, cexpx: oracle checks (means not needed for the SD; see each)

Every group above but the oracle checks has an exactly computable mean; the
regression here only needs the residual SD, so the script fits with an
intercept and does not use the means. Output: relative residual SD per
matrix (SD / E Y) on a test set independent of the pilot. docs/MATH.md §5b
tabulates what each group removed (the cross projections win; the
entrywise, column-norm, cosine and pairwise groups remove 0-30%).

Usage: python3 scripts/prototypes/precise_controls.py d n laplace|uniform|BETA [PILOT [SET]]
       SET: (none) | poly | exp | exp2 | exp3 | u | pair | xtwin | x2 | up | fine
"""
import math
import sys
import time

import numpy as np
from scipy import special


def coupling(z, beta):
    if beta == "inf":
        return special.erf(z / math.sqrt(2))
    if beta == 2:
        return z.copy()
    a = 1.0 / beta
    r = np.abs(z) / math.sqrt(2)
    lo, up = special.erf(r), special.erfc(r)
    with np.errstate(all="ignore"):
        g = np.where(lo < 0.5, special.gammaincinv(a, lo), special.gammainccinv(a, up))
    return np.sign(z) * g ** (1.0 / beta)


def hats(x, knots):
    """Piecewise-linear hat basis on the knots (values clamp at the ends); drops the last hat (partition of unity)."""
    x = np.clip(x, knots[0], knots[-1])
    out = []
    for k in range(len(knots) - 1):
        left = knots[k - 1] if k > 0 else None
        c, right = knots[k], knots[k + 1]
        up = np.ones_like(x) if left is None else np.clip((x - left) / (c - left), 0, 1)
        down = np.clip((right - x) / (right - c), 0, 1)
        out.append(np.where(x <= c, up, down) if left is not None else down)
    return out


def aol_stats(M):
    """Y, A, B, A2, C per matrix for M (m, d, n)."""
    d, n = M.shape[1], M.shape[2]
    G = np.matmul(M.transpose(0, 2, 1), M)
    diag = np.einsum("mii->mi", G)
    absG = np.abs(G)
    t = absG.sum(axis=2)
    y = (diag / t).sum(axis=1) / (d * n)
    a = diag.mean(axis=1)
    a2 = (diag ** 2).mean(axis=1)
    pairs = n * (n - 1)
    b = (absG.sum(axis=(1, 2)) - diag.sum(axis=1)) / pairs if n > 1 else np.zeros(len(M))
    c = ((G ** 2).sum(axis=(1, 2)) - (diag ** 2).sum(axis=1)) / pairs if n > 1 else np.zeros(len(M))
    return y, a, b, a2, c, G, diag


def features(Z, beta, groups, K=16, Kc=12, Kcos=12, Kp=5):
    m, d, n = Z.shape
    W = coupling(Z, beta)
    yw, aw, bw, a2w, cw, _, _ = aol_stats(W)
    yz, az, bz, a2z, cz, Gz, dz = aol_stats(Z)
    e = (W * Z).sum(axis=(1, 2)) / n
    cols = {"base": [yz, aw, bw, a2w, cw, az, bz, a2z, cz, e]}
    absz = np.abs(Z)
    if "ent" in groups:
        knots = np.linspace(0, 5, K)
        cols["ent"] = [h.mean(axis=(1, 2)) for h in hats(absz, knots)]
    if "col" in groups:
        from scipy.stats import chi2
        knots = chi2.ppf(np.linspace(0.001, 0.999, Kc), d)
        cols["col"] = [h.mean(axis=1) for h in hats(dz, knots)]
    if "cos" in groups and n > 1:
        cosm = Gz / np.sqrt(dz[:, :, None] * dz[:, None, :])
        iu = np.triu_indices(n, 1)
        c = np.abs(cosm[:, iu[0], iu[1]])
        hi = min(1.0, 6 / math.sqrt(d))
        knots = np.linspace(0, hi, Kcos)
        cols["cos"] = [h.mean(axis=1) for h in hats(c, knots)]
    if "colpair" in groups or "rowpair" in groups or "glob2" in groups:
        knots = np.concatenate([np.linspace(0, 3.5, Kp)])
        basis = hats(absz, knots)  # Kp-1 functions
        if "colpair" in groups:
            S = [h.sum(axis=1) for h in basis]  # (m, n): per column sums over rows
            cols["colpair"] = [(S[a] * S[b]).mean(axis=1) for a in range(len(S)) for b in range(a, len(S))]
        if "rowpair" in groups:
            R = [h.sum(axis=2) for h in basis]  # (m, d): per row sums over columns
            cols["rowpair"] = [(R[a] * R[b]).mean(axis=1) for a in range(len(R)) for b in range(a, len(R))]
        if "glob2" in groups:
            E_ = [h.mean(axis=(1, 2)) for h in basis]
            cols["glob2"] = [E_[a] * E_[b] for a in range(len(E_)) for b in range(a, len(E_))]
    if any(g in groups for g in ("g1", "g2", "c2", "r2", "g3")):
        # A small entrywise basis (all with means by 1-D quadrature): z^2, w^2, wz and hats of |z|.
        basis = [Z * Z, W * W, W * Z] + hats(absz, np.linspace(0, 3.5, Kp))
        E1 = [h.mean(axis=(1, 2)) for h in basis]
        nb = len(basis)
        pairs = [(a, b) for a in range(nb) for b in range(a, nb)]
        if "g1" in groups:
            cols["g1"] = E1
        if "g2" in groups:
            cols["g2"] = [E1[a] * E1[b] for a, b in pairs]
        if "g3" in groups:
            cols["g3"] = [E1[a] * E1[b] * E1[c] for a in range(nb) for b in range(a, nb) for c in range(b, nb)]
        if "c2" in groups:
            S = [h.sum(axis=1) for h in basis]
            cols["c2"] = [(S[a] * S[b]).mean(axis=1) for a, b in pairs]
        if "r2" in groups:
            R = [h.sum(axis=2) for h in basis]
            cols["r2"] = [(R[a] * R[b]).mean(axis=1) for a, b in pairs]
    if "cexp" in groups or "rexp" in groups:
        # exp(-a |w_i|^2 / (d s^2) - b |z_i|^2 / d) per column (or row): the mean is
        # (E exp(-a W^2/(d s^2) - b Z^2/d))^d, one 1-D quadrature.
        s2 = (W * W).mean() if beta != 2 else 1.0
        s2 = {"inf": 1 / 3}.get(beta) if beta == "inf" else math.exp(special.gammaln(3 / beta) - special.gammaln(1 / beta))
        grid = [0.0, 0.5, 1, 2, 4, 8]
        for g, axis, size in (("cexp", 1, d), ("rexp", 2, n)):
            if g not in groups:
                continue
            sw = (W * W).sum(axis=axis) / (size * s2)
            sz = (Z * Z).sum(axis=axis) / size
            cols[g] = [np.exp(-a * sw - b * sz).mean(axis=1) for a in grid for b in grid if a + b > 0]
        if "cexpx" in groups or "cexpw" in groups:
            sw = (W * W).sum(axis=1) / (d * s2)
            sz = (Z * Z).sum(axis=1) / d
            sx = (W * Z).sum(axis=1) / d / math.sqrt(s2)
            if "cexpw" in groups:  # W norm only, finer
                cols["cexpw"] = [np.exp(-a * sw).mean(axis=1) for a in [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16]]
            if "cexpx" in groups:  # with the cross term
                g3 = [0.0, 1, 3]
                cols["cexpx"] = [np.exp(-a * sw - b * sz - c * sx).mean(axis=1) for a in [0, 0.5, 1, 2, 4, 8] for b in [0, 0.5, 1, 2, 4, 8] for c in [-1, 1, 2] ]
    if "pexp" in groups:
        # Oracle check only (means of these W-side pair functions need the SGND characteristic
        # function: a 2-3-D quadrature): exp(-l (G^W_ij)^2 / (d s^4)) and the same for Z.
        s2 = 1 / 3 if beta == "inf" else (1.0 if beta == 2 else math.exp(special.gammaln(3 / beta) - special.gammaln(1 / beta)))
        Gw = np.matmul(W.transpose(0, 2, 1), W)
        iu = np.triu_indices(n, 1)
        gw = Gw[:, iu[0], iu[1]] ** 2 / (d * s2 * s2)
        gz = np.matmul(Z.transpose(0, 2, 1), Z)[:, iu[0], iu[1]] ** 2 / d
        cols["pexp"] = [np.exp(-l * gw).mean(axis=1) for l in [0.125, 0.25, 0.5, 1, 2, 4]] + [np.exp(-l * gz).mean(axis=1) for l in [0.125, 0.25, 0.5, 1, 2, 4]]
    if "xtwin" in groups or "xS" in groups or "xSW" in groups or "xSWup" in groups or "xSWfine" in groups:
        # Oracle check: the cross twin. Given w_i, <w_i, z_j>/|w_i| (j != i) are iid N(0, 1), so
        # S_i = sum_j |<w_i, z_j>| / |w_i| is a sum of n-1 half-normals independent of w_i.
        Gx = np.matmul(W.transpose(0, 2, 1), Z)  # <w_i, z_j>
        nw = np.sqrt(np.einsum("mii->mi", np.matmul(W.transpose(0, 2, 1), W)))
        S = (np.abs(Gx).sum(axis=2) - np.abs(np.einsum("mii->mi", Gx))) / nw
        r = nw / (nw + S)
        cols["xtwin"] = [r.mean(1), (r * r).mean(1)] + [np.exp(-t * S / (n - 1)).mean(1) for t in [0.5, 1, 2, 4]]
        # Known means: E exp(-t S/(n-1)) = erfcx(t/((n-1) sqrt 2))^(n-1), times (E exp(-a W^2/(d s^2)))^d.
        s2 = 1 / 3 if beta == "inf" else (1.0 if beta == 2 else math.exp(special.gammaln(3 / beta) - special.gammaln(1 / beta)))
        xw = nw * nw / (d * s2)
        cols["xS"] = [np.exp(-t * S / (n - 1)).mean(1) for t in [0.5, 1, 2, 4, 8]]
        # Upper triangle only (j > i): k_i = n-1-i half-normals, the cost of one more Gram instead of two.
        up = np.triu(np.ones((n, n), dtype=bool), 1)
        ki = np.maximum(n - 1 - np.arange(n), 1)
        Su = (np.abs(Gx) * up).sum(axis=2) / nw / ki
        keep = np.arange(n) < n - 1
        cols["xSWup"] = [np.exp(-a * xw[:, keep] - t * Su[:, keep]).mean(1) for a in [0, 0.5, 1, 2, 4] for t in [0, 0.5, 1, 2, 4, 8] if a + t > 0]
        cols["xSWfine"] = [np.exp(-a * xw - t * S / (n - 1)).mean(1) for a in [0, 0.25, 0.5, 1, 2, 4, 8] for t in [0, 0.25, 0.5, 1, 2, 4, 8, 16] if a + t > 0]
        cols["xSW"] = [np.exp(-a * xw - t * S / (n - 1)).mean(1) for a in [0, 0.5, 1, 2, 4] for t in [0, 0.5, 1, 2, 4, 8] if a + t > 0]
    if "zS" in groups:
        # Z side: S_i^Z = sum_j |<z_i, z_j>| / |z_i| is also a sum of n-1 half-normals, independent of |z_i|.
        Gz2 = np.matmul(Z.transpose(0, 2, 1), Z)
        nz = np.sqrt(np.einsum("mii->mi", Gz2))
        Sz = (np.abs(Gz2).sum(axis=2) - nz * nz) / nz
        xz = nz * nz / d
        cols["zS"] = [np.exp(-a * xz - t * Sz / (n - 1)).mean(1) for a in [0, 0.5, 1, 2, 4] for t in [0, 0.5, 1, 2, 4, 8] if a + t > 0]
    for g in groups:
        # ucol:c:K / urow:c:K — powers u^k (k = 1..K) of u = exp(-c |w_i|^2 / (d s^2)) per column
        # (rows: exp(-c sum_i w_ki^2 / (n s^2))); mean (E exp(-k c W^2 / (d s^2)))^d, 1-D quadrature.
        if g.startswith("ucol:") or g.startswith("urow:"):
            _, c, K = g.split(":")
            c, K = float(c), int(K)
            s2 = 1 / 3 if beta == "inf" else (1.0 if beta == 2 else math.exp(special.gammaln(3 / beta) - special.gammaln(1 / beta)))
            axis, size = (1, d) if g.startswith("ucol") else (2, n)
            u = np.exp(-c * (W * W).sum(axis=axis) / (size * s2))
            cols[g] = [(u ** k).mean(axis=1) for k in range(1, K + 1)]
    return yw, cols


def run(d, n, beta, groups_list, pilot, test, batch, seed=1):
    rng = np.random.default_rng(seed)
    all_groups = sorted(set(g for gs in groups_list for g in gs))

    def draw(count):
        ys, cs = [], {}
        done = 0
        while done < count:
            k = min(batch, count - done)
            y, c = features(rng.standard_normal((k, d, n)), beta, all_groups)
            ys.append(y)
            for g, v in c.items():
                cs.setdefault(g, []).append(np.stack(v, axis=1))
            done += k
        return np.concatenate(ys), {g: np.concatenate(v) for g, v in cs.items()}

    yp, cp = draw(pilot)
    yt, ct = draw(test)
    out = []
    for gs in groups_list:
        gs = [g for g in gs if g in cp]
        Xp = np.concatenate([np.ones((len(yp), 1))] + [cp[g] for g in gs], axis=1)
        Xt = np.concatenate([np.ones((len(yt), 1))] + [ct[g] for g in gs], axis=1)
        # Standardise columns for a well-conditioned fit.
        mu, sd = Xp[:, 1:].mean(0), Xp[:, 1:].std(0)
        sd[sd == 0] = 1
        Xp[:, 1:] = (Xp[:, 1:] - mu) / sd
        Xt[:, 1:] = (Xt[:, 1:] - mu) / sd
        b, *_ = np.linalg.lstsq(Xp, yp, rcond=1e-12)
        r = yt - Xt @ b
        out.append(("+".join(gs), Xp.shape[1] - 1, r.std() / yt.mean()))
    plain = yt.std() / yt.mean()
    return plain, out


if __name__ == "__main__":
    args = sys.argv[1:]
    d, n = int(args[0]), int(args[1])
    beta = args[2]
    beta = "inf" if beta == "uniform" else (1.0 if beta == "laplace" else float(beta))
    pilot = int(args[3]) if len(args) > 3 else 200_000
    sets = [["base"], ["base", "ent"], ["base", "ent", "col"], ["base", "ent", "col", "cos"], ["base", "ent", "col", "cos", "colpair"],
            ["base", "ent", "col", "cos", "colpair", "rowpair", "glob2"]]
    if len(args) > 4 and args[4] == "poly":
        sets = [["base"], ["base", "g1"], ["base", "g1", "g2"], ["base", "g1", "c2"], ["base", "g1", "r2"], ["base", "g1", "g2", "c2", "r2"],
                ["base", "g1", "g2", "g3"], ["base", "g1", "g2", "g3", "c2", "r2"], ["base", "g1", "g2", "g3", "c2", "r2", "col", "cos"]]
    if len(args) > 4 and args[4] == "u":
        sets = [["base"], ["base", "cexpw"], ["base", "ucol:1:8"], ["base", "ucol:0.5:12"], ["base", "ucol:2:6"], ["base", "ucol:1:12"],
                ["base", "ucol:1:8", "urow:1:8"], ["base", "ucol:1:12", "urow:1:12"]]
    if len(args) > 4 and args[4] == "pair":
        sets = [["base"], ["base", "ucol:1:8", "urow:1:8"], ["base", "pexp"], ["base", "ucol:1:8", "urow:1:8", "pexp"]]
    if len(args) > 4 and args[4] == "fine":
        sets = [["base"], ["base", "xSW"], ["base", "xSWfine"], ["base", "xSW", "xtwin"]]
    if len(args) > 4 and args[4] == "up":
        sets = [["base"], ["base", "xSW"], ["base", "xSWup"], ["base", "xSW", "urow:1:8"], ["base", "xSWup", "urow:1:8"]]
    if len(args) > 4 and args[4] == "x2":
        sets = [["base"], ["base", "ucol:1:8", "urow:1:8"], ["base", "xSW"], ["base", "xSW", "zS"], ["base", "xSW", "urow:1:8"], ["base", "xSW", "zS", "urow:1:8"]]
    if len(args) > 4 and args[4] == "xtwin":
        sets = [["base"], ["base", "ucol:1:8", "urow:1:8"], ["base", "xtwin"], ["base", "ucol:1:8", "urow:1:8", "xtwin"],
                ["base", "xS"], ["base", "xSW"], ["base", "xSW", "urow:1:8"]]
    if len(args) > 4 and args[4] == "exp3":
        sets = [["base"], ["base", "cexpw"], ["base", "cexp", "cexpw"], ["base", "cexpw", "rexp"], ["base", "cexpw", "g1", "g2", "c2", "r2"]]
    if len(args) > 4 and args[4] == "exp2":
        sets = [["base"], ["base", "cexp"], ["base", "cexpw"], ["base", "cexp", "cexpx"], ["base", "cexp", "cexpx", "g1", "g2", "c2", "r2"]]
    if len(args) > 4 and args[4] == "exp":
        sets = [["base"], ["base", "cexp"], ["base", "rexp"], ["base", "cexp", "rexp"], ["base", "g1", "g2", "c2", "r2"], ["base", "g1", "g2", "c2", "r2", "cexp", "rexp"],
                ["base", "g1", "g2", "c2", "r2", "cexp", "rexp", "col", "cos"]]
    t0 = time.time()
    plain, out = run(d, n, beta, sets, pilot, pilot, batch=max(1000, 2_000_000 // (d * n)))
    print(f"d={d} n={n} beta={beta} pilot=test={pilot} plain rel SD {plain:.4g}  ({time.time() - t0:.0f} s)")
    for name, p, sd in out:
        print(f"  {name:45s} p={p:3d}  rel SD {sd:.4g}")
