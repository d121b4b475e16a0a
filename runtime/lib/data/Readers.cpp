//===- Readers.cpp - Dataset readers for the text formats ------------------===//
#include "gnnrt/data/Readers.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "Internal.h"
#include "TextFile.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

namespace {

#define RETURN_IF_ERROR(expr)                                                  \
  do {                                                                         \
    if (absl::Status _s = (expr); !_s.ok())                                    \
      return _s;                                                               \
  } while (0)

/// Files in `dir` whose names end with `suffix`, sorted.
std::vector<std::string> filesWithSuffix(const std::string &dir,
                                         absl::string_view suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, suffix))
      out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::Status checkDir(const std::string &dir, absl::string_view what) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return absl::NotFoundError(absl::StrCat(
        dir, ": not a directory; fix: pass the folder that holds the ", what,
        " files"));
  return absl::OkStatus();
}

/// A header line of exactly `n` non-negative integers.
absl::Status readHeader(const TextFile &f, int64_t n, std::vector<int64_t> &out,
                        absl::string_view header) {
  if (f.numLines() == 0)
    return f.fileError("the file is empty",
                       absl::StrCat("the first line must be the header '",
                                    header, "'"));
  std::vector<absl::string_view> fields;
  RETURN_IF_ERROR(f.fields(0, Separator::kWhitespace, -1, fields));
  if (static_cast<int64_t>(fields.size()) != n)
    return f.error(0,
                   absl::StrFormat("header has %d fields, expected %d",
                                   fields.size(), n),
                   absl::StrCat("the first line must be '", header, "'"));
  out.resize(n);
  for (int64_t k = 0; k < n; ++k) {
    RETURN_IF_ERROR(f.parseInt(0, fields[k], out[k]));
    if (out[k] < 0)
      return f.error(0, "negative count in header",
                     absl::StrCat("the first line must be '", header, "'"));
  }
  return absl::OkStatus();
}

/// The number of data lines after the header must equal `count`.
absl::Status checkCount(const TextFile &f, int64_t count,
                        absl::string_view header) {
  int64_t have = f.numLines() - 1;
  if (have != count)
    return f.fileError(
        absl::StrFormat("the header announces %d data lines but the file has "
                        "%d",
                        count, have),
        absl::StrCat("make the header '", header,
                     "' agree with the data lines (truncated file?)"));
  return absl::OkStatus();
}

/// Sparse COO features "N F nnz" + "node feature value" lines.
absl::StatusOr<Tensor> readCooFeatures(const std::string &path,
                                       int64_t expectNodes) {
  absl::StatusOr<TextFile> f =
      TextFile::open(path, "'node feature value' (0-based ids)");
  if (!f.ok())
    return f.status();
  std::vector<int64_t> h;
  RETURN_IF_ERROR(readHeader(*f, 3, h, "num_nodes num_features nnz"));
  RETURN_IF_ERROR(checkCount(*f, h[2], "num_nodes num_features nnz"));
  if (expectNodes >= 0 && h[0] != expectNodes)
    return f->error(0,
                    absl::StrFormat("header has %d nodes, but the graph has %d",
                                    h[0], expectNodes),
                    "use the features file of the same dataset");
  // Dense storage: refuse absurd headers before allocating.
  constexpr int64_t kMaxDenseElements = int64_t{1} << 32;
  if (h[1] > 0 && h[0] > kMaxDenseElements / h[1])
    return f->error(0,
                    absl::StrFormat("%d nodes x %d features would need more "
                                    "than 2^32 dense values",
                                    h[0], h[1]),
                    "check the header; the first line must be 'num_nodes "
                    "num_features nnz'");
  Tensor x(DType::kF32, {h[0], h[1]});
  absl::Span<float> v = x.data<float>();
  std::vector<absl::string_view> fields;
  for (int64_t i = 1; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->fields(i, Separator::kWhitespace, 3, fields));
    int64_t node, feat;
    double value;
    RETURN_IF_ERROR(f->parseInt(i, fields[0], node));
    RETURN_IF_ERROR(f->parseInt(i, fields[1], feat));
    RETURN_IF_ERROR(f->parseFloat(i, fields[2], value));
    if (node < 0 || node >= h[0])
      return f->error(i, absl::StrFormat("node %d is outside [0, %d)", node,
                                         h[0]));
    if (feat < 0 || feat >= h[1])
      return f->error(i, absl::StrFormat("feature %d is outside [0, %d)", feat,
                                         h[1]));
    v[node * h[1] + feat] = static_cast<float>(value);
  }
  return x;
}

