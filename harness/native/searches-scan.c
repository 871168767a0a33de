/*
 * The row loops of reading a searches table (../store/read-searches.ts, ../store/arrow-columns.ts), in C, over the
 * buffers apache-arrow hands over without copying: the same results as the TypeScript loops (a test compares them),
 * without one JavaScript value per row. Each function only reads and writes typed arrays; a problem in the table is
 * counted, never described: the caller then reads the table again in TypeScript, which names file, column and row.
 *
 * JavaScript signatures (bitmap: an Arrow validity bitmap, bit `bitOffset + i` set when row i is present; null when
 * every row is present):
 *   dictionaryCodes(keys: Int32Array, bitmap: Uint8Array | null, bitOffset, lookup: Int32Array, out: Int32Array | Int8Array): number
 *     out[i] = -1 for a null row, else lookup[keys[i]] (-1 when the key is out of range); returns how many present
 *     rows got a negative code (an unknown or null category).
 *   toDoubles(values: Float64Array | Float32Array | Int32Array, bitmap, bitOffset, out: Float64Array): number
 *     out[i] = NaN for a null row, else the value as a double; returns how many present rows hold a stored NaN.
 *   distinctUtf8(offsets: Int32Array, bytes: Uint8Array): boolean
 *     whether the n = offsets.length - 1 strings bytes[offsets[i], offsets[i+1]) are all different: by merging when
 *     they form a few sorted runs (ids as tools write them), else by hashing.
 *   toDoublesBegin(columns: [values, bitmap, bitOffset, out][]): handle; toDoublesEnd(handle): number[]
 *     toDoubles for up to 16 columns, one after another on a thread of its own between the two calls; how many present
 *     rows hold a NaN, column by column (the list and its arrays must not change meanwhile).
 *   distinctUtf8Begin(offsets, bytes): handle; distinctUtf8End(handle): boolean
 *     the same answer, worked out on a thread of its own between the two calls (the arrays must not change
 *     meanwhile; they are held until the end, or until the handle is collected, which joins the thread).
 *   unpackBooleans(values: Uint8Array, validity: Uint8Array | null, bitOffset: number, out: Uint8Array): void
 *     a Bool column's bits from bitOffset as bytes 1/0, 255 where the validity bitmap (same offset) says null.
 *   countNotWhole(values: Float64Array): number
 *     how many values are neither NaN nor a finite whole number >= 1 (as v >= 1 && Number.isInteger(v)).
 *   checkScores(mated: Uint8Array, mateScore: Float64Array, mateRank: Float64Array | null, top: Float64Array,
 *               rankOut: Int32Array): number
 *     the score checks of checkSearches, row by row (mated is 0 or 1; a score in 0..1; a rank >= 1, whole, exactly
 *     when there is a mate score; no mate score on a non-mated search); writes rankOut as checkSearches does and
 *     returns how many rows break one (0: the table passes).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "addon.h"


/* An optional bitmap argument (null or undefined: none). 0 when it is something else. */
static int bitmap_arg(napi_env env, napi_value v, const uint8_t **bits, size_t *bytes) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  if (t == napi_null || t == napi_undefined) {
    *bits = NULL;
    *bytes = 0;
    return 1;
  }
  void *p;
  napi_typedarray_type type;
  if (!typed(env, v, &p, bytes, &type) || type != napi_uint8_array) return 0;
  *bits = p;
  return 1;
}

static napi_value number(napi_env env, double x) {
  napi_value v;
  napi_create_double(env, x, &v);
  return v;
}

/* Whether row i is present; `bits` covers rows [0, n) from bit `offset` (checked by the caller). */
static inline int present(const uint8_t *bits, size_t offset, size_t i) {
  if (bits == NULL) return 1;
  const size_t bit = offset + i;
  return (bits[bit >> 3] >> (bit & 7)) & 1;
}

/* Reads argument `at` as an unsigned integer below 2^40. */
static int offset_arg(napi_env env, napi_value v, size_t *out) {
  int64_t x;
  if (napi_get_value_int64(env, v, &x) != napi_ok || x < 0 || x > (1LL << 40)) return 0;
  *out = (size_t)x;
  return 1;
}

