/*
 * The row loop of the threshold sweep (../metrics/sweep.ts), in C: the same populations in the same order, the same
 * gallery sizes and the same counts per population, group and threshold bin as the TypeScript loop (a test compares
 * them); the cumulation from the top stays in TypeScript.
 *
 * JavaScript signature:
 *   sweepCounts(work, out): number (how many populations)
 *   work: { mated: Uint8Array, source: Int32Array (codes, -1 null), sources (how many source labels),
 *           mateRank: Int32Array, mateScore, topNonmateScore, gallerySize: Float64Array, rank,
 *           cuts: Float64Array (ascending), sex, ethnicity, ageBand: Int8Array (-1 unknown),
 *           groups, sexOffset, ethnicityOffset, ageBandOffset, intersectionOffset, nEthnicity }
 *   out: { hist: Int32Array ((sources + 1) x groups x (cuts + 1), zeroed), source: Int32Array (sources + 1: the
 *          source code of each population, -1 for the mated one), gallery: Float64Array (sources + 1) }
 * Population 0 is the mated searches; each source of non-mated searches gets the next population when first met.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <node_api.h>
#include "addon.h"

/* Cells of the bin hints over [0, 1): a power of two, finer than any threshold grid in use (steps of 0.01). */
#define CELLS 4096