/// "N C" + one class id per line.
absl::Status readLabels(const std::string &path, int64_t &numNodes,
                        int64_t &numClasses, Tensor &y) {
  absl::StatusOr<TextFile> f =
      TextFile::open(path, "one class id in [0, num_classes)");
  if (!f.ok())
    return f.status();
  std::vector<int64_t> h;
  RETURN_IF_ERROR(readHeader(*f, 2, h, "num_nodes num_classes"));
  RETURN_IF_ERROR(checkCount(*f, h[0], "num_nodes num_classes"));
  if (h[1] < 1)
    return f->error(0, "the header announces no classes",
                    "the second header field is the class count (>= 1)");
  numNodes = h[0];
  numClasses = h[1];
  std::vector<int64_t> labels(h[0]);
  std::vector<int64_t> row;
  for (int64_t i = 1; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->ints(i, Separator::kWhitespace, 1, row));
    if (row[0] < 0 || row[0] >= h[1])
      return f->error(i, absl::StrFormat("class %d is outside [0, %d)", row[0],
                                         h[1]));
    labels[i - 1] = row[0];
  }
  y = Tensor::fromI64({h[0]}, std::move(labels));
  return absl::OkStatus();
}

/// "count" + one index per line, each in [0, bound), no repeats.
absl::Status readIndexFile(const std::string &path, int64_t bound,
                           std::vector<int64_t> &out) {
  absl::StatusOr<TextFile> f =
      TextFile::open(path, "one node index per line (0-based)");
  if (!f.ok())
    return f.status();
  std::vector<int64_t> h;
  RETURN_IF_ERROR(readHeader(*f, 1, h, "count"));
  RETURN_IF_ERROR(checkCount(*f, h[0], "count"));
  std::vector<uint8_t> seen(bound, 0);
  std::vector<int64_t> row;
  out.clear();
  for (int64_t i = 1; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->ints(i, Separator::kWhitespace, 1, row));
    if (row[0] < 0 || row[0] >= bound)
      return f->error(i, absl::StrFormat("index %d is outside [0, %d)", row[0],
                                         bound));
    if (seen[row[0]])
      return f->error(i, absl::StrFormat("index %d appears twice", row[0]),
                      "list every index once");
    seen[row[0]] = 1;
    out.push_back(row[0]);
  }
  return absl::OkStatus();
}

/// "header" + "src dst" lines; the header holds the node count(s) and the
/// edge count last. srcBound / dstBound bound the endpoints.
absl::Status readEdgeFile(const std::string &path, int64_t headerFields,
                          absl::string_view header,
                          std::vector<int64_t> &headerOut,
                          std::vector<int64_t> &src, std::vector<int64_t> &dst) {
  absl::StatusOr<TextFile> f = TextFile::open(path, "'src dst' (0-based)");
  if (!f.ok())
    return f.status();
  RETURN_IF_ERROR(readHeader(*f, headerFields, headerOut, header));
  int64_t count = headerOut.back();
  RETURN_IF_ERROR(checkCount(*f, count, header));
  int64_t srcBound = headerOut[0];
  int64_t dstBound = headerFields == 3 ? headerOut[1] : headerOut[0];
  src.resize(count);
  dst.resize(count);
  std::vector<int64_t> row;
  for (int64_t i = 1; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->ints(i, Separator::kWhitespace, 2, row));
    if (row[0] < 0 || row[0] >= srcBound)
      return f->error(i, absl::StrFormat("source node %d is outside [0, %d)",
                                         row[0], srcBound));
    if (row[1] < 0 || row[1] >= dstBound)
      return f->error(i, absl::StrFormat("target node %d is outside [0, %d)",
                                         row[1], dstBound));
    src[i - 1] = row[0];
    dst[i - 1] = row[1];
  }
  return absl::OkStatus();
}

} // namespace

