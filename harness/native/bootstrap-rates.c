/*
 * The replicate loop of the cluster bootstrap of rates (clusterBootstrap in ../stats/cluster-bootstrap.ts), in C:
 * the same draws, the same whole-number sums and the same divisions, so every replicate rate is bit-identical to the
 * TypeScript loop's (a test checks it); about ten times faster, and the replicates are shared between up to four
 * threads.
 *
 * JavaScript signature:
 *   bootstrapRates({ seed, replicates, clusters, columns, stepStart, stepAt, stepVal, sums, groupStart, groupLeaf },
 *                  values: Float64Array): void
 *   stepStart (Int32Array, clusters + 1), stepAt (Int32Array), stepVal (Int32Array): each cluster's steps, as
 *     accumulateRates in cluster-bootstrap.ts (stepAt indexes a row of columns + 1 sums per leaf: successes at each
 *     column as steps, then trials); sums: leaves x (columns + 1); groupStart (Int32Array, groups + 1) and groupLeaf
 *     (Int32Array): the leaves of each group.
 *   values: groups x columns x replicates, index (g * columns + t) * replicates + b; NaN where a replicate drew no
 *     cluster of the group.
 *
 * Replicate b's weights are replicateWeights(seed, b, clusters): sfc32 seeded by splitmix32 from (seed, b), twelve
 * numbers discarded, then one uniform index floor(u / 2^32 * clusters) per draw, in double precision as in
 * JavaScript. Sums are of whole numbers (exact in 64-bit integers); each rate is one double division, as in
 * JavaScript. Replicates are computed eight at a time (weights and sums interleaved by replicate, so the inner loop
 * runs over the eight side by side, in one AVX2 instruction where the processor has it; each replicate's weights are
 * drawn into an array of their own, small enough to stay in cache).
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <node_api.h>
#include "addon.h"

#define LANES 8
#define MAX_THREADS 4

typedef struct {
  uint32_t seed;
  int32_t B, C, T, G, leaves;
  const int32_t *step_start, *step_at, *step_val, *group_start, *group_leaf;
  double *values;
  /* replicates [from, to) of this thread */
  int32_t from, to;
  /* sums fit in 32 bits */
  int narrow;
  int failed;
} job_t;

/* replicateWeights(seed, replicate, C) added into w (zeroed, C counts). */
static void draw_weights(uint32_t seed, uint32_t replicate, int32_t C, int32_t *w) {
  uint32_t s = (seed * 0x9e3779b1u) ^ ((replicate + 0x6a09e667u) * 0x85ebca6bu);
  uint32_t st[3];
  for (int i = 0; i < 3; i++) {
    s += 0x9e3779b9u;
    uint32_t z = s;
    z = (z ^ (z >> 16)) * 0x21f0aaadu;
    z = (z ^ (z >> 15)) * 0x735a2d97u;
    st[i] = z ^ (z >> 15);
  }
  uint32_t a = st[0], b = st[1], c = st[2], d = 1;
  const double n = (double)C;
  for (int32_t i = -12; i < C; i++) {
    const uint32_t t = a + b + d;
    d += 1;
    a = b ^ (b >> 9);
    b = c + (c << 3);
    c = (c << 21) | (c >> 11);
    c += t;
    if (i >= 0) {
      /* floor of a non-negative double: truncation */
      w[(int32_t)(((double)t / 4294967296.0) * n)] += 1;
    }
  }
}