static int prop_array(napi_env env, napi_value obj, const char *name, napi_typedarray_type want, void **data, size_t *length) {
  napi_value v;
  bool is;
  napi_typedarray_type type;
  if (napi_get_named_property(env, obj, name, &v) != napi_ok || napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  return napi_get_typedarray_info(env, v, &type, length, data, NULL, NULL) == napi_ok && type == want;
}

static int prop_int(napi_env env, napi_value obj, const char *name, int64_t *out) {
  napi_value v;
  return napi_get_named_property(env, obj, name, &v) == napi_ok && napi_get_value_int64(env, v, out) == napi_ok;
}

/*
 * Number of cuts (ascending) at or below `score`; 0 for NaN (thresholdBin in threshold-bins.ts). Halving without
 * branches on the comparisons (a conditional move each), so that scores in random order cost no mispredictions.
 */
static inline int64_t bin_of(const double *cuts, int64_t T, double score) {
  if (isnan(score) || T == 0) return 0;
  const double *b = cuts;
  int64_t n = T;
  while (n > 1) {
    const int64_t half = n >> 1;
    b = b[half] <= score ? b + half : b;
    n -= half;
  }
  return (b - cuts) + (b[0] <= score);
}

napi_value sweep_counts(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2) return throw_type(env, "sweepCounts(work, out): 2 arguments expected");
  void *mated, *source, *rank_a, *ms, *top, *gal, *cuts, *sex, *eth, *age, *hist, *pop_source, *pop_gallery;
  size_t n, n_src, n_rank, n_ms, n_top, n_gal, T, n_sex, n_eth, n_age, n_hist, n_ps, n_pg;
  int64_t sources, rank, G, off_sex, off_eth, off_age, off_x, n_ethnicity;
  const napi_value w = argv[0], o = argv[1];
  if (!prop_array(env, w, "mated", napi_uint8_array, &mated, &n) || !prop_array(env, w, "source", napi_int32_array, &source, &n_src)
      || !prop_array(env, w, "mateRank", napi_int32_array, &rank_a, &n_rank) || !prop_array(env, w, "mateScore", napi_float64_array, &ms, &n_ms)
      || !prop_array(env, w, "topNonmateScore", napi_float64_array, &top, &n_top) || !prop_array(env, w, "gallerySize", napi_float64_array, &gal, &n_gal)
      || !prop_array(env, w, "cuts", napi_float64_array, &cuts, &T) || !prop_array(env, w, "sex", napi_int8_array, &sex, &n_sex)
      || !prop_array(env, w, "ethnicity", napi_int8_array, &eth, &n_eth) || !prop_array(env, w, "ageBand", napi_int8_array, &age, &n_age)
      || !prop_array(env, o, "hist", napi_int32_array, &hist, &n_hist) || !prop_array(env, o, "source", napi_int32_array, &pop_source, &n_ps)
      || !prop_array(env, o, "gallery", napi_float64_array, &pop_gallery, &n_pg)) {
    return throw_type(env, "sweepCounts: a typed array of work or out is missing or of the wrong type");
  }
  if (!prop_int(env, w, "sources", &sources) || !prop_int(env, w, "rank", &rank) || !prop_int(env, w, "groups", &G)
      || !prop_int(env, w, "sexOffset", &off_sex) || !prop_int(env, w, "ethnicityOffset", &off_eth) || !prop_int(env, w, "ageBandOffset", &off_age)
      || !prop_int(env, w, "intersectionOffset", &off_x) || !prop_int(env, w, "nEthnicity", &n_ethnicity)) {
    return throw_type(env, "sweepCounts: sources, rank, groups and the group offsets must be numbers");
  }
  const int64_t P = sources + 1, stride = (int64_t)T + 1;
  if (sources < 0 || G < 1 || n_src != n || n_rank != n || n_ms != n || n_top != n || n_gal != n || n_sex != n || n_eth != n || n_age != n
      || (int64_t)n_hist != P * G * stride || (int64_t)n_ps != P || (int64_t)n_pg != P) {
    return throw_type(env, "sweepCounts: inconsistent sizes");
  }
  const uint8_t *m = mated;
  const int32_t *src = source, *rk = rank_a;
  const double *s = ms, *t = top, *g = gal, *c = cuts;
  const int8_t *sx = sex, *et = eth, *ag = age;
  int32_t *h = hist, *ps = pop_source;
  double *pg = pop_gallery;
  /* every group index a row can reach must lie in [0, G) */
  for (size_t i = 0; i < n; i++) {
    if (m[i] != 1 && (src[i] < 0 || src[i] >= sources)) return throw_type(env, "sweepCounts: a non-mated row's source is out of range");
    if ((sx[i] >= 0 && off_sex + sx[i] >= G) || (et[i] >= 0 && off_eth + et[i] >= G) || (ag[i] >= 0 && off_age + ag[i] >= G)
        || (sx[i] >= 0 && et[i] >= 0 && (et[i] >= n_ethnicity || off_x + sx[i] * n_ethnicity + et[i] >= G))) {
      return throw_type(env, "sweepCounts: a group index is out of range");
    }
  }
  int32_t pops = 1;
  int32_t pop_of[256];
  int32_t *pop_of_source = sources <= 256 ? pop_of : NULL;
  if (pop_of_source == NULL) {
    return throw_type(env, "sweepCounts: at most 256 sources");
  }
  /* rows alternate between two copies of the counts, added up at the end: neighbouring rows that count in the same
     cell (the overall group, the same bin) then do not wait for each other's increment */
  int32_t *h2 = calloc((size_t)(P * G * stride), sizeof(int32_t));
  if (h2 == NULL) {
    napi_throw_error(env, NULL, "sweepCounts: out of memory");
    return NULL;
  }
  /* hint[c]: the cuts at or below c / CELLS, for scores in [0, 1) (exact: c / CELLS <= score) */
  int32_t hint[CELLS];
  for (int32_t k = 0; k < CELLS; k++) hint[k] = (int32_t)bin_of(c, (int64_t)T, (double)k / CELLS);
  for (int64_t k = 0; k < sources; k++) pop_of_source[k] = -1;
  ps[0] = -1;
  pg[0] = NAN;
  for (size_t i = 0; i < n; i++) {
    int32_t pop;
    double score;
    if (m[i] == 1) {
      pop = 0;
      score = rk[i] >= 1 && rk[i] <= rank ? s[i] : NAN;
    } else {
      pop = pop_of_source[src[i]];
      if (pop < 0) {
        pop = pops++;
        pop_of_source[src[i]] = pop;
        ps[pop] = src[i];
        pg[pop] = NAN;
      }
      score = t[i];
    }
    const double gi = g[i], seen = pg[pop];
    if (isnan(seen)) pg[pop] = gi;
    else if (seen != gi && !(seen == -1)) pg[pop] = -1;
    int64_t bin;
    if (score >= 0 && score < 1) {
      /* score * CELLS is exact (CELLS a power of two), so the hint never passes a cut above the score */
      bin = hint[(int32_t)(score * CELLS)];
      while (bin < (int64_t)T && c[bin] <= score) bin++;
    } else {
      bin = bin_of(c, (int64_t)T, score);
    }
    int32_t *row = ((i & 1) ? h2 : h) + (int64_t)pop * G * stride + bin;
    row[0]++;
    if (sx[i] >= 0) row[(off_sex + sx[i]) * stride]++;
    if (et[i] >= 0) row[(off_eth + et[i]) * stride]++;
    if (ag[i] >= 0) row[(off_age + ag[i]) * stride]++;
    if (sx[i] >= 0 && et[i] >= 0) row[(off_x + sx[i] * n_ethnicity + et[i]) * stride]++;
  }
  for (int64_t k = 0; k < P * G * stride; k++) h[k] += h2[k];
  free(h2);
  napi_value v;
  napi_create_int32(env, pops, &v);
  return v;
}
