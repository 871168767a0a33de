/* The functions of the evenhand native addon (one per file), registered in addon.c. */
#ifndef EVENHAND_ADDON_H
#define EVENHAND_ADDON_H
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <node_api.h>

napi_value resample_to_planar(napi_env env, napi_callback_info info);
napi_value open_pipe(napi_env env, napi_callback_info info);
napi_value read_full(napi_env env, napi_callback_info info);
napi_value close_fd(napi_env env, napi_callback_info info);
napi_value map_file(napi_env env, napi_callback_info info);
napi_value release_pages(napi_env env, napi_callback_info info);
napi_value bootstrap_rates(napi_env env, napi_callback_info info);
napi_value dictionary_codes(napi_env env, napi_callback_info info);
napi_value to_doubles(napi_env env, napi_callback_info info);
napi_value to_doubles_begin(napi_env env, napi_callback_info info);
napi_value to_doubles_end(napi_env env, napi_callback_info info);
napi_value distinct_utf8(napi_env env, napi_callback_info info);
napi_value distinct_utf8_begin(napi_env env, napi_callback_info info);
napi_value distinct_utf8_end(napi_env env, napi_callback_info info);
napi_value check_scores(napi_env env, napi_callback_info info);
napi_value unpack_booleans(napi_env env, napi_callback_info info);
napi_value count_not_whole(napi_env env, napi_callback_info info);
napi_value sweep_counts(napi_env env, napi_callback_info info);
napi_value match_keys(napi_env env, napi_callback_info info);
napi_value sha256_begin(napi_env env, napi_callback_info info);
napi_value sha256_end(napi_env env, napi_callback_info info);

/* Work run on a thread of its own (thread-job.c): a job struct starts with this, then holds its inputs and answer. */
#define THREAD_JOB_ARRAYS 2
struct thread_job {
  void (*work)(struct thread_job *job);
  /* which *Begin made it (its address), so that an End given another kind of handle refuses it */
  const void *kind;
  pthread_t thread;
  int running;
  napi_ref refs[THREAD_JOB_ARRAYS];
};
/* Holds `arrays` (at most THREAD_JOB_ARRAYS), starts job->work on a thread and returns a handle for JavaScript; on
 * failure frees the job and returns NULL with an error thrown. The job must come from calloc. */
napi_value thread_job_start(napi_env env, struct thread_job *job, const napi_value *arrays, int count);
/* The job of the handle passed as the callback's one argument, joined and with its arrays let go (its answer is kept,
 * so it can be asked for again); NULL with a TypeError `name` thrown when the argument is not a handle of `kind`. */
struct thread_job *thread_job_finish(napi_env env, napi_callback_info info, const void *kind, const char *name);

/* A typed array argument: its elements, their count and type; 0 when `v` is not a typed array. */
static inline int typed(napi_env env, napi_value v, void **data, size_t *length, napi_typedarray_type *type) {
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  return napi_get_typedarray_info(env, v, type, length, data, NULL, NULL) == napi_ok;
}

/* Throws a TypeError with `message`; returns NULL for the caller to return. */
static inline napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/* FNV-1a, then mixed: the keys' hash, the same as hash() in ../store/string-keys.ts (match-keys.c looks keys up in its tables). */
static inline uint32_t hash_bytes(const uint8_t *p, size_t len) {
  uint32_t h = 0x811c9dc5u;
  for (size_t k = 0; k < len; k++) h = (h ^ p[k]) * 0x01000193u;
  return h ^ (h >> 15);
}
#endif
