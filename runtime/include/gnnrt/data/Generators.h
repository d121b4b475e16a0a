//===- Generators.h - Built-in synthetic datasets ---------------------------===//
//
// The default data: nothing can be downloaded, so every demo and benchmark can
// run on generated graphs. All generators are pure functions of their options
// (the seed included); every random choice reads gnnrt::randomBits.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_GENERATORS_H
#define GNNRT_DATA_GENERATORS_H

#include <cstdint>

#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

/// A citation-like graph: a degree-corrected stochastic block model (one block
/// per class; an edge's second end stays in the first end's class with
/// probability `homophily`; node weights follow a Pareto law, so degrees are
/// skewed as in real citation graphs) with class-correlated sparse binary
/// bag-of-words features (each class owns a block of topic words; a word is
/// drawn from the node's block with probability `topicFraction`, otherwise
/// from the whole vocabulary). Defaults are Cora-sized: 2708 nodes, 7
/// classes, 1433 words, 5278 undirected = 10556 directed edges, about 18
/// words per node, and Planetoid's split (20 per class / 500 / 1000).
struct CitationOptions {
  int64_t numNodes = 2708;
  int64_t numClasses = 7;
  int64_t numFeatures = 1433;
  int64_t numUndirectedEdges = 5278;
  double homophily = 0.8;
  double paretoExponent = 2.5;
  int64_t wordsPerNode = 18;
  double topicFraction = 0.3;
  uint64_t seed = 0;
};
GraphDataset generateCitation(const CitationOptions &options);

/// Molecule-like small graphs: a random spanning tree with valence at most 4
/// plus a few ring closures, both edge directions stored. Node features are
/// one-hot atom types (5: H C N O F-like, drawn with fixed frequencies), edge
/// features one-hot bond types (4: single, double, triple, aromatic). The
/// binary label is 1 when some type-2 atom is bonded to a type-3 atom (a
/// one-hop motif a message-passing model must detect). Node counts follow a
/// normal law clamped to [minNodes, maxNodes] (QM9-like defaults).
struct MoleculeOptions {
  int64_t numGraphs = 1000;
  double meanNodes = 18.0;
  double stdNodes = 3.0;
  int64_t minNodes = 3;
  int64_t maxNodes = 29;
  int64_t maxRings = 3;
  uint64_t seed = 0;
};
GraphDataset generateMolecules(const MoleculeOptions &options);

/// An IMDB-like heterogeneous graph: movies (labelled with one of
/// `numClasses` genres, bag-of-words features), each linked to one director
/// and `actorsPerMovie` distinct actors (who prefer one genre with
/// probability `homophily`); director and actor features are the mean of
/// their movies' features. Edge types movie->director, movie->actor and
/// their reverses, named (src, "to", dst). Split: 400 / 400 / the rest of the
/// movies, scaled down for small graphs.
struct HeteroOptions {
  int64_t numMovies = 4278;
  int64_t numDirectors = 2081;
  int64_t numActors = 5257;
  int64_t numFeatures = 3066;
  int64_t numClasses = 3;
  int64_t actorsPerMovie = 3;
  int64_t wordsPerMovie = 6;
  double homophily = 0.7;
  double topicFraction = 0.5;
  uint64_t seed = 0;
};
HeteroGraph generateHetero(const HeteroOptions &options);

/// A uniform random directed graph for benchmarks: numNodes * avgDegree
/// edges with independent uniform endpoints (no self loops; repeats are
/// possible and kept), uniform [0, 1) features and uniform class labels.
struct RandomGraphOptions {
  int64_t numNodes = 1000000;
  double avgDegree = 10.0;
  int64_t numFeatures = 8;
  int64_t numClasses = 4;
  uint64_t seed = 0;
};
GraphDataset generateRandomGraph(const RandomGraphOptions &options);

} // namespace gnnrt::data

#endif // GNNRT_DATA_GENERATORS_H
