/*
 * Memory-mapping a file read-only, for searching a large gallery of embeddings block by block without reading it
 * into the JavaScript heap.
 *
 *   mapFile(path): ArrayBuffer        the whole file mapped read-only (mmap, MAP_SHARED); unmapped when the buffer is
 *                                     garbage-collected. Pages are read from the page cache on first touch.
 *   releasePages(buffer, offset, length): void
 *                                     madvise(MADV_DONTNEED) over the whole pages inside [offset, offset + length):
 *                                     the process gives those pages back (they stay in the kernel's page cache and are
 *                                     read again on the next touch), so a scan of a large file keeps a bounded
 *                                     resident set.
 *
 * A mapping is never written: the buffer must be treated as read-only by its callers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <node_api.h>
#include "addon.h"

static void unmap(napi_env env, void *data, void *hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value throw_errno(napi_env env, const char *what, const char *path) {
  char message[1200];
  snprintf(message, sizeof message, "%s %s: %s", what, path, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return throw_type(env, "mapFile(path)");
  char path[1024];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok || len >= sizeof path - 1) return throw_type(env, "mapFile: path must be a string under 1023 bytes");
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return throw_errno(env, "cannot open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return throw_errno(env, "cannot stat", path);
  }
  if (st.st_size <= 0) {
    close(fd);
    errno = EINVAL;
    return throw_errno(env, "cannot map an empty file", path);
  }
  void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (data == MAP_FAILED) return throw_errno(env, "cannot map", path);
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, data, (size_t)st.st_size, unmap, (void *)(uintptr_t)st.st_size, &buffer) != napi_ok) {
    munmap(data, (size_t)st.st_size);
    napi_throw_error(env, NULL, "mapFile: this runtime does not allow external array buffers");
    return NULL;
  }
  return buffer;
}

napi_value release_pages(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return throw_type(env, "releasePages(buffer, offset, length)");
  void *data;
  size_t size;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &size) != napi_ok) return throw_type(env, "releasePages: buffer must be an ArrayBuffer from mapFile");
  int64_t offset, length;
  if (napi_get_value_int64(env, argv[1], &offset) != napi_ok || napi_get_value_int64(env, argv[2], &length) != napi_ok
      || offset < 0 || length < 0 || (uint64_t)offset + (uint64_t)length > size) return throw_type(env, "releasePages: offset and length must lie inside the buffer");
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t start = ((uintptr_t)data + (uintptr_t)offset + (uintptr_t)page - 1) / (uintptr_t)page * (uintptr_t)page;
  uintptr_t end = ((uintptr_t)data + (uintptr_t)offset + (uintptr_t)length) / (uintptr_t)page * (uintptr_t)page;
  if (end > start && madvise((void *)start, end - start, MADV_DONTNEED) != 0) {
    napi_throw_error(env, NULL, strerror(errno));
    return NULL;
  }
  return NULL;
}