//===----------------------------------------------------------------------===//
// Planetoid
//===----------------------------------------------------------------------===//

absl::StatusOr<GraphDataset> readPlanetoid(const std::string &dir,
                                           std::string name) {
  RETURN_IF_ERROR(checkDir(dir, "Planetoid (NAME.labels.txt, NAME.edges.txt)"));
  if (name.empty()) {
    std::vector<std::string> labels = filesWithSuffix(dir, ".labels.txt");
    if (labels.size() != 1)
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: found %d *.labels.txt files, expected one; fix: name the "
          "dataset (planetoid:DIR:NAME) or point at a Planetoid folder",
          dir, labels.size()));
    name = labels[0].substr(0, labels[0].size() - strlen(".labels.txt"));
  }
  GraphDataset ds;
  ds.name = name;
  ds.labelKind = LabelKind::kClass;
  ds.labelLevel = LabelLevel::kNode;
  int64_t numNodes = 0;
  RETURN_IF_ERROR(readLabels(joinPath(dir, name + ".labels.txt"), numNodes,
                             ds.numClasses, ds.y));
  std::vector<int64_t> header;
  RETURN_IF_ERROR(readEdgeFile(joinPath(dir, name + ".edges.txt"), 2,
                               "num_nodes num_edges", header, ds.src, ds.dst));
  if (header[0] != numNodes)
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:1: the edge file announces %d nodes but the labels file has %d; "
        "fix: use files of the same dataset",
        joinPath(dir, name + ".edges.txt"), header[0], numNodes));
  std::string featPath = joinPath(dir, name + ".features.txt");
  if (fileExists(featPath)) {
    absl::StatusOr<Tensor> x = readCooFeatures(featPath, numNodes);
    if (!x.ok())
      return x.status();
    ds.x = *std::move(x);
  } else {
    ds.x = Tensor(DType::kF32, {numNodes, 0});
  }
  ds.nodePtr = {0, numNodes};
  ds.edgePtr = {0, static_cast<int64_t>(ds.src.size())};
  ds.edgeAttr = Tensor(DType::kF32, {ds.numEdges(), 0});
  for (auto [split, ids] :
       {std::pair<const char *, std::vector<int64_t> *>{"train", &ds.trainIdx},
        {"val", &ds.valIdx},
        {"test", &ds.testIdx}}) {
    std::string path = joinPath(dir, absl::StrCat(name, ".", split, "_idx.txt"));
    if (fileExists(path))
      RETURN_IF_ERROR(readIndexFile(path, numNodes, *ids));
  }
  RETURN_IF_ERROR(validate(ds));
  return ds;
}

//===----------------------------------------------------------------------===//
// LINQS Cora
//===----------------------------------------------------------------------===//

