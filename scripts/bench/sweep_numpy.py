"""Vectorised numpy (and scipy) reference for `npm run bench spine`: the work of Evenhand's "read + sweep + intervals"
step on the same searches table, written the way a scientist would with numpy.

Usage: python3 sweep_numpy.py <columns folder> [runs]

The folder holds the searches table's columns as .npy files and settings.json (written by `spine-step.ts export`
from searches.arrow): string columns as fixed-width bytes, dictionary columns as codes plus their labels, as a
columnar reader would hand them over. Each run: loads every column and hashes its file (sha256), checks the table
(search ids distinct, categories known, scores in 0..1, a rank exactly when there is a mate score, no mate score on a
non-mated search), sweeps the thresholds (each search's deciding score binned by np.searchsorted, counts per
population, group and bin by np.bincount, cumulated from the top), computes Clopper-Pearson (scipy's beta quantiles)
and Wilson intervals for every rate and serialises the rows as JSON. Prints the median wall and CPU time of the runs
(imports excluded), then the first run's alone and the median of the later ones (the first run in a process pays for
first use: page faults of fresh memory, scipy's first calls).
"""
import hashlib
import json
import os
import sys
import time

import numpy as np
from scipy.special import betaincinv
from scipy.stats import norm

folder = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
settings = json.load(open(os.path.join(folder, 'settings.json')))


def load(name):
    path = os.path.join(folder, name + '.npy')
    with open(path, 'rb') as f:
        data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    return np.load(path, allow_pickle=False), digest


def once():
    cols = {}
    for name in ['search_id', 'source', 'mated', 'subject_id', 'sex', 'ethnicity', 'age_band', 'mate_score', 'mate_rank', 'top_nonmate_score']:
        cols[name], _ = load(name)
    labels = settings['labels']
    n = cols['search_id'].shape[0]
    # checks
    ids = np.sort(cols['search_id'])
    if np.any(ids[1:] == ids[:-1]):
        raise ValueError('duplicate search_id')
    if np.any(cols['source'] < 0):
        raise ValueError('null source')
    mated = cols['mated']
    if np.any(mated > 1):
        raise ValueError('mated not boolean')
    demo = {}
    for dim, column in [('sex', 'sex'), ('ethnicity', 'ethnicity'), ('ageBand', 'age_band')]:
        allowed = settings['categories'][dim]
        lookup = np.array([allowed.index(l) if l in allowed else -2 for l in labels[column]] + [-1], dtype=np.int8)
        codes = cols[column]
        mapped = lookup[np.where(codes < 0, len(lookup) - 1, codes)]
        if np.any(mapped == -2):
            raise ValueError('unknown category in ' + column)
        demo[dim] = mapped
    ms, mr, top = cols['mate_score'], cols['mate_rank'].astype(np.float64), cols['top_nonmate_score']
    mr[mr < 0] = np.nan
    bad = (~np.isnan(ms) & ((ms < 0) | (ms > 1))) | (~np.isnan(top) & ((top < 0) | (top > 1)))
    bad |= ~np.isnan(mr) & ((mr < 1) | (mr != np.floor(mr)))
    bad |= np.isnan(ms) != np.isnan(mr)
    bad |= (mated == 0) & ~np.isnan(ms)
    if np.any(bad):
        raise ValueError('bad scores')
    # sweep
    thresholds = np.array(settings['thresholds'])
    T = len(thresholds)
    rank = settings['rank']
    deciding = np.where(mated == 1, np.where(mr <= rank, ms, np.nan), top)
    bins = np.searchsorted(thresholds, deciding, side='right')
    bins[np.isnan(deciding)] = 0
    source = cols['source']
    sources = labels['source']
    pop_of_source = np.full(len(sources), -1)
    pop_ids = ['mated']
    for s in np.unique(source[mated == 0]):
        pop_of_source[s] = len(pop_ids)
        pop_ids.append(sources[s])
    pop = np.where(mated == 1, 0, pop_of_source[source])
    sizes = settings['sizes']
    S, E, A = sizes['sex'], sizes['ethnicity'], sizes['ageBand']
    G = 1 + S + E + A + S * E
    P = len(pop_ids)
    hist = np.zeros(P * G * (T + 1), dtype=np.int64)
    sex, eth, age = demo['sex'].astype(np.int64), demo['ethnicity'].astype(np.int64), demo['ageBand'].astype(np.int64)
    memberships = [
        (np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64)),
        (sex >= 0, 1 + sex),
        (eth >= 0, 1 + S + eth),
        (age >= 0, 1 + S + E + age),
        ((sex >= 0) & (eth >= 0), 1 + S + E + A + sex * E + eth),
    ]
    for member, group in memberships:
        idx = (pop[member] * G + group[member]) * (T + 1) + bins[member]
        hist += np.bincount(idx, minlength=P * G * (T + 1))
    hist = hist.reshape(P, G, T + 1)
    hits = np.cumsum(hist[:, :, :0:-1], axis=2)[:, :, ::-1]  # hits[p, g, t] = searches with bin >= t + 1
    total = hist.sum(axis=2)
    # intervals for every rate row
    level = settings['confidenceLevel']
    alpha = 1 - level
    rows_k, rows_n, rows_meta = [], [], []
    for p in range(P):
        for g in range(G):
            if total[p, g] == 0 and g != 0:
                continue
            metrics = [('TPIR', hits[p, g]), ('FNIR', total[p, g] - hits[p, g])] if p == 0 else [('FPIR', hits[p, g])]
            for metric, k in metrics:
                rows_k.append(k)
                rows_n.append(np.full(T, total[p, g]))
                rows_meta.append((metric, pop_ids[p], g))
    k = np.concatenate(rows_k).astype(np.float64)
    m = np.concatenate(rows_n).astype(np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        lower = np.where(k == 0, 0.0, betaincinv(k, m - k + 1, alpha / 2))
        upper = np.where(k == m, 1.0, betaincinv(k + 1, m - k, 1 - alpha / 2))
        z = norm.ppf(1 - alpha / 2)
        phat = k / m
        centre = (phat + z * z / (2 * m)) / (1 + z * z / m)
        half = z * np.sqrt(phat * (1 - phat) / m + z * z / (4 * m * m)) / (1 + z * z / m)
        estimate = np.where(m == 0, np.nan, phat)
    w_lo, w_hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    out = []
    i = 0
    for metric, population, g in rows_meta:
        for t in range(T):
            out.append({'metric': metric, 'population': population, 'group': g, 'threshold': float(thresholds[t]), 'k': int(k[i]), 'n': int(m[i]),
                        'estimate': None if np.isnan(estimate[i]) else float(estimate[i]),
                        'intervals': {'clopper-pearson': {'lower': float(lower[i]), 'upper': float(upper[i])}, 'wilson': {'lower': float(w_lo[i]), 'upper': float(w_hi[i])}}})
            i += 1
    return json.dumps(out), n


walls, cpus = [], []
for _ in range(runs):
    w0, c0 = time.perf_counter(), time.process_time()
    text, n = once()
    walls.append(time.perf_counter() - w0)
    cpus.append(time.process_time() - c0)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


print(f"median {median(walls):.3f} s wall, {median(cpus):.3f} s CPU over {runs} runs ({n} searches, {len(text)} bytes of JSON)")
later = f"{median(walls[1:]):.3f} s wall, {median(cpus[1:]):.3f} s CPU" if runs > 1 else "none"
print(f"first run {walls[0]:.3f} s wall, {cpus[0]:.3f} s CPU; later runs (median) {later}")