napi_value dictionary_codes(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 5) return throw_type(env, "dictionaryCodes: 5 arguments expected");
  void *keys, *lookup, *out;
  size_t n, nl, no, nb, offset;
  napi_typedarray_type tk, tl, to;
  const uint8_t *bits;
  if (!typed(env, argv[0], &keys, &n, &tk) || tk != napi_int32_array || !bitmap_arg(env, argv[1], &bits, &nb) || !offset_arg(env, argv[2], &offset)
      || !typed(env, argv[3], &lookup, &nl, &tl) || tl != napi_int32_array || !typed(env, argv[4], &out, &no, &to)
      || (to != napi_int32_array && to != napi_int8_array) || no != n || (bits != NULL && (offset + n + 7) / 8 > nb)) {
    return throw_type(env, "dictionaryCodes(keys: Int32Array, bitmap, bitOffset, lookup: Int32Array, out: Int32Array | Int8Array): bad arguments");
  }
  const int32_t *k = keys, *map = lookup;
  size_t negative = 0;
  for (size_t i = 0; i < n; i++) {
    int32_t c = -1;
    if (present(bits, offset, i)) {
      const int32_t key = k[i];
      c = key >= 0 && (size_t)key < nl ? map[key] : -1;
      negative += c < 0;
    }
    if (to == napi_int32_array) ((int32_t *)out)[i] = c;
    else ((int8_t *)out)[i] = (int8_t)c;
  }
  return number(env, (double)negative);
}

/* One numeric column to convert: its values (of `type`), validity bits from `offset` (NULL: none) and n doubles out. */
struct doubles_column {
  const void *values;
  napi_typedarray_type type;
  const uint8_t *bits;
  size_t offset, n;
  double *out;
};

/* The arguments of toDoubles for one column, checked; 0 when they are not. */
static int doubles_args(napi_env env, const napi_value *argv, struct doubles_column *c) {
  void *values, *out;
  size_t n, no, nb;
  napi_typedarray_type to;
  if (!typed(env, argv[0], &values, &n, &c->type) || (c->type != napi_float64_array && c->type != napi_float32_array && c->type != napi_int32_array)
      || !bitmap_arg(env, argv[1], &c->bits, &nb) || !offset_arg(env, argv[2], &c->offset) || !typed(env, argv[3], &out, &no, &to)
      || to != napi_float64_array || no > n || (c->bits != NULL && (c->offset + no + 7) / 8 > nb)) {
    return 0;
  }
  c->values = values;
  c->out = out;
  c->n = no;
  return 1;
}

/* Converts the column; returns how many present rows hold a NaN. */
static size_t doubles_core(const struct doubles_column *c) {
  double *o = c->out;
  const size_t n = c->n;
  size_t nan_count = 0;
  if (c->type == napi_float64_array) memcpy(o, c->values, n * sizeof(double));
  else if (c->type == napi_float32_array) for (size_t i = 0; i < n; i++) o[i] = (double)((const float *)c->values)[i];
  else for (size_t i = 0; i < n; i++) o[i] = (double)((const int32_t *)c->values)[i];
  for (size_t i = 0; i < n; i++) {
    if (present(c->bits, c->offset, i)) nan_count += isnan(o[i]) != 0;
    else o[i] = NAN;
  }
  return nan_count;
}

napi_value to_doubles(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  struct doubles_column c;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 4 || !doubles_args(env, argv, &c)) {
    return throw_type(env, "toDoubles(values, bitmap, bitOffset, out: Float64Array): bad arguments");
  }
  return number(env, (double)doubles_core(&c));
}

/* toDoubles for several columns, one after another on a thread of its own (thread-job.c). */
#define MAX_DOUBLES_COLUMNS 16
struct doubles_job {
  struct thread_job base;
  struct doubles_column columns[MAX_DOUBLES_COLUMNS];
  size_t count, nan_count[MAX_DOUBLES_COLUMNS];
};

static void doubles_work(struct thread_job *base) {
  struct doubles_job *job = (struct doubles_job *)base;
  for (size_t k = 0; k < job->count; k++) job->nan_count[k] = doubles_core(&job->columns[k]);
}