absl::StatusOr<GraphDataset> readLinqsCora(const std::string &dir) {
  RETURN_IF_ERROR(checkDir(dir, "LINQS (cora.content, cora.cites)"));
  absl::StatusOr<TextFile> content =
      TextFile::open(joinPath(dir, "cora.content"),
                     "'paper_id <0/1 word values> class_name', tab-separated");
  if (!content.ok())
    return content.status();
  int64_t n = content->numLines();
  if (n == 0)
    return content->fileError("the file is empty", "one line per paper");
  std::vector<absl::string_view> fields;
  RETURN_IF_ERROR(content->fields(0, Separator::kTab, -1, fields));
  int64_t numFields = static_cast<int64_t>(fields.size());
  if (numFields < 3)
    return content->error(0, "fewer than 3 tab-separated fields");
  int64_t numFeatures = numFields - 2;
  absl::flat_hash_map<std::string, int64_t> paperIndex;
  std::vector<std::string> classNames(n);
  Tensor x(DType::kF32, {n, numFeatures});
  absl::Span<float> xv = x.data<float>();
  for (int64_t i = 0; i < n; ++i) {
    RETURN_IF_ERROR(content->fields(i, Separator::kTab, numFields, fields));
    std::string id(fields[0]);
    if (id.empty())
      return content->error(i, "empty paper id");
    if (!paperIndex.emplace(id, i).second)
      return content->error(i, absl::StrCat("paper id ", id, " appears twice"),
                            "list every paper once");
    for (int64_t k = 0; k < numFeatures; ++k) {
      double value;
      RETURN_IF_ERROR(content->parseFloat(i, fields[1 + k], value));
      xv[i * numFeatures + k] = static_cast<float>(value);
    }
    classNames[i] = std::string(fields[numFields - 1]);
    if (classNames[i].empty())
      return content->error(i, "empty class name");
  }
  std::vector<std::string> sorted = classNames;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<int64_t> labels(n);
  for (int64_t i = 0; i < n; ++i)
    labels[i] = std::lower_bound(sorted.begin(), sorted.end(), classNames[i]) -
                sorted.begin();

  absl::StatusOr<TextFile> cites =
      TextFile::open(joinPath(dir, "cora.cites"), "'cited_id citing_id'");
  if (!cites.ok())
    return cites.status();
  std::vector<int64_t> src, dst;
  for (int64_t i = 0; i < cites->numLines(); ++i) {
    RETURN_IF_ERROR(cites->fields(i, Separator::kWhitespace, 2, fields));
    auto a = paperIndex.find(std::string(fields[0]));
    auto b = paperIndex.find(std::string(fields[1]));
    if (a == paperIndex.end() || b == paperIndex.end())
      return cites->error(
          i,
          absl::StrCat("paper id ",
                       a == paperIndex.end() ? fields[0] : fields[1],
                       " is not in cora.content"),
          "cite only papers listed in cora.content");
    if (a->second == b->second)
      continue; // self-citation: dropped, as PyG removes self loops
    src.push_back(b->second);
    dst.push_back(a->second);
    src.push_back(a->second);
    dst.push_back(b->second);
  }
  GraphDataset ds = makeSingleGraph("cora-linqs", n, std::move(src),
                                    std::move(dst), std::move(x));
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = static_cast<int64_t>(sorted.size());
  ds.y = Tensor::fromI64({n}, std::move(labels));
  internal::sortEdgesPerGraph(ds, /*dedupe=*/true);
  RETURN_IF_ERROR(validate(ds));
  return ds;
}

//===----------------------------------------------------------------------===//
// TUDataset
//===----------------------------------------------------------------------===//

namespace {

/// One integer per line; `count` lines expected (-1: any).
absl::Status readIntColumn(const std::string &path, absl::string_view format,
                           int64_t count, absl::string_view countSource,
                           std::vector<int64_t> &out) {
  absl::StatusOr<TextFile> f = TextFile::open(path, std::string(format));
  if (!f.ok())
    return f.status();
  if (count >= 0 && f->numLines() != count)
    return f->fileError(
        absl::StrFormat("%d lines, but %s gives %d", f->numLines(),
                        countSource, count),
        "every line of this file describes one item; keep the files of one "
        "dataset together");
  out.resize(f->numLines());
  std::vector<int64_t> row;
  for (int64_t i = 0; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->ints(i, Separator::kComma, 1, row));
    out[i] = row[0];
  }
  return absl::OkStatus();
}

/// Rows of comma-separated floats, `count` lines, all of the same width.
absl::StatusOr<Tensor> readFloatRows(const std::string &path, int64_t count,
                                     absl::string_view countSource) {
  absl::StatusOr<TextFile> f =
      TextFile::open(path, "comma-separated finite numbers");
  if (!f.ok())
    return f.status();
  if (f->numLines() != count)
    return f->fileError(absl::StrFormat("%d lines, but %s gives %d",
                                        f->numLines(), countSource, count),
                        "one line per item");
  std::vector<double> row;
  int64_t width = -1;
  std::vector<float> values;
  for (int64_t i = 0; i < f->numLines(); ++i) {
    RETURN_IF_ERROR(f->floats(i, Separator::kComma, width, row));
    if (width < 0) {
      width = static_cast<int64_t>(row.size());
      values.reserve(count * width);
    }
    for (double v : row)
      values.push_back(static_cast<float>(v));
  }
  if (width < 0)
    width = 0;
  return Tensor::fromF32({count, width}, std::move(values));
}

