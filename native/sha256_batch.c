/*
 * Batch SHA-256 for the ledger's Merkle trees, through the OpenSSL that Node.js itself links.
 *
 * Why: hashing a 257-byte leaf through node:crypto costs about six times the SHA-256 work itself,
 * because every call crosses from JavaScript into C++ and allocates a result. Verifying a log of a
 * million entries makes two million such calls. Here one call hashes a whole tile: the same OpenSSL
 * SHA-256, with the crossing paid once per 256 entries. (The low-level SHA256_* calls, not the
 * one-shot SHA256(), which in OpenSSL 3 looks the algorithm up again on every call.) Nothing here is a hash implementation of
 * its own; results are checked against node:crypto in test/ledger/batch-hash.test.ts.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HASH_SIZE 32
/* A tile's width: the most hashes one call combines, so the scratch row fits on any stack. */
#define MAX_SUBTREE 256

static void hash_leaves(const uint8_t *bytes, const uint32_t *spans, size_t count, uint8_t *out) {
  static const uint8_t leaf_prefix = 0x00;
  for (size_t i = 0; i < count; i++) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, &leaf_prefix, 1);
    SHA256_Update(&ctx, bytes + spans[2 * i], spans[2 * i + 1]);
    SHA256_Final(out + i * HASH_SIZE, &ctx);
  }
}

/* Root of the perfect subtree over `count` (a power of two, at most MAX_SUBTREE) hashes. */
static void hash_subtree(const uint8_t *in, size_t count, uint8_t *root) {
  uint8_t row[MAX_SUBTREE / 2 * HASH_SIZE];
  uint8_t node[1 + 2 * HASH_SIZE];
  node[0] = 0x01;
  while (count > 1) {
    for (size_t i = 0; i < count / 2; i++) {
      memcpy(node + 1, in + 2 * i * HASH_SIZE, 2 * HASH_SIZE);
      SHA256_CTX ctx;
      SHA256_Init(&ctx);
      SHA256_Update(&ctx, node, sizeof node);
      SHA256_Final(row + i * HASH_SIZE, &ctx);
    }
    in = row;
    count /= 2;
  }
  memcpy(root, in, HASH_SIZE);
}

static int is_subtree_size(size_t count) { return count >= 1 && count <= MAX_SUBTREE && (count & (count - 1)) == 0; }

static napi_value fail(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

/* Reads argument `i` as a typed array of the wanted type; NULL data when it is not one. */
static int typed_arg(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset) != napi_ok) return 0;
  return type == want;
}

/*
 * leafHashes(data: Uint8Array, spans: Uint32Array) -> Buffer
 * spans holds (start, length) pairs into data; the result holds SHA-256(0x00 || entry) for each,
 * 32 bytes apiece, in order.
 */
static napi_value leaf_hashes(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2) return fail(env, "leafHashes takes data and spans");
  void *data, *spans_data;
  size_t data_len, spans_len;
  if (!typed_arg(env, argv[0], napi_uint8_array, &data, &data_len)) return fail(env, "leafHashes: data must be a Uint8Array");
  if (!typed_arg(env, argv[1], napi_uint32_array, &spans_data, &spans_len) || spans_len % 2 != 0)
    return fail(env, "leafHashes: spans must be a Uint32Array of (start, length) pairs");
  const uint8_t *bytes = data;
  const uint32_t *spans = spans_data;
  size_t count = spans_len / 2;
  for (size_t i = 0; i < count; i++) {
    uint64_t end = (uint64_t)spans[2 * i] + spans[2 * i + 1];
    if (end > data_len) return fail(env, "leafHashes: a span reaches past the data");
  }
  napi_value result;
  void *out;
  if (napi_create_buffer(env, count * HASH_SIZE, &out, &result) != napi_ok) return fail(env, "leafHashes: out of memory");
  hash_leaves(bytes, spans, count, out);
  return result;
}

/*
 * subtreeRoot(hashes: Uint8Array) -> Buffer
 * hashes holds 2^k hashes of 32 bytes (0 <= k <= 8); the result is the root of the perfect subtree over
 * them, combining pairs as SHA-256(0x01 || left || right) level by level.
 */
