/*
 * evenhand's native addon: small C helpers for the hot paths of the replay, of reading and sweeping searches tables and of the statistics, built by node-gyp when the package is
 * installed (scripts/build-native.js). harness/native/index.ts loads it; every caller has a TypeScript fallback.
 */
#include "addon.h"

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  const struct { const char *name; napi_callback fn; } fns[] = {
    { "resampleToPlanar", resample_to_planar },
    { "openPipe", open_pipe },
    { "readFull", read_full },
    { "closeFd", close_fd },
    { "mapFile", map_file },
    { "releasePages", release_pages },
    { "bootstrapRates", bootstrap_rates },
    { "dictionaryCodes", dictionary_codes },
    { "toDoubles", to_doubles },
    { "toDoublesBegin", to_doubles_begin },
    { "toDoublesEnd", to_doubles_end },
    { "distinctUtf8", distinct_utf8 },
    { "distinctUtf8Begin", distinct_utf8_begin },
    { "distinctUtf8End", distinct_utf8_end },
    { "checkScores", check_scores },
    { "unpackBooleans", unpack_booleans },
    { "countNotWhole", count_not_whole },
    { "sweepCounts", sweep_counts },
    { "matchKeys", match_keys },
    { "sha256Begin", sha256_begin },
    { "sha256End", sha256_end },
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, fns[i].name, f) != napi_ok) return NULL;
  }
  return exports;
}