/// Shifts labels so the smallest is 0 and returns max + 1 (PyG's one-hot).
int64_t rebaseLabels(std::vector<int64_t> &labels) {
  if (labels.empty())
    return 0;
  auto [lo, hi] = std::minmax_element(labels.begin(), labels.end());
  int64_t low = *lo, high = *hi;
  for (int64_t &l : labels)
    l -= low;
  return high - low + 1;
}

} // namespace

absl::StatusOr<GraphDataset> readTUDataset(const std::string &dir,
                                           std::string prefix,
                                           TUNodeFeatures features) {
  RETURN_IF_ERROR(checkDir(dir, "TUDataset (DS_A.txt, DS_graph_indicator.txt)"));
  if (prefix.empty()) {
    std::vector<std::string> a = filesWithSuffix(dir, "_A.txt");
    if (a.size() != 1)
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: found %d *_A.txt files, expected one; fix: name the dataset "
          "prefix (tu:DIR:PREFIX)",
          dir, a.size()));
    prefix = a[0].substr(0, a[0].size() - strlen("_A.txt"));
  }
  auto path = [&](absl::string_view suffix) {
    return joinPath(dir, absl::StrCat(prefix, "_", suffix, ".txt"));
  };

  // Graph indicator: n lines, graph ids 1..G, nondecreasing.
  std::vector<int64_t> indicator;
  RETURN_IF_ERROR(readIntColumn(path("graph_indicator"),
                                "the 1-based graph id of node i", -1, "",
                                indicator));
  int64_t n = static_cast<int64_t>(indicator.size());
  {
    absl::StatusOr<TextFile> f =
        TextFile::open(path("graph_indicator"), "one 1-based graph id");
    if (!f.ok())
      return f.status();
    for (int64_t i = 0; i < n; ++i) {
      if (indicator[i] < 1)
        return f->error(i, absl::StrFormat("graph id %d is below 1",
                                           indicator[i]));
      if (indicator[i] > n)
        return f->error(i,
                        absl::StrFormat("graph id %d exceeds the %d nodes: "
                                        "ids must run 1..G, graph by graph",
                                        indicator[i], n),
                        "number graphs consecutively from 1");
      if (i > 0 && indicator[i] < indicator[i - 1])
        return f->error(i,
                        absl::StrFormat("graph id %d after %d: the nodes of "
                                        "a graph must be consecutive",
                                        indicator[i], indicator[i - 1]),
                        "number nodes graph by graph (graph ids never "
                        "decrease)");
    }
  }
  int64_t numGraphs = n ? indicator.back() : 0;

  std::vector<int64_t> graphLabels;
  std::string graphLabelPath = path("graph_labels");
  bool hasGraphLabels = fileExists(graphLabelPath);
  if (hasGraphLabels) {
    RETURN_IF_ERROR(readIntColumn(graphLabelPath, "one graph label", -1, "",
                                  graphLabels));
    if (static_cast<int64_t>(graphLabels.size()) < numGraphs)
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: %d lines, but %s names graph %d; fix: give one label per "
          "graph",
          graphLabelPath, graphLabels.size(), path("graph_indicator"),
          numGraphs));
    numGraphs = static_cast<int64_t>(graphLabels.size());
  }

  GraphDataset ds;
  ds.name = prefix;
  ds.labelLevel = LabelLevel::kGraph;
  ds.nodePtr.assign(numGraphs + 1, 0);
  for (int64_t i = 0; i < n; ++i)
    ds.nodePtr[indicator[i]]++;
  for (int64_t g = 0; g < numGraphs; ++g)
    ds.nodePtr[g + 1] += ds.nodePtr[g];

  // Edges: "src, dst" with global 1-based ids, within one graph.
  absl::StatusOr<TextFile> a =
      TextFile::open(path("A"), "'src, dst' (1-based global node ids)");
  if (!a.ok())
    return a.status();
  int64_t m = a->numLines();
  std::vector<int64_t> gsrc(m), gdst(m), edgeGraph(m);
  std::vector<int64_t> row;
  for (int64_t i = 0; i < m; ++i) {
    RETURN_IF_ERROR(a->ints(i, Separator::kComma, 2, row));
    for (int64_t k = 0; k < 2; ++k)
      if (row[k] < 1 || row[k] > n)
        return a->error(i, absl::StrFormat("node id %d is outside [1, %d] "
                                           "(the nodes of %s)",
                                           row[k], n, path("graph_indicator")));
    int64_t gs = indicator[row[0] - 1], gd = indicator[row[1] - 1];
    if (gs != gd)
      return a->error(i,
                      absl::StrFormat("edge %d -> %d joins graph %d to graph "
                                      "%d",
                                      row[0], row[1], gs, gd),
                      "an edge must stay inside one graph");
    edgeGraph[i] = gs - 1;
    gsrc[i] = row[0] - 1 - ds.nodePtr[gs - 1];
    gdst[i] = row[1] - 1 - ds.nodePtr[gs - 1];
  }
  // Group edges by graph (stable), then sort within each graph.
  std::vector<int64_t> order(m);
  for (int64_t i = 0; i < m; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
    return edgeGraph[x] < edgeGraph[y];
  });
  ds.edgePtr.assign(numGraphs + 1, 0);
  for (int64_t i = 0; i < m; ++i)
    ds.edgePtr[edgeGraph[i] + 1]++;
  for (int64_t g = 0; g < numGraphs; ++g)
    ds.edgePtr[g + 1] += ds.edgePtr[g];
  ds.src.resize(m);
  ds.dst.resize(m);
  for (int64_t i = 0; i < m; ++i) {
    ds.src[i] = gsrc[order[i]];
    ds.dst[i] = gdst[order[i]];
  }

  // Edge features: attributes, then one-hot labels (in file order, then
  // permuted like the edges).
  Tensor edgeAttr(DType::kF32, {m, 0});
  if (fileExists(path("edge_attributes"))) {
    absl::StatusOr<Tensor> attrs =
        readFloatRows(path("edge_attributes"), m, path("A"));
    if (!attrs.ok())
      return attrs.status();
    edgeAttr = *std::move(attrs);
  }
  if (fileExists(path("edge_labels"))) {
    std::vector<int64_t> labels;
    RETURN_IF_ERROR(readIntColumn(path("edge_labels"), "one edge label", m,
                                  path("A"), labels));
    int64_t classes = rebaseLabels(labels);
    edgeAttr = internal::concatColumns(edgeAttr,
                                       internal::oneHot(labels, classes));
  }
  ds.edgeAttr = internal::gatherRows(edgeAttr, order);

  // Node features.
  bool hasAttrs = fileExists(path("node_attributes"));
  bool hasLabels = fileExists(path("node_labels"));
  bool wantAttrs = features == TUNodeFeatures::kAttributes ||
                   features == TUNodeFeatures::kBoth ||
                   (features == TUNodeFeatures::kAuto && hasAttrs);
  bool wantLabels = features == TUNodeFeatures::kLabelsOneHot ||
                    features == TUNodeFeatures::kBoth ||
                    (features == TUNodeFeatures::kAuto && !hasAttrs);
  Tensor x(DType::kF32, {n, 0});
  if (wantAttrs) {
    if (!hasAttrs && features != TUNodeFeatures::kBoth)
      return absl::NotFoundError(absl::StrCat(
          path("node_attributes"),
          ": cannot open file; fix: pick node labels as features instead"));
    if (hasAttrs) {
      absl::StatusOr<Tensor> attrs =
          readFloatRows(path("node_attributes"), n, path("graph_indicator"));
      if (!attrs.ok())
        return attrs.status();
      x = *std::move(attrs);
    }
  }
  if (wantLabels && hasLabels) {
    std::vector<int64_t> labels;
    RETURN_IF_ERROR(readIntColumn(path("node_labels"), "one node label", n,
                                  path("graph_indicator"), labels));
    int64_t classes = rebaseLabels(labels);
    x = internal::concatColumns(x, internal::oneHot(labels, classes));
  } else if (wantLabels && features == TUNodeFeatures::kLabelsOneHot) {
    return absl::NotFoundError(absl::StrCat(
        path("node_labels"),
        ": cannot open file; fix: pick node attributes as features instead"));
  }
  ds.x = std::move(x);

  // Graph labels (classes) or graph attributes (regression targets).
  if (hasGraphLabels) {
    std::vector<int64_t> values = graphLabels;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (int64_t &l : graphLabels)
      l = std::lower_bound(values.begin(), values.end(), l) - values.begin();
    ds.labelKind = LabelKind::kClass;
    ds.numClasses = static_cast<int64_t>(values.size());
    ds.y = Tensor::fromI64({numGraphs}, std::move(graphLabels));
  } else if (fileExists(path("graph_attributes"))) {
    absl::StatusOr<Tensor> attrs = readFloatRows(
        path("graph_attributes"), numGraphs, path("graph_indicator"));
    if (!attrs.ok())
      return attrs.status();
    ds.labelKind = LabelKind::kRegression;
    ds.y = *std::move(attrs);
  }
  internal::sortEdgesPerGraph(ds, /*dedupe=*/false);
  RETURN_IF_ERROR(validate(ds));
  return ds;
}

