/*
 * Work on a thread of its own between two calls from JavaScript: a *Begin function fills a job and hands it to
 * thread_job_start, which holds its typed-array arguments (references) and returns a handle; the matching *End function
 * passes the handle to thread_job_finish, which joins the thread, lets the arrays go and returns the job to read its
 * answer. A handle dropped without its End is joined when it is garbage-collected. The arrays must not change
 * meanwhile (callers only pass buffers they never write: a mapped file, Arrow's columns).
 */
#include <pthread.h>
#include <stdlib.h>
#include "addon.h"

static void *thread_job_main(void *arg) {
  struct thread_job *job = arg;
  job->work(job);
  return NULL;
}

/* Joins the thread (once) and lets go of the arrays. */
static void thread_job_join(napi_env env, struct thread_job *job) {
  if (job->running) pthread_join(job->thread, NULL);
  job->running = 0;
  for (int k = 0; k < THREAD_JOB_ARRAYS; k++) {
    if (job->refs[k] != NULL) napi_delete_reference(env, job->refs[k]);
    job->refs[k] = NULL;
  }
}

static void thread_job_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  thread_job_join(env, data);
  free(data);
}

napi_value thread_job_start(napi_env env, struct thread_job *job, const napi_value *arrays, int count) {
  napi_value handle;
  int held = count <= THREAD_JOB_ARRAYS;
  for (int k = 0; held && k < count; k++) held = napi_create_reference(env, arrays[k], 1, &job->refs[k]) == napi_ok;
  if (!held || napi_create_external(env, job, thread_job_finalize, NULL, &handle) != napi_ok) {
    thread_job_join(env, job);
    free(job);
    return throw_type(env, "thread job: cannot hold its arguments");
  }
  /* no thread to be had: the work now, on this one */
  job->running = pthread_create(&job->thread, NULL, thread_job_main, job) == 0;
  if (!job->running) job->work(job);
  return handle;
}

struct thread_job *thread_job_finish(napi_env env, napi_callback_info info, const void *kind, const char *name) {
  size_t argc = 1;
  napi_value argv[1];
  void *data;
  napi_valuetype t;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || napi_typeof(env, argv[0], &t) != napi_ok
      || t != napi_external || napi_get_value_external(env, argv[0], &data) != napi_ok || ((struct thread_job *)data)->kind != kind) {
    throw_type(env, name);
    return NULL;
  }
  thread_job_join(env, data);
  return data;
}