napi_value to_doubles_begin(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool is;
  uint32_t count;
  const char *usage = "toDoublesBegin(columns: [values, bitmap, bitOffset, out][]): bad arguments";
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || napi_is_array(env, argv[0], &is) != napi_ok || !is
      || napi_get_array_length(env, argv[0], &count) != napi_ok || count > MAX_DOUBLES_COLUMNS) {
    return throw_type(env, usage);
  }
  struct doubles_job *job = calloc(1, sizeof *job);
  if (job == NULL) {
    napi_throw_error(env, NULL, "toDoublesBegin: out of memory");
    return NULL;
  }
  for (uint32_t k = 0; k < count; k++) {
    napi_value entry, parts[4];
    uint32_t length;
    int ok = napi_get_element(env, argv[0], k, &entry) == napi_ok && napi_is_array(env, entry, &is) == napi_ok && is
      && napi_get_array_length(env, entry, &length) == napi_ok && length == 4;
    for (uint32_t j = 0; ok && j < 4; j++) ok = napi_get_element(env, entry, j, &parts[j]) == napi_ok;
    if (!ok || !doubles_args(env, parts, &job->columns[k])) {
      free(job);
      return throw_type(env, usage);
    }
  }
  job->count = count;
  job->base.work = doubles_work;
  job->base.kind = (const void *)to_doubles_begin;
  /* the list holds every array the thread reads or writes, so holding it holds them */
  return thread_job_start(env, &job->base, argv, 1);
}

napi_value to_doubles_end(napi_env env, napi_callback_info info) {
  struct doubles_job *job = (struct doubles_job *)thread_job_finish(env, info, (const void *)to_doubles_begin, "toDoublesEnd(handle): the value toDoublesBegin returned expected");
  if (job == NULL) return NULL;
  napi_value counts;
  if (napi_create_array_with_length(env, job->count, &counts) != napi_ok) return NULL;
  for (size_t k = 0; k < job->count; k++) {
    if (napi_set_element(env, counts, (uint32_t)k, number(env, (double)job->nan_count[k])) != napi_ok) return NULL;
  }
  return counts;
}

/* Byte-wise order of strings x and y: negative, 0 or positive. */
static int compare_rows(const int32_t *off, const uint8_t *b, size_t x, size_t y) {
  const size_t la = (size_t)(off[x + 1] - off[x]), lb = (size_t)(off[y + 1] - off[y]);
  const int c = memcmp(b + off[x], b + off[y], la < lb ? la : lb);
  return c != 0 ? c : la < lb ? -1 : la > lb;
}

#define MAX_RUNS 8

/* Whether sorted runs [from[r], end[r]) share no string, by merging them (the smallest head meets its twin). */
static int merged_distinct(const int32_t *off, const uint8_t *b, size_t *head, const size_t *end, int k) {
  for (;;) {
    int best = -1;
    for (int r = 0; r < k; r++) {
      if (head[r] >= end[r]) continue;
      if (best < 0) { best = r; continue; }
      const int c = compare_rows(off, b, head[r], head[best]);
      if (c == 0) return 0;
      if (c < 0) best = r;
    }
    if (best < 0) return 1;
    head[best]++;
  }
}

/*
 * 1 when the strings form at most MAX_RUNS strictly increasing runs sharing no string (as distinctBySortedRuns in
 * string-keys.ts: sequential reads only), 0 when they do share one, -1 when there are more runs (then hash).
 */
static int distinct_by_sorted_runs(const int32_t *off, const uint8_t *b, size_t n) {
  size_t from[MAX_RUNS + 1], end[MAX_RUNS], head[MAX_RUNS];
  int runs = 1;
  from[0] = 0;
  for (size_t i = 1; i < n; i++) {
    if (compare_rows(off, b, i - 1, i) >= 0) {
      if (runs == MAX_RUNS) return -1;
      from[runs++] = i;
    }
  }
  from[runs] = n;
  /* runs in order of their first strings (insertion sort of at most eight) */
  int order[MAX_RUNS];
  for (int r = 0; r < runs; r++) {
    int j = r;
    while (j > 0 && compare_rows(off, b, from[order[j - 1]], from[r]) > 0) { order[j] = order[j - 1]; j--; }
    order[j] = r;
  }
  /* runs whose ranges overlap fall into one group; only the runs of one group are merged */
  int k = 0;
  size_t last = 0;
  for (int q = 0; q < runs; q++) {
    const int r = order[q];
    if (k > 0 && compare_rows(off, b, last, from[r]) < 0) {
      if (!merged_distinct(off, b, head, end, k)) return 0;
      k = 0;
    }
    head[k] = from[r];
    end[k] = from[r + 1];
    k++;
    if (k == 1 || compare_rows(off, b, last, from[r + 1] - 1) < 0) last = from[r + 1] - 1;
  }
  return merged_distinct(off, b, head, end, k);
}

