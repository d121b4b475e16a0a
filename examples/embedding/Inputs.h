/*===- Inputs.h - the random graph batch of the embedding examples -*- C -*-===*
 *
 * One generator for embed.cpp and embed.c, so that both feed the simulator
 * the same batch and must print the same losses: node features uniform in
 * [0, 1), edges between random nodes (valid indices), labels in
 * [0, classes), every other node a training node. Header-only C that also
 * compiles as C++.
 *
 *===----------------------------------------------------------------------===*/
#ifndef GNNC_EXAMPLES_EMBEDDING_INPUTS_H
#define GNNC_EXAMPLES_EMBEDDING_INPUTS_H

#include <stdint.h>
#include <stdlib.h>

/* The batch size both examples compile for. */
enum { kEmbedNodes = 64, kEmbedEdges = 256 };

typedef struct {
  float *x;               /* [nodes, features] */
  int64_t *src, *dst;     /* [edges] */
  int64_t *y;             /* [nodes] */
  uint8_t *train_mask;    /* [nodes], 0 or 1 */
} EmbedInputs;

/* splitmix64: a small counter-based generator. */
static inline uint64_t embed_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline void embed_inputs_make(EmbedInputs *in, int64_t nodes,
                                     int64_t edges, int64_t features,
                                     int64_t classes) {
  uint64_t state = 2024;
  int64_t i;
  in->x = (float *)malloc(sizeof(float) * (size_t)(nodes * features));
  in->src = (int64_t *)malloc(sizeof(int64_t) * (size_t)edges);
  in->dst = (int64_t *)malloc(sizeof(int64_t) * (size_t)edges);
  in->y = (int64_t *)malloc(sizeof(int64_t) * (size_t)nodes);
  in->train_mask = (uint8_t *)malloc((size_t)nodes);
  for (i = 0; i < nodes * features; ++i)
    in->x[i] = (float)(embed_next(&state) >> 40) / (float)(1 << 24);
  for (i = 0; i < edges; ++i) {
    in->src[i] = (int64_t)(embed_next(&state) % (uint64_t)nodes);
    in->dst[i] = (int64_t)(embed_next(&state) % (uint64_t)nodes);
  }
  for (i = 0; i < nodes; ++i) {
    in->y[i] = (int64_t)(embed_next(&state) % (uint64_t)classes);
    in->train_mask[i] = (uint8_t)(i % 2 == 0);
  }
}

static inline void embed_inputs_free(EmbedInputs *in) {
  free(in->x);
  free(in->src);
  free(in->dst);
  free(in->y);
  free(in->train_mask);
}

#endif /* GNNC_EXAMPLES_EMBEDDING_INPUTS_H */
