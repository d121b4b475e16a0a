/*===- embed.c - gnnc embedded in a C program --------------------*- C -*-===*
 *
 * embed.cpp through the C API (gnnc/gnnc.h): compiles a node-classification
 * model description (e.g. examples/models/cora_gcn.textproto) for 16 tiles
 * and a 64-node / 256-edge batch, trains it for a few steps on the simulator
 * and runs `inference`. Built against the installed package
 * (find_package(gnnc), target gnnc::gnnc); see docs/Embedding.md.
 *
 *   embed_c MODEL [STEPS [EXECUTABLE]]
 *
 * With EXECUTABLE, also saves the compiled executable there (binary
 * protobuf; .textproto/.pbtxt for text), for runtime/run_executable.cpp.
 * The C API has no call that lists a program's inputs, so this program
 * knows the bindings of imported node-classification models (x, src, dst,
 * y, train_mask, nodes_mask, edges_mask; outputs "loss" and "out"), the
 * feature width (1433, Cora's) and the class count (7). It feeds the batch
 * of Inputs.h, as embed.cpp does, so both print the same losses.
 *
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gnnc/gnnc.h"

#include "Inputs.h"

enum { kFeatures = 1433, kClasses = 7 };

static int check(gnnc_status status, const char *what) {
  if (status == GNNC_OK)
    return 0;
  fprintf(stderr, "embed_c: %s: error %d: %s\n", what, (int)status,
          gnnc_last_error());
  return 1;
}

/* Binds the batch to every input of `program` (all take the same ones). */
static int bind(gnnc_session *s, const char *program, const EmbedInputs *in) {
  const int64_t n = kEmbedNodes, e = kEmbedEdges;
  const int64_t xShape[2] = {n, kFeatures};
  uint8_t nodesMask[kEmbedNodes], edgesMask[kEmbedEdges];
  memset(nodesMask, 1, sizeof nodesMask);
  memset(edgesMask, 1, sizeof edgesMask);
  if (check(gnnc_session_set_input(s, program, "x", GNNC_F32, xShape, 2, in->x),
            "set x") ||
      check(gnnc_session_set_input(s, program, "src", GNNC_I64, &e, 1, in->src),
            "set src") ||
      check(gnnc_session_set_input(s, program, "dst", GNNC_I64, &e, 1, in->dst),
            "set dst") ||
      check(gnnc_session_set_input(s, program, "nodes_mask", GNNC_BOOL, &n, 1,
                                   nodesMask),
            "set nodes_mask") ||
      check(gnnc_session_set_input(s, program, "edges_mask", GNNC_BOOL, &e, 1,
                                   edgesMask),
            "set edges_mask"))
    return 1;
  if (strcmp(program, "inference") == 0)
    return 0;
  return check(gnnc_session_set_input(s, program, "y", GNNC_I64, &n, 1, in->y),
               "set y") ||
         check(gnnc_session_set_input(s, program, "train_mask", GNNC_BOOL, &n,
                                      1, in->train_mask),
               "set train_mask");
}

int main(int argc, char **argv) {
  const char *train = "loss_train_step", *infer = "inference";
  gnnc_executable *exe = NULL;
  gnnc_session *session = NULL;
  EmbedInputs in;
  float *out = NULL;
  size_t bytes = 0;
  double seconds = 0;
  int steps, step, rc = 1;
  char options[128];

  if (argc < 2) {
    fprintf(stderr, "usage: embed_c MODEL [STEPS [EXECUTABLE]]\n");
    return 2;
  }
  steps = argc > 2 ? atoi(argv[2]) : 5;
  printf("%s\n", gnnc_version());

  snprintf(options, sizeof options, "tiles=16 num-nodes=%d num-edges=%d",
           (int)kEmbedNodes, (int)kEmbedEdges);
  if (check(gnnc_compile_file(argv[1], options, &exe), "gnnc_compile_file"))
    return 1;
  printf("compiled %s (%s)\n", argv[1], options);
  if (argc > 3) {
    if (check(gnnc_executable_save(exe, argv[3]), "gnnc_executable_save")) {
      gnnc_executable_free(exe);
      return 1;
    }
    printf("saved %s\n", argv[3]);
  }
  if (check(gnnc_session_create(exe, 2, &session), "gnnc_session_create")) {
    gnnc_executable_free(exe);
    return 1;
  }
  gnnc_executable_free(exe); /* the session holds its own copy */

  /* What the train step takes, as the session reports it. */
  {
    int count = 0, i;
    if (check(gnnc_session_stream_count(session, train, 0, &count),
              "gnnc_session_stream_count"))
      goto done;
    for (i = 0; i < count; ++i) {
      const char *name;
      gnnc_dtype dtype;
      int64_t shape[8];
      int rank = 0;
      if (check(gnnc_session_stream_info(session, train, 0, i, &name, &dtype,
                                         shape, 8, &rank),
                "gnnc_session_stream_info"))
        goto done;
      printf("input %s.%s rank %d\n", train, name, rank);
    }
  }

  embed_inputs_make(&in, kEmbedNodes, kEmbedEdges, kFeatures, kClasses);
  if (bind(session, train, &in) || bind(session, infer, &in))
    goto done;

  for (step = 1; step <= steps; ++step) {
    float loss = 0;
    if (check(gnnc_session_run(session, train, 1), "run loss_train_step") ||
        check(gnnc_session_get_output(session, train, "loss", &loss,
                                      sizeof loss),
              "get loss"))
      goto done;
    if (!isfinite(loss)) {
      fprintf(stderr, "embed_c: the loss is not finite\n");
      goto done;
    }
    printf("step %d loss %.6f\n", step, (double)loss);
  }

  if (check(gnnc_session_run(session, infer, 1), "run inference") ||
      check(gnnc_session_output_bytes(session, infer, "out", &bytes),
            "output bytes"))
    goto done;
  out = (float *)malloc(bytes);
  if (!out ||
      check(gnnc_session_get_output(session, infer, "out", out, bytes),
            "get out"))
    goto done;
  /* The C API reports sizes, not shapes: the rows are the batch's nodes. */
  printf("inference out: f32[%d, %d]\n", (int)kEmbedNodes,
         (int)(bytes / sizeof(float) / kEmbedNodes));
  if (check(gnnc_session_estimated_seconds(session, train, &seconds),
            "estimated seconds"))
    goto done;
  printf("estimated IPU time of %d train steps: %.3g s\n", steps, seconds);
  printf("embed_c: OK\n");
  rc = 0;

done:
  free(out);
  embed_inputs_free(&in);
  gnnc_session_free(session);
  return rc;
}
