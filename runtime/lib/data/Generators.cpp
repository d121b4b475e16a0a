//===- Generators.cpp - Built-in synthetic datasets -------------------------===//
//
// Streams (StreamPurpose::kGenerator, a, b): a = 1 citation, 2 molecules
// (b = graph id, so each molecule is a pure function of (seed, id)),
// 3 heterogeneous, 4 random graph; StreamPurpose::kSplit for splits.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/data/Generators.h"

#include <algorithm>
#include <cmath>

#include "Internal.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gnnrt/data/Rng.h"
#include "gnnrt/data/Transforms.h"

namespace gnnrt::data {

namespace {

/// Index drawn with probability proportional to weights (given as
/// inclusive prefix sums).
int64_t drawWeighted(const std::vector<double> &prefix, Rng &rng) {
  double u = rng.uniform() * prefix.back();
  auto it = std::upper_bound(prefix.begin(), prefix.end(), u);
  return std::min<int64_t>(it - prefix.begin(),
                           static_cast<int64_t>(prefix.size()) - 1);
}

double normal(Rng &rng) {
  double u1 = 1.0 - rng.uniform(); // (0, 1]
  double u2 = rng.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

} // namespace

GraphDataset generateCitation(const CitationOptions &o) {
  int64_t n = std::max<int64_t>(o.numNodes, 2);
  int64_t c = std::max<int64_t>(o.numClasses, 1);
  int64_t f = std::max<int64_t>(o.numFeatures, c);
  Rng rng(o.seed, streamId(StreamPurpose::kGenerator, 1));

  std::vector<int64_t> label(n);
  std::vector<double> weight(n);
  std::vector<std::vector<int64_t>> members(c);
  for (int64_t i = 0; i < n; ++i) {
    label[i] = rng.below(c);
    members[label[i]].push_back(i);
    double u = rng.uniform();
    weight[i] = std::min(100.0, std::pow(1.0 - u, -1.0 / (o.paretoExponent - 1)));
  }
  std::vector<double> prefix(n);
  double acc = 0;
  for (int64_t i = 0; i < n; ++i)
    prefix[i] = acc += weight[i];
  std::vector<std::vector<double>> classPrefix(c);
  for (int64_t k = 0; k < c; ++k) {
    acc = 0;
    for (int64_t i : members[k])
      classPrefix[k].push_back(acc += weight[i]);
  }

  int64_t maxPairs = n * (n - 1) / 2;
  int64_t target = std::min(o.numUndirectedEdges, maxPairs);
  absl::flat_hash_set<uint64_t> pairs;
  std::vector<int64_t> src, dst;
  for (int64_t attempt = 0;
       static_cast<int64_t>(pairs.size()) < target && attempt < 50 * target + 100;
       ++attempt) {
    int64_t u = drawWeighted(prefix, rng);
    int64_t v;
    if (rng.bernoulli(o.homophily) && members[label[u]].size() > 1)
      v = members[label[u]][drawWeighted(classPrefix[label[u]], rng)];
    else
      v = drawWeighted(prefix, rng);
    if (u == v)
      continue;
    uint64_t key = static_cast<uint64_t>(std::min(u, v)) * n + std::max(u, v);
    if (!pairs.insert(key).second)
      continue;
    src.push_back(u);
    dst.push_back(v);
    src.push_back(v);
    dst.push_back(u);
  }

  Tensor x(DType::kF32, {n, f});
  absl::Span<float> xv = x.data<float>();
  int64_t block = f / c;
  for (int64_t i = 0; i < n; ++i) {
    int64_t words = o.wordsPerNode / 2 + rng.below(o.wordsPerNode + 1);
    words = std::max<int64_t>(words, 1);
    for (int64_t w = 0; w < words; ++w) {
      int64_t word = rng.bernoulli(o.topicFraction)
                         ? label[i] * block + rng.below(block)
                         : rng.below(f);
      xv[i * f + word] = 1.0f;
    }
  }

  GraphDataset ds =
      makeSingleGraph("synthetic-cora", n, std::move(src), std::move(dst),
                      std::move(x));
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = c;
  ds.y = Tensor::fromI64({n}, std::move(label));
  internal::sortEdgesPerGraph(ds, /*dedupe=*/false);
  planetoidSplit(ds, 20, std::min<int64_t>(500, n / 5),
                 std::min<int64_t>(1000, n * 3 / 8));
  return ds;
}

GraphDataset generateMolecules(const MoleculeOptions &o) {
  // Atom types H C N O F: frequencies and valences.
  const std::vector<double> typePrefix = {0.40, 0.75, 0.85, 0.97, 1.0};
  const int64_t valence[5] = {1, 4, 3, 2, 1};
  constexpr int64_t kTypes = 5, kBonds = 4;
  GraphDataset ds;
  ds.name = "synthetic-molecules";
  ds.labelKind = LabelKind::kClass;
  ds.labelLevel = LabelLevel::kGraph;
  ds.numClasses = 2;
  std::vector<int64_t> atomTypes, bondTypes, labels;
  int64_t minNodes = std::max<int64_t>(o.minNodes, 1);
  int64_t maxNodes = std::max(o.maxNodes, minNodes);
  for (int64_t g = 0; g < o.numGraphs; ++g) {
    Rng rng(o.seed, streamId(StreamPurpose::kGenerator, 2, g));
    int64_t n = static_cast<int64_t>(std::llround(o.meanNodes + o.stdNodes * normal(rng)));
    n = std::clamp(n, minNodes, maxNodes);
    std::vector<int64_t> type(n), degree(n, 0);
    std::vector<std::pair<int64_t, int64_t>> bonds;
    std::vector<int64_t> bondType;
    absl::flat_hash_set<uint64_t> adjacent;
    auto addBond = [&](int64_t a, int64_t b, int64_t t) {
      bonds.emplace_back(a, b);
      bondType.push_back(t);
      degree[a]++;
      degree[b]++;
      adjacent.insert(static_cast<uint64_t>(std::min(a, b)) * n + std::max(a, b));
    };
    type[0] = 1; // carbon root
    for (int64_t i = 1; i < n; ++i) {
      type[i] = drawWeighted(typePrefix, rng);
      std::vector<int64_t> open;
      for (int64_t j = 0; j < i; ++j)
        if (degree[j] < valence[type[j]])
          open.push_back(j);
      int64_t parent = open.empty() ? rng.below(i) : open[rng.below(open.size())];
      int64_t bond = 0;
      if (type[i] != 0 && type[i] != 4 && type[parent] != 0 && type[parent] != 4) {
        double u = rng.uniform();
        bond = u < 0.15 ? 1 : (u < 0.2 ? 2 : 0);
      }
      addBond(parent, i, bond);
    }
    int64_t rings = rng.below(o.maxRings + 1);
    for (int64_t r = 0; r < rings; ++r) {
      for (int64_t attempt = 0; attempt < 20; ++attempt) {
        int64_t a = rng.below(n), b = rng.below(n);
        if (a == b || type[a] == 0 || type[b] == 0 || type[a] == 4 ||
            type[b] == 4 || degree[a] >= valence[type[a]] ||
            degree[b] >= valence[type[b]] ||
            adjacent.contains(static_cast<uint64_t>(std::min(a, b)) * n +
                              std::max(a, b)))
          continue;
        addBond(a, b, rng.bernoulli(0.5) ? 3 : 0);
        break;
      }
    }
    int64_t label = 0;
    for (auto [a, b] : bonds)
      if ((type[a] == 2 && type[b] == 3) || (type[a] == 3 && type[b] == 2))
        label = 1;
    labels.push_back(label);
    for (size_t k = 0; k < bonds.size(); ++k) {
      ds.src.push_back(bonds[k].first);
      ds.dst.push_back(bonds[k].second);
      ds.src.push_back(bonds[k].second);
      ds.dst.push_back(bonds[k].first);
      bondTypes.push_back(bondType[k]);
      bondTypes.push_back(bondType[k]);
    }
    atomTypes.insert(atomTypes.end(), type.begin(), type.end());
    ds.nodePtr.push_back(ds.nodePtr.back() + n);
    ds.edgePtr.push_back(static_cast<int64_t>(ds.src.size()));
  }
  ds.x = internal::oneHot(atomTypes, kTypes);
  ds.edgeAttr = internal::oneHot(bondTypes, kBonds);
  ds.y = Tensor::fromI64({o.numGraphs}, std::move(labels));
  internal::sortEdgesPerGraph(ds, /*dedupe=*/false);
  return ds;
}

HeteroGraph generateHetero(const HeteroOptions &o) {
  int64_t m = std::max<int64_t>(o.numMovies, 1);
  int64_t nd = std::max<int64_t>(o.numDirectors, 1);
  int64_t na = std::max<int64_t>(o.numActors, 1);
  int64_t c = std::max<int64_t>(o.numClasses, 1);
  int64_t f = std::max<int64_t>(o.numFeatures, c);
  Rng rng(o.seed, streamId(StreamPurpose::kGenerator, 3));
  std::vector<int64_t> genre(m), dGenre(nd), aGenre(na);
  std::vector<std::vector<int64_t>> dBy(c), aBy(c);
  for (int64_t i = 0; i < m; ++i)
    genre[i] = rng.below(c);
  for (int64_t i = 0; i < nd; ++i)
    dBy[dGenre[i] = rng.below(c)].push_back(i);
  for (int64_t i = 0; i < na; ++i)
    aBy[aGenre[i] = rng.below(c)].push_back(i);
  auto pick = [&](const std::vector<std::vector<int64_t>> &by, int64_t g,
                  int64_t count) {
    if (rng.bernoulli(o.homophily) && !by[g].empty())
      return by[g][rng.below(by[g].size())];
    return rng.below(count);
  };
  EdgeType md{"movie", "to", "director", {}, {}};
  EdgeType ma{"movie", "to", "actor", {}, {}};
  for (int64_t i = 0; i < m; ++i) {
    md.srcIdx.push_back(i);
    md.dstIdx.push_back(pick(dBy, genre[i], nd));
    int64_t want = std::min(o.actorsPerMovie, na);
    std::vector<int64_t> cast;
    for (int64_t attempt = 0;
         static_cast<int64_t>(cast.size()) < want && attempt < 20 * want;
         ++attempt) {
      int64_t a = pick(aBy, genre[i], na);
      if (std::find(cast.begin(), cast.end(), a) == cast.end())
        cast.push_back(a);
    }
    std::sort(cast.begin(), cast.end());
    for (int64_t a : cast) {
      ma.srcIdx.push_back(i);
      ma.dstIdx.push_back(a);
    }
  }
  // Movie features: keyword counts; directors and actors: their movies' mean.
  Tensor xm(DType::kF32, {m, f});
  absl::Span<float> xmv = xm.data<float>();
  int64_t block = f / c;
  for (int64_t i = 0; i < m; ++i) {
    int64_t words = std::max<int64_t>(
        1, o.wordsPerMovie / 2 + rng.below(o.wordsPerMovie + 1));
    for (int64_t w = 0; w < words; ++w) {
      int64_t word = rng.bernoulli(o.topicFraction)
                         ? genre[i] * block + rng.below(block)
                         : rng.below(f);
      xmv[i * f + word] += 1.0f;
    }
  }
  auto meanOfMovies = [&](const EdgeType &e, int64_t count) {
    Tensor x(DType::kF32, {count, f});
    absl::Span<float> xv = x.data<float>();
    std::vector<int64_t> deg(count, 0);
    for (int64_t k = 0; k < e.numEdges(); ++k) {
      int64_t movie = e.srcIdx[k], other = e.dstIdx[k];
      deg[other]++;
      for (int64_t j = 0; j < f; ++j)
        xv[other * f + j] += xmv[movie * f + j];
    }
    for (int64_t i = 0; i < count; ++i)
      if (deg[i] > 1)
        for (int64_t j = 0; j < f; ++j)
          xv[i * f + j] /= static_cast<float>(deg[i]);
    return x;
  };
  HeteroGraph g;
  g.name = "synthetic-hetero";
  NodeType movie;
  movie.name = "movie";
  movie.numNodes = m;
  movie.x = std::move(xm);
  movie.labelKind = LabelKind::kClass;
  movie.numClasses = c;
  movie.y = Tensor::fromI64({m}, genre);
  Rng split(o.seed, streamId(StreamPurpose::kSplit, 3));
  std::vector<int64_t> perm = randomPermutation(m, split);
  int64_t numTrain = std::min<int64_t>(400, m / 10 + 1);
  int64_t numVal = std::min<int64_t>(400, m / 10);
  movie.trainIdx.assign(perm.begin(), perm.begin() + numTrain);
  movie.valIdx.assign(perm.begin() + numTrain,
                      perm.begin() + std::min(m, numTrain + numVal));
  movie.testIdx.assign(perm.begin() + std::min(m, numTrain + numVal),
                       perm.end());
  for (auto *ids : {&movie.trainIdx, &movie.valIdx, &movie.testIdx})
    std::sort(ids->begin(), ids->end());
  NodeType director{"director", nd, meanOfMovies(md, nd)};
  NodeType actor{"actor", na, meanOfMovies(ma, na)};
  g.nodeTypes.push_back(std::move(movie));
  g.nodeTypes.push_back(std::move(director));
  g.nodeTypes.push_back(std::move(actor));
  EdgeType dm{"director", "to", "movie", md.dstIdx, md.srcIdx};
  EdgeType am{"actor", "to", "movie", ma.dstIdx, ma.srcIdx};
  g.edgeTypes.push_back(std::move(md));
  g.edgeTypes.push_back(std::move(ma));
  g.edgeTypes.push_back(std::move(dm));
  g.edgeTypes.push_back(std::move(am));
  return g;
}

GraphDataset generateRandomGraph(const RandomGraphOptions &o) {
  int64_t n = std::max<int64_t>(o.numNodes, 2);
  int64_t e = static_cast<int64_t>(std::llround(n * std::max(0.0, o.avgDegree)));
  uint64_t stream = streamId(StreamPurpose::kGenerator, 4);
  Rng rng(o.seed, stream);
  std::vector<int64_t> src(e), dst(e);
  for (int64_t k = 0; k < e; ++k) {
    src[k] = rng.below(n);
    int64_t d = rng.below(n - 1);
    dst[k] = d >= src[k] ? d + 1 : d;
  }
  int64_t f = std::max<int64_t>(o.numFeatures, 0);
  std::vector<float> x(n * f);
  for (int64_t k = 0; k < n * f; ++k)
    x[k] = randomUniform01(o.seed, stream + 1, k);
  std::vector<int64_t> y(n);
  int64_t c = std::max<int64_t>(o.numClasses, 1);
  for (int64_t k = 0; k < n; ++k)
    y[k] = rng.below(c);
  GraphDataset ds = makeSingleGraph(absl::StrCat("random-", n), n,
                                    std::move(src), std::move(dst),
                                    Tensor::fromF32({n, f}, std::move(x)));
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = c;
  ds.y = Tensor::fromI64({n}, std::move(y));
  return ds;
}

} // namespace gnnrt::data