/* 1 when the n strings bytes[off[i], off[i+1]) are all different, 0 when not, -1 when the offsets leave the nb
 * bytes, -2 when out of memory. */
static int distinct_core(const int32_t *off, const uint8_t *b, size_t n, size_t nb) {
  for (size_t i = 0; i < n; i++) {
    if (off[i] < 0 || off[i] > off[i + 1] || (size_t)off[i + 1] > nb) return -1;
  }
  const int sorted = n == 0 ? 1 : distinct_by_sorted_runs(off, b, n);
  if (sorted >= 0) return sorted;
  size_t size = 1024;
  while (size < 2 * n) size *= 2;
  /* slot: row + 1 (0 = empty), and the row's hash beside it, compared before the bytes */
  uint32_t *slots = calloc(size, 2 * sizeof(uint32_t));
  if (slots == NULL) return -2;
  const size_t mask = size - 1;
  int distinct = 1;
  for (size_t i = 0; i < n && distinct; i++) {
    const uint8_t *p = b + off[i];
    const size_t len = (size_t)(off[i + 1] - off[i]);
    const uint32_t h = hash_bytes(p, len);
    for (size_t s = h & mask;; s = (s + 1) & mask) {
      const uint32_t row = slots[2 * s];
      if (row == 0) {
        slots[2 * s] = (uint32_t)i + 1;
        slots[2 * s + 1] = h;
        break;
      }
      const size_t r = row - 1;
      if (slots[2 * s + 1] == h && (size_t)(off[r + 1] - off[r]) == len && memcmp(b + off[r], p, len) == 0) {
        distinct = 0;
        break;
      }
    }
  }
  free(slots);
  return distinct;
}

/* The answer of distinct_core as a boolean, or the error it stands for thrown (NULL returned). */
static napi_value distinct_answer(napi_env env, int result) {
  if (result == -1) return throw_type(env, "distinctUtf8: offsets out of range");
  if (result == -2) {
    napi_throw_error(env, NULL, "distinctUtf8: out of memory");
    return NULL;
  }
  napi_value v;
  napi_get_boolean(env, result == 1, &v);
  return v;
}

/* The offsets and bytes arguments of distinctUtf8 and distinctUtf8Begin; 0 (a TypeError thrown) when they are not. */
static int distinct_args(napi_env env, napi_callback_info info, napi_value *argv, const int32_t **off, const uint8_t **b, size_t *n, size_t *nb) {
  size_t argc = 2;
  void *offs, *bytes;
  size_t no;
  napi_typedarray_type t1, t2;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 || !typed(env, argv[0], &offs, &no, &t1)
      || t1 != napi_int32_array || no < 1 || !typed(env, argv[1], &bytes, nb, &t2) || t2 != napi_uint8_array) {
    throw_type(env, "distinctUtf8(offsets: Int32Array, bytes: Uint8Array): bad arguments");
    return 0;
  }
  *off = offs;
  *b = bytes;
  *n = no - 1;
  return 1;
}

napi_value distinct_utf8(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  const int32_t *off;
  const uint8_t *b;
  size_t n, nb;
  if (!distinct_args(env, info, argv, &off, &b, &n, &nb)) return NULL;
  return distinct_answer(env, distinct_core(off, b, n, nb));
}

/* distinctUtf8 on a thread of its own (thread-job.c). */
struct distinct_job {
  struct thread_job base;
  const int32_t *off;
  const uint8_t *b;
  size_t n, nb;
  int result;
};

static void distinct_work(struct thread_job *base) {
  struct distinct_job *job = (struct distinct_job *)base;
  job->result = distinct_core(job->off, job->b, job->n, job->nb);
}

napi_value distinct_utf8_begin(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  struct distinct_job *job = calloc(1, sizeof *job);
  if (job == NULL) {
    napi_throw_error(env, NULL, "distinctUtf8Begin: out of memory");
    return NULL;
  }
  if (!distinct_args(env, info, argv, &job->off, &job->b, &job->n, &job->nb)) {
    free(job);
    return NULL;
  }
  job->base.work = distinct_work;
  job->base.kind = (const void *)distinct_utf8_begin;
  return thread_job_start(env, &job->base, argv, 2);
}

