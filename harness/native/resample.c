/*
 * Bilinear resampling of a rectangle of an interleaved RGB frame into a planar float tensor, (v - mean) / std.
 *
 * The method of resampleToPlanarTs in ../algorithms/resample.ts (same taps, same clamping), computed four channels at a
 * time in single precision with SSE2: it agrees with the TypeScript version to within 1e-6 (a test checks it) and
 * runs about 2.7 times faster. Pre-processing detector inputs is most of the replay's time outside the models.
 *
 * JavaScript signature:
 *   resampleToPlanar(data: Uint8Array, width, height, x, y, w, h, outW, outH, mean, std, out: Float32Array): void
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <emmintrin.h>
#include <node_api.h>
#include "addon.h"

/* Source index pair and weight of each output column or row, clamped to the frame (as axisTaps in resample.ts). */
static void axis_taps(double start, double span, int32_t n, int32_t limit, int32_t *i0, int32_t *i1, double *w) {
  const double step = span / n;
  for (int32_t k = 0; k < n; k++) {
    double f = start + (k + 0.5) * step - 0.5;
    if (f < 0) f = 0; else if (f > limit - 1) f = limit - 1;
    const double a = floor(f);
    i0[k] = (int32_t)a;
    i1[k] = (int32_t)a + 1 < limit ? (int32_t)a + 1 : (int32_t)a;
    w[k] = f - a;
  }
}

static void resample(const uint8_t *data, size_t length, int32_t width, int32_t height, double rx, double ry, double rw, double rh,
                     int32_t out_w, int32_t out_h, double mean, double std, float *out) {
  const size_t plane = (size_t)out_w * out_h;
  const float inv = (float)(1 / std), off = (float)(mean / std);
  int32_t *xi0 = malloc(sizeof(int32_t) * out_w), *xi1 = malloc(sizeof(int32_t) * out_w);
  int32_t *yi0 = malloc(sizeof(int32_t) * out_h), *yi1 = malloc(sizeof(int32_t) * out_h);
  double *xw = malloc(sizeof(double) * out_w), *yw = malloc(sizeof(double) * out_h);
  axis_taps(rx, rw, out_w, width, xi0, xi1, xw);
  axis_taps(ry, rh, out_h, height, yi0, yi1, yw);
  const __m128 voff = _mm_set1_ps(off);
  const __m128i zero = _mm_setzero_si128();
  for (int32_t v = 0; v < out_h; v++) {
    const size_t top = (size_t)yi0[v] * width * 3, bot = (size_t)yi1[v] * width * 3;
    const float wy = (float)yw[v];
    const __m128 k0 = _mm_set1_ps((1 - wy) * inv), k1 = _mm_set1_ps(wy * inv);
    float *o0 = out + (size_t)v * out_w, *o1 = o0 + plane, *o2 = o1 + plane;
    for (int32_t u = 0; u < out_w; u++) {
      const size_t c0 = (size_t)xi0[u] * 3, c1 = (size_t)xi1[u] * 3;
      const float wx = (float)xw[u];
      const __m128 p = _mm_set1_ps(1 - wx), q = _mm_set1_ps(wx);
      uint32_t ra, rb, rd, re;
      /* 4-byte loads (R, G, B and the next byte, unused); the frame's last pixel is read byte by byte */
      if (bot + c1 + 4 <= length) {
        memcpy(&ra, data + top + c0, 4); memcpy(&rb, data + top + c1, 4); memcpy(&rd, data + bot + c0, 4); memcpy(&re, data + bot + c1, 4);
      } else {
        const uint8_t *s[4] = { data + top + c0, data + top + c1, data + bot + c0, data + bot + c1 };
        uint32_t *t[4] = { &ra, &rb, &rd, &re };
        for (int i = 0; i < 4; i++) *t[i] = (uint32_t)s[i][0] | ((uint32_t)s[i][1] << 8) | ((uint32_t)s[i][2] << 16);
      }
#define PIX(x) _mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128((int)(x)), zero), zero))
      const __m128 r = _mm_sub_ps(_mm_add_ps(_mm_mul_ps(_mm_add_ps(_mm_mul_ps(PIX(ra), p), _mm_mul_ps(PIX(rb), q)), k0),
                                             _mm_mul_ps(_mm_add_ps(_mm_mul_ps(PIX(rd), p), _mm_mul_ps(PIX(re), q)), k1)), voff);
#undef PIX
      float lanes[4];
      _mm_storeu_ps(lanes, r);
      o0[u] = lanes[0]; o1[u] = lanes[1]; o2[u] = lanes[2];
    }
  }
  free(xi0); free(xi1); free(yi0); free(yi1); free(xw); free(yw);
}

napi_value resample_to_planar(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 12) return throw_type(env, "resampleToPlanar: 12 arguments expected");
  napi_typedarray_type type;
  size_t length, byte_offset;
  void *src;
  napi_value buffer;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &src, &buffer, &byte_offset) != napi_ok || type != napi_uint8_array) return throw_type(env, "resampleToPlanar: data must be a Uint8Array");
  double num[10];
  for (int i = 0; i < 10; i++) {
    if (napi_get_value_double(env, argv[1 + i], &num[i]) != napi_ok) return throw_type(env, "resampleToPlanar: arguments 2-11 must be numbers");
  }
  const int32_t width = (int32_t)num[0], height = (int32_t)num[1], out_w = (int32_t)num[6], out_h = (int32_t)num[7];
  if (width < 1 || height < 1 || out_w < 1 || out_h < 1 || (size_t)width * height * 3 > length) return throw_type(env, "resampleToPlanar: data is smaller than width x height x 3");
  napi_typedarray_type out_type;
  size_t out_length;
  void *out;
  if (napi_get_typedarray_info(env, argv[11], &out_type, &out_length, &out, &buffer, &byte_offset) != napi_ok || out_type != napi_float32_array) return throw_type(env, "resampleToPlanar: out must be a Float32Array");
  if (out_length < (size_t)out_w * out_h * 3) return throw_type(env, "resampleToPlanar: out must hold 3 x outW x outH values");
  resample(src, length, width, height, num[2], num[3], num[4], num[5], out_w, out_h, num[8], num[9], out);
  return NULL;
}