/*
 * One thread's replicates, eight at a time, with sums of type ACC: 32-bit integers when no sum can reach 2^31, else
 * 64-bit. On x86-64 each is also compiled for
 * AVX2 and the faster version chosen at load time (the same integer arithmetic either way).
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CLONES
#endif

typedef int32_t lanes32 __attribute__((vector_size(LANES * 4)));
typedef int64_t lanes64 __attribute__((vector_size(LANES * 8)));

#define REPLICATE_BLOCKS(NAME, ACC, VEC)                                                                                 \
  CLONES static void NAME(job_t *job, int32_t *w, VEC *sums) {                                                           \
    const int32_t C = job->C, T = job->T, G = job->G, B = job->B, stride = T + 1, leaves = job->leaves;                  \
    const int32_t *restrict step_start = job->step_start, *restrict step_at = job->step_at;                              \
    const int32_t *restrict step_val = job->step_val;                                                                    \
    for (int32_t b0 = job->from; b0 < job->to; b0 += LANES) {                                                            \
      const int lanes = job->to - b0 < LANES ? job->to - b0 : LANES;                                                     \
      memset(w, 0, sizeof(int32_t) * (size_t)C * LANES);                                                                 \
      memset(sums, 0, sizeof(VEC) * (size_t)leaves * stride);                                                            \
      for (int j = 0; j < lanes; j++) draw_weights(job->seed, (uint32_t)(b0 + j), C, w + (size_t)j * C);                \
      for (int32_t c = 0; c < C; c++) {                                                                                  \
        VEC wc;                                                                                                          \
        for (int j = 0; j < LANES; j++) wc[j] = (ACC)w[(size_t)j * C + c];                                               \
        const int32_t to = step_start[c + 1];                                                                            \
        for (int32_t i = step_start[c]; i < to; i++) sums[step_at[i]] += wc * (ACC)step_val[i];                          \
      }                                                                                                                  \
      /* running sums from the last column down turn steps into successes */                                            \
      for (int32_t l = 0; l < leaves; l++) {                                                                             \
        VEC *row = sums + (size_t)l * stride;                                                                            \
        for (int32_t t = T - 2; t >= 0; t--) row[t] += row[t + 1];                                                       \
      }                                                                                                                  \
      for (int32_t g = 0; g < G; g++) {                                                                                  \
        const int32_t from = job->group_start[g], to = job->group_start[g + 1];                                          \
        VEC N = { 0 };                                                                                                   \
        for (int32_t i = from; i < to; i++) N += sums[(size_t)job->group_leaf[i] * stride + T];                          \
        for (int32_t t = 0; t < T; t++) {                                                                                \
          VEC H = { 0 };                                                                                                 \
          for (int32_t i = from; i < to; i++) H += sums[(size_t)job->group_leaf[i] * stride + t];                        \
          double *out = job->values + ((size_t)g * T + t) * B + b0;                                                      \
          for (int j = 0; j < lanes; j++) out[j] = N[j] == 0 ? NAN : (double)H[j] / (double)N[j];                        \
        }                                                                                                                \
      }                                                                                                                  \
    }                                                                                                                    \
  }

REPLICATE_BLOCKS(blocks32, int32_t, lanes32)
REPLICATE_BLOCKS(blocks64, int64_t, lanes64)

static void *run_job(void *arg) {
  job_t *job = arg;
  const size_t width = job->narrow ? sizeof(lanes32) : sizeof(lanes64);
  const size_t bytes = width * (size_t)job->leaves * (job->T + 1);
  int32_t *w = malloc(sizeof(int32_t) * (size_t)job->C * LANES);
  /* vectors are loaded whole: aligned to their width (a multiple of it in size, as aligned_alloc asks) */
  void *acc = aligned_alloc(64, (bytes + 63) / 64 * 64);
  if (w == NULL || acc == NULL) job->failed = 1;
  else if (job->narrow) blocks32(job, w, acc);
  else blocks64(job, w, acc);
  free(w);
  free(acc);
  return NULL;
}

