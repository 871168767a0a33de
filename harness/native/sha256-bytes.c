/*
 * sha256 of a byte array on a thread of its own (thread-job.c), by the OpenSSL that Node.js itself carries: its
 * EVP_Digest and EVP_sha256 are looked up in the running process (dlsym), so nothing is linked or included from
 * OpenSSL, and where they are not found the Begin call says so and the caller hashes another way.
 *
 *   sha256Begin(bytes: Uint8Array): handle | null
 *     starts hashing the bytes (which must not change until sha256End); null when this Node.js has no OpenSSL
 *     digest to call.
 *   sha256End(handle): string
 *     waits for the digest and returns it as 64 lowercase hex characters (again on a second call).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include "addon.h"

typedef int (*digest_fn)(const void *data, size_t count, unsigned char *md, unsigned int *size, const void *type, void *engine);
typedef const void *(*md_fn)(void);

struct sha_job {
  struct thread_job base;
  const uint8_t *bytes;
  size_t length;
  digest_fn digest;
  const void *md;
  unsigned char out[32];
  int ok;
};

static void sha_work(struct thread_job *base) {
  struct sha_job *job = (struct sha_job *)base;
  unsigned int size = 0;
  job->ok = job->digest(job->bytes, job->length, job->out, &size, job->md, NULL) == 1 && size == 32;
}

napi_value sha256_begin(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *data;
  size_t length;
  napi_typedarray_type type;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || !typed(env, argv[0], &data, &length, &type) || type != napi_uint8_array) {
    return throw_type(env, "sha256Begin(bytes: Uint8Array): bad arguments");
  }
  const digest_fn digest = (digest_fn)dlsym(RTLD_DEFAULT, "EVP_Digest");
  const md_fn sha256 = (md_fn)dlsym(RTLD_DEFAULT, "EVP_sha256");
  const void *md = sha256 == NULL ? NULL : sha256();
  if (digest == NULL || md == NULL) {
    napi_value none;
    napi_get_null(env, &none);
    return none;
  }
  struct sha_job *job = calloc(1, sizeof *job);
  if (job == NULL) {
    napi_throw_error(env, NULL, "sha256Begin: out of memory");
    return NULL;
  }
  job->base.work = sha_work;
  job->base.kind = (const void *)sha256_begin;
  job->bytes = data;
  job->length = length;
  job->digest = digest;
  job->md = md;
  return thread_job_start(env, &job->base, argv, 1);
}

napi_value sha256_end(napi_env env, napi_callback_info info) {
  struct sha_job *job = (struct sha_job *)thread_job_finish(env, info, (const void *)sha256_begin, "sha256End(handle): the value sha256Begin returned expected");
  if (job == NULL) return NULL;
  if (!job->ok) {
    napi_throw_error(env, NULL, "sha256End: the digest failed");
    return NULL;
  }
  static const char hex[] = "0123456789abcdef";
  char text[64];
  for (int i = 0; i < 32; i++) {
    text[2 * i] = hex[job->out[i] >> 4];
    text[2 * i + 1] = hex[job->out[i] & 15];
  }
  napi_value v;
  napi_create_string_utf8(env, text, 64, &v);
  return v;
}
