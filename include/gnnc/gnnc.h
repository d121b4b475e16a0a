/*===- gnnc.h - gnnc's C API ---------------------------------------*- C -*-===*
 *
 * A C mirror of include/gnnc/Compiler.h and gnnrt::exec::Session for
 * frameworks that embed gnnc through a C FFI. Every call returns
 * GNNC_OK (0) or an error code; gnnc_last_error() describes the last
 * failure of the calling thread. Objects are opaque and freed by their
 * *_free function.
 *
 *   gnnc_executable *exe;
 *   gnnc_compile_file("cora_gcn.textproto", "tiles=64", &exe);
 *   gnnc_session *s;
 *   gnnc_session_create(exe, 0, &s);
 *   gnnc_session_set_input(s, "inference", "x", GNNC_F32, shape, 2, data);
 *   gnnc_session_run(s, "inference", 1);
 *   gnnc_session_get_output(s, "inference", "out", buffer, bytes);
 *
 *===----------------------------------------------------------------------===*/
#ifndef GNNC_GNNC_H
#define GNNC_GNNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  GNNC_OK = 0,
  GNNC_INVALID_ARGUMENT = 1,
  GNNC_NOT_FOUND = 2,
  GNNC_RESOURCE_EXHAUSTED = 3,
  GNNC_INTERNAL = 4
} gnnc_status;

typedef enum { GNNC_F32 = 0, GNNC_I32 = 1, GNNC_I64 = 2, GNNC_BOOL = 3 } gnnc_dtype;

typedef struct gnnc_executable gnnc_executable;
typedef struct gnnc_session gnnc_session;

/* The message of the calling thread's last error ("" if none). */
const char *gnnc_last_error(void);
/* "gnnc <version> (<revision>)". */
const char *gnnc_version(void);

/* Compiles a model description or .mlir file. `options` holds key=value
 * words: target=gc200|bow|test ipus=N tiles=N num-nodes=N num-edges=N
 * num-graphs=N train=0|1 (NULL or "" for defaults), and for a graph fixed at
 * compile time bind=src=src.npy,dst=dst.npy,nodes_mask=m.npy,... with
 * renumber-graph=0|1 (default 1). */
gnnc_status gnnc_compile_file(const char *path, const char *options,
                              gnnc_executable **out);
gnnc_status gnnc_executable_load(const char *path, gnnc_executable **out);
gnnc_status gnnc_executable_save(const gnnc_executable *exe, const char *path);
void gnnc_executable_free(gnnc_executable *exe);

/* threads = 0: one per hardware thread. The session copies the executable. */
gnnc_status gnnc_session_create(const gnnc_executable *exe, int threads,
                                gnnc_session **out);
void gnnc_session_free(gnnc_session *session);

/* Binds a host tensor (row-major, `rank` dims) to the input `binding` of
 * `program`; bool data is one byte per element. */
gnnc_status gnnc_session_set_input(gnnc_session *session, const char *program,
                                   const char *binding, gnnc_dtype dtype,
                                   const int64_t *shape, int rank,
                                   const void *data);
gnnc_status gnnc_session_run(gnnc_session *session, const char *program,
                             int64_t iterations);
/* Number of bytes of an output (to size the buffer). */
gnnc_status gnnc_session_output_bytes(gnnc_session *session,
                                      const char *program, const char *binding,
                                      size_t *bytes);
gnnc_status gnnc_session_get_output(gnnc_session *session, const char *program,
                                    const char *binding, void *data,
                                    size_t bytes);
/* The streams of `program`: `outputs` = 0 lists its inputs, 1 its outputs.
 * gnnc_session_stream_count gives how many; gnnc_session_stream_info fills
 * the i-th one's binding name (valid until the session is freed), dtype,
 * rank and up to `max_rank` dims. */
gnnc_status gnnc_session_stream_count(gnnc_session *session,
                                      const char *program, int outputs,
                                      int *count);
gnnc_status gnnc_session_stream_info(gnnc_session *session,
                                     const char *program, int outputs, int i,
                                     const char **binding, gnnc_dtype *dtype,
                                     int64_t *shape, int max_rank, int *rank);
/* Estimated IPU seconds of all runs of `program` so far. */
gnnc_status gnnc_session_estimated_seconds(gnnc_session *session,
                                           const char *program,
                                           double *seconds);

#ifdef __cplusplus
}
#endif

#endif /* GNNC_GNNC_H */
