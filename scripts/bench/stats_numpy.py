"""Vectorised numpy reference for `npm run bench stats`: the same cluster bootstrap (2,000 replicates, 400 volunteers
x 10 passes, 41 thresholds, 18 groups). Hits per volunteer per threshold are computed once; each replicate is a
multinomial reweighting of volunteers; one matrix product per group. Prints the median time of several runs."""
import time
import numpy as np

rng = np.random.default_rng(2023)
V, P, T, B = 400, 10, 41, 2000
sex = rng.integers(0, 2, V)
eth = rng.integers(0, 5, V)
ability = 0.75 + 0.2 * rng.random(V)
p = np.minimum(1, ability[:, None] * (1 - np.arange(T)[None, :] / (T * 1.3)) + 0.05)
hits = np.minimum.accumulate(rng.binomial(P, p), axis=1).astype(np.float64)
n = np.full(V, P, dtype=np.float64)
groups = [np.arange(V)] + [np.where(sex == s)[0] for s in range(2)] + [np.where(eth == e)[0] for e in range(5)] + \
    [np.where((sex == s) & (eth == e))[0] for s in range(2) for e in range(5)]

def once():
    W = rng.multinomial(V, np.full(V, 1.0 / V), size=B).astype(np.float64)
    out = []
    for idx in groups:
        w = W[:, idx]
        out.append((w @ hits[idx]) / (w @ n[idx])[:, None])
    return out

times = []
cpu = []
for _ in range(7):
    t0 = time.perf_counter()
    c0 = time.process_time()
    once()
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(f"median {sorted(times)[len(times) // 2]:.3f} s wall, {sorted(cpu)[len(cpu) // 2]:.3f} s CPU over {len(times)} runs")