static napi_value subtree_root(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1) return fail(env, "subtreeRoot takes hashes");
  void *data;
  size_t len;
  if (!typed_arg(env, argv[0], napi_uint8_array, &data, &len)) return fail(env, "subtreeRoot: hashes must be a Uint8Array");
  size_t count = len / HASH_SIZE;
  if (len % HASH_SIZE != 0 || !is_subtree_size(count))
    return fail(env, "subtreeRoot: hashes must hold a power of two of 32-byte hashes, at most 256");
  uint8_t root[HASH_SIZE];
  hash_subtree(data, count, root);
  napi_value result;
  void *out;
  if (napi_create_buffer_copy(env, HASH_SIZE, root, &out, &result) != napi_ok) return fail(env, "subtreeRoot: out of memory");
  return result;
}

/*
 * tileHashes(data: Uint8Array, spans: Uint32Array) -> Promise<Buffer>
 * Like leafHashes, but on libuv's thread pool, so several tiles hash at once on all cores while the
 * JavaScript thread reads the next ones. When the count is a power of two up to 256, the result
 * also ends with the root of the subtree over the leaf hashes (for a full tile: its hash one level up).
 */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref data_ref, spans_ref; /* keep the inputs alive while a pool thread reads them */
  const uint8_t *data;
  const uint32_t *spans;
  size_t count;
  size_t out_len;
  uint8_t *out;
} tile_job;

static void tile_execute(napi_env env, void *arg) {
  (void)env;
  tile_job *job = arg;
  hash_leaves(job->data, job->spans, job->count, job->out);
  if (is_subtree_size(job->count)) hash_subtree(job->out, job->count, job->out + job->count * HASH_SIZE);
}

static void free_out(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void tile_complete(napi_env env, napi_status status, void *arg) {
  tile_job *job = arg;
  napi_value result;
  if (status == napi_ok && napi_create_external_buffer(env, job->out_len, job->out, free_out, NULL, &result) == napi_ok) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    free(job->out);
    napi_value message, error;
    napi_create_string_utf8(env, "tileHashes: hashing failed", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, job->deferred, error);
  }
  napi_delete_reference(env, job->data_ref);
  napi_delete_reference(env, job->spans_ref);
  napi_delete_async_work(env, job->work);
  free(job);
}

static napi_value tile_hashes(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2) return fail(env, "tileHashes takes data and spans");
  void *data, *spans_data;
  size_t data_len, spans_len;
  if (!typed_arg(env, argv[0], napi_uint8_array, &data, &data_len)) return fail(env, "tileHashes: data must be a Uint8Array");
  if (!typed_arg(env, argv[1], napi_uint32_array, &spans_data, &spans_len) || spans_len % 2 != 0)
    return fail(env, "tileHashes: spans must be a Uint32Array of (start, length) pairs");
  const uint32_t *spans = spans_data;
  size_t count = spans_len / 2;
  for (size_t i = 0; i < count; i++) {
    uint64_t end = (uint64_t)spans[2 * i] + spans[2 * i + 1];
    if (end > data_len) return fail(env, "tileHashes: a span reaches past the data");
  }
  tile_job *job = calloc(1, sizeof *job);
  if (!job) return fail(env, "tileHashes: out of memory");
  job->data = data;
  job->spans = spans;
  job->count = count;
  job->out_len = (count + (is_subtree_size(count) ? 1 : 0)) * HASH_SIZE;
  job->out = malloc(job->out_len ? job->out_len : 1);
  napi_value promise, name;
  if (!job->out || napi_create_promise(env, &job->deferred, &promise) != napi_ok) {
    free(job->out);
    free(job);
    return fail(env, "tileHashes: out of memory");
  }
  napi_create_reference(env, argv[0], 1, &job->data_ref);
  napi_create_reference(env, argv[1], 1, &job->spans_ref);
  napi_create_string_utf8(env, "kilpi:tileHashes", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, tile_execute, tile_complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"leafHashes", NULL, leaf_hashes, NULL, NULL, NULL, napi_enumerable, NULL},
    {"subtreeRoot", NULL, subtree_root, NULL, NULL, NULL, napi_enumerable, NULL},
    {"tileHashes", NULL, tile_hashes, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