//===----------------------------------------------------------------------===//
// IMDB
//===----------------------------------------------------------------------===//

absl::StatusOr<HeteroGraph> readImdb(const std::string &dir) {
  RETURN_IF_ERROR(checkDir(dir, "IMDB (imdb.*.features.txt, imdb.*.edges.txt)"));
  HeteroGraph g;
  g.name = "imdb";
  for (const char *type : {"movie", "director", "actor"}) {
    NodeType t;
    t.name = type;
    absl::StatusOr<Tensor> x = readCooFeatures(
        joinPath(dir, absl::StrCat("imdb.", type, ".features.txt")), -1);
    if (!x.ok())
      return x.status();
    t.numNodes = x->dim(0);
    t.x = *std::move(x);
    g.nodeTypes.push_back(std::move(t));
  }
  NodeType &movie = g.nodeTypes[0];
  int64_t labelled = 0;
  RETURN_IF_ERROR(readLabels(joinPath(dir, "imdb.movie.labels.txt"), labelled,
                             movie.numClasses, movie.y));
  if (labelled != movie.numNodes)
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:1: %d labels for %d movies; fix: use files of the same dataset",
        joinPath(dir, "imdb.movie.labels.txt"), labelled, movie.numNodes));
  movie.labelKind = LabelKind::kClass;
  for (auto [split, ids] :
       {std::pair<const char *, std::vector<int64_t> *>{"train",
                                                        &movie.trainIdx},
        {"val", &movie.valIdx},
        {"test", &movie.testIdx}})
    RETURN_IF_ERROR(readIndexFile(
        joinPath(dir, absl::StrCat("imdb.movie.", split, "_idx.txt")),
        movie.numNodes, *ids));
  for (auto [s, d] : {std::pair<const char *, const char *>{"movie", "director"},
                      {"movie", "actor"},
                      {"director", "movie"},
                      {"actor", "movie"}}) {
    EdgeType e;
    e.src = s;
    e.rel = "to";
    e.dst = d;
    std::string file = joinPath(dir, absl::StrCat("imdb.", s, "__", d,
                                                  ".edges.txt"));
    std::vector<int64_t> header;
    RETURN_IF_ERROR(readEdgeFile(file, 3, "num_src num_dst num_edges", header,
                                 e.srcIdx, e.dstIdx));
    int64_t ns = g.nodeTypes[g.nodeTypeIndex(s)].numNodes;
    int64_t nd = g.nodeTypes[g.nodeTypeIndex(d)].numNodes;
    if (header[0] != ns || header[1] != nd)
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s:1: header says %d %s and %d %s nodes, the feature files %d and "
          "%d; fix: use files of the same dataset",
          file, header[0], s, header[1], d, ns, nd));
    g.edgeTypes.push_back(std::move(e));
  }
  RETURN_IF_ERROR(validate(g));
  return g;
}