/* Reads property `name` of `obj` as an Int32Array (pointer and length); 0 on failure. */
static int int32_array(napi_env env, napi_value obj, const char *name, const int32_t **data, size_t *length) {
  napi_value v;
  bool is;
  if (napi_get_named_property(env, obj, name, &v) != napi_ok || napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_typedarray_type type;
  void *p;
  if (napi_get_typedarray_info(env, v, &type, length, &p, NULL, NULL) != napi_ok || type != napi_int32_array) return 0;
  *data = p;
  return 1;
}

static int int_property(napi_env env, napi_value obj, const char *name, int64_t *out) {
  napi_value v;
  return napi_get_named_property(env, obj, name, &v) == napi_ok && napi_get_value_int64(env, v, out) == napi_ok;
}

napi_value bootstrap_rates(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2) return throw_type(env, "bootstrapRates(work, values): 2 arguments expected");
  int64_t seed, B, C, T, leaves;
  if (!int_property(env, argv[0], "seed", &seed) || !int_property(env, argv[0], "replicates", &B) || !int_property(env, argv[0], "clusters", &C)
      || !int_property(env, argv[0], "columns", &T) || !int_property(env, argv[0], "leaves", &leaves)) {
    return throw_type(env, "bootstrapRates: seed, replicates, clusters, columns and leaves must be numbers");
  }
  const int32_t *step_start, *step_at, *step_val, *group_start, *group_leaf;
  size_t n_start, n_at, n_val, n_gstart, n_gleaf;
  if (!int32_array(env, argv[0], "stepStart", &step_start, &n_start) || !int32_array(env, argv[0], "stepAt", &step_at, &n_at)
      || !int32_array(env, argv[0], "stepVal", &step_val, &n_val) || !int32_array(env, argv[0], "groupStart", &group_start, &n_gstart)
      || !int32_array(env, argv[0], "groupLeaf", &group_leaf, &n_gleaf)) {
    return throw_type(env, "bootstrapRates: stepStart, stepAt, stepVal, groupStart and groupLeaf must be Int32Arrays");
  }
  napi_typedarray_type type;
  size_t n_values;
  void *values;
  if (napi_get_typedarray_info(env, argv[1], &type, &n_values, &values, NULL, NULL) != napi_ok || type != napi_float64_array) {
    return throw_type(env, "bootstrapRates: values must be a Float64Array");
  }
  const int64_t G = (int64_t)n_gstart - 1, stride = T + 1;
  if (seed < 0 || seed > 0xffffffffLL || B < 1 || C < 1 || T < 1 || leaves < 1 || G < 1 || B > INT32_MAX || C > INT32_MAX / LANES
      || n_start != (size_t)C + 1 || n_at != n_val || (size_t)group_start[G] != n_gleaf || n_values != (size_t)(G * T * B)) {
    return throw_type(env, "bootstrapRates: inconsistent sizes");
  }
  /* every index is checked once here, so the loops need not */
  for (int64_t c = 0; c < C; c++) if (step_start[c] < 0 || step_start[c] > step_start[c + 1]) return throw_type(env, "bootstrapRates: stepStart must rise");
  if (step_start[0] != 0 || (size_t)step_start[C] != n_at) return throw_type(env, "bootstrapRates: stepStart must span stepAt");
  for (size_t i = 0; i < n_at; i++) if (step_at[i] < 0 || step_at[i] >= leaves * stride) return throw_type(env, "bootstrapRates: stepAt out of range");
  for (int64_t g = 0; g < G; g++) if (group_start[g] < 0 || group_start[g] > group_start[g + 1]) return throw_type(env, "bootstrapRates: groupStart must rise");
  for (size_t i = 0; i < n_gleaf; i++) if (group_leaf[i] < 0 || group_leaf[i] >= leaves) return throw_type(env, "bootstrapRates: groupLeaf out of range");

  /* every sum (of steps, running, over a group's leaves) is bounded by C draws x (T + 1) steps x the largest step */
  int64_t largest = 0;
  for (size_t i = 0; i < n_val; i++) {
    const int64_t v = step_val[i] < 0 ? -(int64_t)step_val[i] : step_val[i];
    if (v > largest) largest = v;
  }
  const int narrow = largest * C * (T + 1) < INT32_MAX;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  /* at least 64 replicates per thread, whole blocks of LANES each */
  while (threads > 1 && B / threads < 64) threads--;
  job_t jobs[MAX_THREADS];
  pthread_t ids[MAX_THREADS];
  int started[MAX_THREADS] = { 0 };
  const int64_t per = ((B + threads - 1) / threads + LANES - 1) / LANES * LANES;
  for (int k = 0; k < threads; k++) {
    const int64_t from = k * per, to = from + per < B ? from + per : B;
    jobs[k] = (job_t){ (uint32_t)seed, (int32_t)B, (int32_t)C, (int32_t)T, (int32_t)G, (int32_t)leaves, step_start, step_at, step_val, group_start, group_leaf,
                       values, (int32_t)(from < B ? from : B), (int32_t)to, narrow, 0 };
  }
  /* the first share runs on this thread; the others on their own, or here when a thread cannot start */
  for (int k = 1; k < threads; k++) started[k] = pthread_create(&ids[k], NULL, run_job, &jobs[k]) == 0;
  run_job(&jobs[0]);
  int failed = jobs[0].failed;
  for (int k = 1; k < threads; k++) {
    if (started[k]) pthread_join(ids[k], NULL);
    else run_job(&jobs[k]);
    failed |= jobs[k].failed;
  }
  if (failed) {
    napi_throw_error(env, NULL, "bootstrapRates: out of memory");
    return NULL;
  }
  return NULL;
}
