/*
 * StringKeys.lookup (../store/string-keys.ts) in C: the code, among one column's factorised keys, of every row of
 * another string column (the search ids of a candidates table matched to the searches). The same steps as the
 * TypeScript loop, so the same codes (a test compares them): a row repeating the previous row's key takes its code;
 * else the hinted row of the keys and the three after it are compared; else the key is hashed (FNV-1a, as
 * string-keys.ts) and looked up in the keys' open-addressing table, built by TypeScript and passed in.
 *
 * JavaScript signature:
 *   matchKeys(keys: { start: Int32Array, bytes: Uint8Array, valid: Uint8Array, codes: Int32Array, firstRow: Int32Array,
 *                     table: Int32Array, hashes: Uint32Array },
 *             other: { start: Int32Array, bytes: Uint8Array, valid: Uint8Array }, out: Int32Array): void
 *   out[i] = the code of row i of `other` (-1 when absent or null). table.length is a power of two; table[slot] is
 *   code + 1 (0 = empty); hashes[code] the hash of the key with that code.
 */
#include <stdint.h>
#include <string.h>
#include <node_api.h>
#include "addon.h"

/* Rows from the hint on compared before hashing (HINT_SPAN in string-keys.ts). */
#define HINT_SPAN 4

struct column {
  const int32_t *start;
  const uint8_t *bytes;
  const uint8_t *valid;
  size_t rows;
  size_t nbytes;
};

/* A typed array property of `object` of the given type; 0 when absent or of another type. */
static int typed_property(napi_env env, napi_value object, const char *name, napi_typedarray_type want, void **data, size_t *length) {
  napi_value v;
  bool is;
  napi_typedarray_type type;
  if (napi_get_named_property(env, object, name, &v) != napi_ok || napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, v, &type, length, data, NULL, NULL) != napi_ok) return 0;
  return type == want;
}

/* The string column of `object` (start, bytes, valid), with its offsets checked against its bytes. */
static int column_arg(napi_env env, napi_value object, struct column *c) {
  void *start, *bytes, *valid;
  size_t ns, nb, nv;
  if (!typed_property(env, object, "start", napi_int32_array, &start, &ns) || !typed_property(env, object, "bytes", napi_uint8_array, &bytes, &nb)
      || !typed_property(env, object, "valid", napi_uint8_array, &valid, &nv) || ns != nv + 1) return 0;
  c->start = start;
  c->bytes = bytes;
  c->valid = valid;
  c->rows = nv;
  c->nbytes = nb;
  for (size_t i = 0; i < nv; i++) {
    if (c->start[i] < 0 || c->start[i] > c->start[i + 1] || (size_t)c->start[i + 1] > nb) return 0;
  }
  return 1;
}

/* Whether row r of `c` holds the bytes p[0, len). */
static inline int same_key(const struct column *c, size_t r, const uint8_t *p, size_t len) {
  const size_t lr = (size_t)(c->start[r + 1] - c->start[r]);
  return lr == len && memcmp(c->bytes + c->start[r], p, len) == 0;
}

napi_value match_keys(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3) return throw_type(env, "matchKeys: 3 arguments expected");
  struct column mine, other;
  void *codes_p, *first_p, *table_p, *hashes_p, *out_p;
  size_t ncodes, nfirst, ntable, nhashes, nout;
  if (!column_arg(env, argv[0], &mine) || !column_arg(env, argv[1], &other)
      || !typed_property(env, argv[0], "codes", napi_int32_array, &codes_p, &ncodes) || ncodes != mine.rows
      || !typed_property(env, argv[0], "firstRow", napi_int32_array, &first_p, &nfirst)
      || !typed_property(env, argv[0], "table", napi_int32_array, &table_p, &ntable) || ntable == 0 || (ntable & (ntable - 1)) != 0
      || !typed_property(env, argv[0], "hashes", napi_uint32_array, &hashes_p, &nhashes) || nhashes < nfirst) {
    return throw_type(env, "matchKeys(keys, other, out): bad keys or other column");
  }
  bool is;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, argv[2], &is) != napi_ok || !is || napi_get_typedarray_info(env, argv[2], &type, &nout, &out_p, NULL, NULL) != napi_ok
      || type != napi_int32_array || nout != other.rows) {
    return throw_type(env, "matchKeys: out must be an Int32Array with a value per row of other");
  }
  const int32_t *codes = codes_p, *first = first_p, *table = table_p;
  const uint32_t *hashes = hashes_p;
  int32_t *out = out_p;
  const size_t mask = ntable - 1;
  for (size_t k = 0; k < nfirst; k++) {
    if (first[k] < 0 || (size_t)first[k] >= mine.rows) return throw_type(env, "matchKeys: firstRow out of range");
  }
  for (size_t k = 0; k < ntable; k++) {
    if (table[k] < 0 || (size_t)table[k] > nfirst) return throw_type(env, "matchKeys: table out of range");
  }
  int64_t hint = 0;
  for (size_t i = 0; i < other.rows; i++) {
    const uint8_t *p = other.bytes + other.start[i];
    const size_t len = (size_t)(other.start[i + 1] - other.start[i]);
    if (i > 0 && other.valid[i] == 1 && other.valid[i - 1] == 1 && same_key(&other, i - 1, p, len)) {
      out[i] = out[i - 1];
      continue;
    }
    int32_t code = -1;
    if (other.valid[i] != 0) {
      int found = 0;
      for (int64_t r = hint; r >= 0 && r < hint + HINT_SPAN && (size_t)r < mine.rows; r++) {
        if (mine.valid[r] == 1 && same_key(&mine, (size_t)r, p, len)) {
          code = codes[r];
          found = 1;
          break;
        }
      }
      if (!found) {
        const uint32_t h = hash_bytes(p, len);
        for (size_t s = h & mask;; s = (s + 1) & mask) {
          const int32_t c = table[s] - 1;
          if (c < 0) break;
          if (hashes[c] == h && same_key(&mine, (size_t)first[c], p, len)) {
            code = c;
            break;
          }
        }
      }
    }
    out[i] = code;
    if (code >= 0) hint = (int64_t)first[code] + 1;
  }
  return NULL;
}