//===----------------------------------------------------------------------===//
// Generic CSV
//===----------------------------------------------------------------------===//

absl::StatusOr<GraphDataset> readCsvGraph(const std::string &dir) {
  RETURN_IF_ERROR(checkDir(dir, "CSV graph (edges.csv, features.csv)"));
  int64_t numNodes = -1;
  Tensor x;
  std::string featPath = joinPath(dir, "features.csv");
  if (fileExists(featPath)) {
    absl::StatusOr<TextFile> f =
        TextFile::open(featPath, "the comma-separated features of one node");
    if (!f.ok())
      return f.status();
    numNodes = f->numLines();
    absl::StatusOr<Tensor> rows = readFloatRows(featPath, numNodes, featPath);
    if (!rows.ok())
      return rows.status();
    x = *std::move(rows);
  }
  absl::StatusOr<TextFile> e =
      TextFile::open(joinPath(dir, "edges.csv"), "'src,dst' (0-based ids)");
  if (!e.ok())
    return e.status();
  std::vector<int64_t> src, dst, row;
  std::vector<absl::string_view> fields;
  int64_t maxId = -1;
  for (int64_t i = 0; i < e->numLines(); ++i) {
    absl::string_view line = e->line(i);
    if (absl::StartsWith(line, "#"))
      continue;
    RETURN_IF_ERROR(e->fields(i, Separator::kComma, 2, fields));
    int64_t probe;
    if (i == 0 && !e->parseInt(i, fields[0], probe).ok())
      continue; // a header line such as "src,dst"
    RETURN_IF_ERROR(e->ints(i, Separator::kComma, 2, row));
    for (int64_t k = 0; k < 2; ++k) {
      if (row[k] < 0 || (numNodes >= 0 && row[k] >= numNodes))
        return e->error(
            i,
            numNodes >= 0
                ? absl::StrFormat("node %d is outside [0, %d) (the rows of "
                                  "features.csv)",
                                  row[k], numNodes)
                : absl::StrFormat("node id %d is negative", row[k]));
      maxId = std::max(maxId, row[k]);
    }
    src.push_back(row[0]);
    dst.push_back(row[1]);
  }
  if (numNodes < 0) {
    int64_t lines = e->numLines();
    if (maxId >= 16 * lines + 1024)
      return e->fileError(
          absl::StrFormat("the largest node id is %d for %d edges, so the "
                          "node count would be mostly isolated nodes",
                          maxId, lines),
          "renumber the nodes from 0, or give features.csv (its row count "
          "sets the node count)");
    numNodes = maxId + 1;
  }
  GraphDataset ds = makeSingleGraph("csv", numNodes, std::move(src),
                                    std::move(dst), std::move(x));
  std::string labelPath = joinPath(dir, "labels.csv");
  if (fileExists(labelPath)) {
    std::vector<int64_t> labels;
    RETURN_IF_ERROR(readIntColumn(labelPath, "one class id (>= 0) per node",
                                  numNodes, "the node count", labels));
    int64_t classes = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] < 0)
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s:%d: class %d is negative; fix: class ids start at 0",
            labelPath, i + 1, labels[i]));
      classes = std::max(classes, labels[i] + 1);
    }
    ds.labelKind = LabelKind::kClass;
    ds.numClasses = classes;
    ds.y = Tensor::fromI64({numNodes}, std::move(labels));
  }
  RETURN_IF_ERROR(validate(ds));
  return ds;
}

//===----------------------------------------------------------------------===//
// Id lists
//===----------------------------------------------------------------------===//

absl::StatusOr<std::vector<int64_t>> readIdList(const std::string &path,
                                                int64_t bound) {
  absl::StatusOr<TextFile> f =
      TextFile::open(path, "one id in [0, " + std::to_string(bound) + ")");
  if (!f.ok())
    return f.status();
  std::vector<int64_t> out, row;
  std::vector<uint8_t> seen(bound > 0 ? bound : 0, 0);
  for (int64_t i = 0; i < f->numLines(); ++i) {
    if (absl::StartsWith(f->line(i), "#"))
      continue;
    RETURN_IF_ERROR(f->ints(i, Separator::kWhitespace, 1, row));
    if (row[0] < 0 || row[0] >= bound)
      return f->error(i, absl::StrFormat("id %d is outside [0, %d)", row[0],
                                         bound));
    if (seen[row[0]]++)
      return f->error(i, absl::StrFormat("id %d appears twice", row[0]),
                      "list every id once");
    out.push_back(row[0]);
  }
  return out;
}

} // namespace gnnrt::data