napi_value distinct_utf8_end(napi_env env, napi_callback_info info) {
  struct distinct_job *job = (struct distinct_job *)thread_job_finish(env, info, (const void *)distinct_utf8_begin, "distinctUtf8End(handle): the value distinctUtf8Begin returned expected");
  return job == NULL ? NULL : distinct_answer(env, job->result);
}

napi_value check_scores(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 5) return throw_type(env, "checkScores: 5 arguments expected");
  void *mated, *ms, *rank = NULL, *top, *out;
  size_t n, n1, n2 = 0, n3, n4;
  napi_typedarray_type t0, t1, t2 = napi_float64_array, t3, t4;
  napi_valuetype rt;
  if (napi_typeof(env, argv[2], &rt) != napi_ok) return NULL;
  if (!typed(env, argv[0], &mated, &n, &t0) || t0 != napi_uint8_array || !typed(env, argv[1], &ms, &n1, &t1) || t1 != napi_float64_array
      || (rt != napi_null && (!typed(env, argv[2], &rank, &n2, &t2) || t2 != napi_float64_array || n2 != n))
      || !typed(env, argv[3], &top, &n3, &t3) || t3 != napi_float64_array || !typed(env, argv[4], &out, &n4, &t4) || t4 != napi_int32_array
      || n1 != n || n3 != n || n4 != n) {
    return throw_type(env, "checkScores(mated: Uint8Array, mateScore, mateRank | null, top: Float64Array, rankOut: Int32Array): bad arguments");
  }
  const uint8_t *m = mated;
  const double *s = ms, *r = rank, *t = top;
  int32_t *o = out;
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    const double si = s[i], ti = t[i];
    const double ri = r == NULL ? (isnan(si) ? NAN : 1) : r[i];
    int wrong = m[i] > 1;
    if (!isnan(si) && !(si >= 0 && si <= 1)) wrong = 1;
    if (!isnan(ti) && !(ti >= 0 && ti <= 1)) wrong = 1;
    /* a whole number >= 1 (and one that fits the Int32Array, as every rank read from an Int32 column does) */
    if (!isnan(ri) && !(ri >= 1 && ri <= 2147483647.0 && ri == floor(ri))) wrong = 1;
    if (isnan(si) != isnan(ri)) wrong = 1;
    if (m[i] == 0 && !isnan(si)) wrong = 1;
    bad += wrong;
    o[i] = isnan(ri) || wrong ? 0 : (int32_t)ri;
  }
  return number(env, (double)bad);
}

napi_value unpack_booleans(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 4) return throw_type(env, "unpackBooleans: 4 arguments expected");
  void *values, *out;
  size_t nv, n, nb, offset;
  napi_typedarray_type tv, to;
  const uint8_t *valid;
  if (!typed(env, argv[0], &values, &nv, &tv) || tv != napi_uint8_array || !bitmap_arg(env, argv[1], &valid, &nb) || !offset_arg(env, argv[2], &offset)
      || !typed(env, argv[3], &out, &n, &to) || to != napi_uint8_array || (offset + n + 7) / 8 > nv || (valid != NULL && (offset + n + 7) / 8 > nb)) {
    return throw_type(env, "unpackBooleans(values: Uint8Array, validity, bitOffset, out: Uint8Array): bad arguments");
  }
  const uint8_t *bits = values;
  uint8_t *o = out;
  for (size_t i = 0; i < n; i++) {
    const size_t bit = offset + i;
    o[i] = present(valid, offset, i) ? (bits[bit >> 3] >> (bit & 7)) & 1 : 255;
  }
  return NULL;
}

napi_value count_not_whole(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *values;
  size_t n;
  napi_typedarray_type t;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || !typed(env, argv[0], &values, &n, &t) || t != napi_float64_array) {
    return throw_type(env, "countNotWhole(values: Float64Array): bad arguments");
  }
  const double *v = values;
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    const double x = v[i];
    bad += !isnan(x) && !(x >= 1 && isfinite(x) && x == floor(x));
  }
  return number(env, (double)bad);
}
