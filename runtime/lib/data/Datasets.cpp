//===- Datasets.cpp - Datasets by name: generators and real folders -------===//
#include "gnnrt/data/Datasets.h"

#include <charconv>

#include "TextFile.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gnnrt/data/Generators.h"
#include "gnnrt/data/Readers.h"

namespace gnnrt::data {

const char *datasetSpecHelp() {
  return "  synthetic-cora[:N]        citation-like SBM graph (default 2708 "
         "nodes)\n"
         "  synthetic-molecules[:G]   G molecule-like graphs (default 1000)\n"
         "  synthetic-hetero          IMDB-like heterogeneous graph\n"
         "  random:N[:DEG]            uniform random graph, N nodes, DEG "
         "edges per node (default 10)\n"
         "  cora citeseer pubmed      Planetoid text in DIR/<name>/planetoid\n"
         "  cora-linqs                LINQS Cora in DIR/cora/linqs\n"
         "  mutag qm9                 TUDataset text in DIR/mutag, "
         "DIR/qm9_subset\n"
         "  imdb                      IMDB heterogeneous text in DIR/imdb\n"
         "  planetoid:PATH[:NAME] linqs:PATH tu:PATH[:PREFIX] imdb:PATH "
         "csv:PATH\n"
         "  (DIR: --dataset-dir, default $GNNC_DATASETS)\n";
}

namespace {

bool parseCount(absl::string_view s, int64_t &out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out > 0;
}

bool parseDouble(absl::string_view s, double &out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out >= 0;
}

absl::Status badSpec(const std::string &spec, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "dataset '", spec, "': ", why, "; known datasets:\n",
      datasetSpecHelp()));
}

} // namespace

absl::StatusOr<LoadedDataset> loadDataset(const std::string &spec,
                                          const std::string &datasetDir,
                                          uint64_t seed) {
  std::vector<std::string> parts = absl::StrSplit(spec, ':');
  const std::string &name = parts[0];
  LoadedDataset out;
  auto wrap = [&](absl::StatusOr<GraphDataset> ds)
      -> absl::StatusOr<LoadedDataset> {
    if (!ds.ok())
      return ds.status();
    out.graphs = *std::move(ds);
    return std::move(out);
  };
  auto wrapHetero = [&](absl::StatusOr<HeteroGraph> g)
      -> absl::StatusOr<LoadedDataset> {
    if (!g.ok())
      return g.status();
    out.hetero = true;
    out.heteroGraph = *std::move(g);
    return std::move(out);
  };

  // Generators.
  if (name == "synthetic-cora") {
    CitationOptions o;
    o.seed = seed;
    if (parts.size() > 2 ||
        (parts.size() == 2 && !parseCount(parts[1], o.numNodes)))
      return badSpec(spec, "expected synthetic-cora[:NODES]");
    if (o.numNodes > 10'000'000)
      return badSpec(spec, "synthetic-cora takes at most 10M nodes (its "
                           "features are dense); use random:N for larger");
    if (parts.size() == 2)
      o.numUndirectedEdges = o.numNodes * 5278 / 2708;
    return wrap(generateCitation(o));
  }
  if (name == "synthetic-molecules") {
    MoleculeOptions o;
    o.seed = seed;
    if (parts.size() > 2 ||
        (parts.size() == 2 && !parseCount(parts[1], o.numGraphs)))
      return badSpec(spec, "expected synthetic-molecules[:GRAPHS]");
    if (o.numGraphs > 50'000'000)
      return badSpec(spec, "at most 50M molecules");
    return wrap(generateMolecules(o));
  }
  if (name == "synthetic-hetero") {
    if (parts.size() != 1)
      return badSpec(spec, "synthetic-hetero takes no arguments");
    HeteroOptions o;
    o.seed = seed;
    return wrapHetero(generateHetero(o));
  }
  if (name == "random") {
    RandomGraphOptions o;
    o.seed = seed;
    if (parts.size() < 2 || parts.size() > 3 ||
        !parseCount(parts[1], o.numNodes) ||
        (parts.size() == 3 && !parseDouble(parts[2], o.avgDegree)))
      return badSpec(spec, "expected random:NODES[:EDGES_PER_NODE]");
    if (o.numNodes > (int64_t{1} << 31) ||
        o.numNodes * o.avgDegree > 4e9)
      return badSpec(spec, "at most 2^31 nodes and 4e9 edges");
    return wrap(generateRandomGraph(o));
  }

  // Folders given explicitly.
  auto arg = [&](size_t i) { return i < parts.size() ? parts[i] : ""; };
  if (name == "planetoid" || name == "linqs" || name == "tu" ||
      name == "imdb" || name == "csv") {
    if (parts.size() >= 2) {
      const std::string path = parts[1];
      if (path.empty())
        return badSpec(spec, "the folder path is empty");
      if (name == "planetoid" && parts.size() <= 3)
        return wrap(readPlanetoid(path, arg(2)));
      if (name == "linqs" && parts.size() == 2)
        return wrap(readLinqsCora(path));
      if (name == "tu" && parts.size() <= 3)
        return wrap(readTUDataset(path, arg(2)));
      if (name == "imdb" && parts.size() == 2)
        return wrapHetero(readImdb(path));
      if (name == "csv" && parts.size() == 2)
        return wrap(readCsvGraph(path));
      return badSpec(spec, "too many ':' fields");
    }
    if (name != "imdb")
      return badSpec(spec, absl::StrCat("expected ", name, ":PATH"));
  }

  // Real datasets by name.
  struct Known {
    const char *name, *folder;
  };
  static const Known known[] = {
      {"cora", "cora/planetoid"},     {"citeseer", "citeseer/planetoid"},
      {"pubmed", "pubmed/planetoid"}, {"cora-linqs", "cora/linqs"},
      {"mutag", "mutag"},             {"qm9", "qm9_subset"},
      {"imdb", "imdb"}};
  for (const Known &k : known) {
    if (name != k.name)
      continue;
    if (parts.size() != 1)
      return badSpec(spec, absl::StrCat("'", name, "' takes no arguments"));
    if (datasetDir.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "dataset '", name, "' is read from DIR/", k.folder,
          "; fix: pass --dataset-dir DIR (the folder holding mutag/, cora/, "
          "...; shared/datasets beside the checkout) or set GNNC_DATASETS"));
    std::string dir = joinPath(datasetDir, k.folder);
    if (name == "cora" || name == "citeseer" || name == "pubmed")
      return wrap(readPlanetoid(dir, name));
    if (name == "cora-linqs")
      return wrap(readLinqsCora(dir));
    if (name == "imdb")
      return wrapHetero(readImdb(dir));
    return wrap(readTUDataset(dir));
  }
  return badSpec(spec, "unknown name");
}

} // namespace gnnrt::data
