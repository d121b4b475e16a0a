//===- BatchBinding.cpp - Feed data-pipeline batches to a session ---------===//
#include "gnnrt/exec/BatchBinding.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gnnrt/Kernels.h"

namespace gnnrt::exec {
namespace {

Tensor edgeRow(const Tensor &edgeIndex, int64_t r) {
  int64_t e = edgeIndex.dim(1);
  std::vector<int64_t> v(static_cast<size_t>(e));
  auto d = edgeIndex.data<int64_t>();
  for (int64_t i = 0; i < e; ++i)
    v[i] = d[r * e + i];
  return Tensor::fromI64({e}, std::move(v));
}

/// `t` as the input declares it when that is lossless (gnnrt::conformTo);
/// otherwise unchanged, for setInput to report the mismatch.
Tensor conform(Tensor t, const StreamBinding &in) {
  if (absl::StatusOr<Tensor> c = conformTo(t, in.shape, in.dtype); c.ok())
    return *std::move(c);
  return t;
}

} // namespace

std::map<std::string, Tensor> graphInputs(const data::Batch &b) {
  return {{"src", edgeRow(b.edgeIndex, 0)},
          {"dst", edgeRow(b.edgeIndex, 1)},
          {"nodes_mask", b.nodesMask},
          {"edges_mask", b.edgesMask}};
}

bool sparseFeatures(const Tensor &x) {
  if (x.dtype() != DType::kF32 || x.rank() != 2 || x.numElements() == 0)
    return false;
  int64_t nonzeros = 0;
  for (float v : x.data<float>())
    nonzeros += v != 0.0f;
  return static_cast<double>(nonzeros) <=
         kFixedFeatureDensity * static_cast<double>(x.numElements());
}

std::map<std::string, Tensor> fullBatchInputs(const data::Batch &b) {
  std::map<std::string, Tensor> inputs = graphInputs(b);
  inputs.emplace("y", b.y);
  inputs.emplace("train_mask", b.trainMask);
  if (sparseFeatures(b.x))
    inputs.emplace("x", b.x);
  return inputs;
}

absl::Status bindBatch(Session &session, const std::string &program,
                       const data::Batch &b) {
  absl::StatusOr<std::vector<StreamBinding>> inputs = session.inputs(program);
  if (!inputs.ok())
    return inputs.status();
  for (const StreamBinding &in : *inputs) {
    if (in.role == "step")
      continue;
    const std::string &n = in.binding;
    Tensor t;
    if (n == "x")
      t = b.x;
    else if (n == "src" || n == "edge_index_src")
      t = edgeRow(b.edgeIndex, 0);
    else if (n == "dst" || n == "edge_index_dst")
      t = edgeRow(b.edgeIndex, 1);
    else if (n == "y")
      t = b.y;
    else if (n == "batch")
      t = b.batch;
    else if (n == "nodes_mask")
      t = b.nodesMask;
    else if (n == "edges_mask")
      t = b.edgesMask;
    else if (n == "graphs_mask")
      t = b.graphsMask;
    else if (n == "train_mask")
      t = b.trainMask;
    else if (n == "val_mask")
      t = b.valMask;
    else if (n == "test_mask")
      t = b.testMask;
    else if (n == "edge_attr" || n == "edge_weight")
      t = b.edgeAttr;
    else
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "' takes input '", n,
          "', which a data-pipeline batch does not provide (it provides x, "
          "src, dst, y, batch, nodes_mask, edges_mask, graphs_mask, "
          "train_mask, val_mask, test_mask, edge_attr)"));
    t = conform(std::move(t), in);
    if (absl::Status s = session.setInput(program, n, t); !s.ok())
      return absl::InvalidArgumentError(absl::StrCat(
          s.message(), " (the batch from the data pipeline: compile with "
                       "--num-nodes/--num-edges/--num-graphs matching it)"));
  }
  return absl::OkStatus();
}

//===----------------------------------------------------------------------===//
// Heterogeneous batches
//===----------------------------------------------------------------------===//

absl::Status bindHeteroBatch(Session &session, const std::string &program,
                             const data::HeteroGraph &g,
                             const data::HeteroBatch &b,
                             const HeteroMasks &masks) {
  if (b.nodes.size() != g.nodeTypes.size() ||
      b.edges.size() != g.edgeTypes.size())
    return absl::InvalidArgumentError(absl::StrCat(
        "a heterogeneous batch of ", b.nodes.size(), " node and ",
        b.edges.size(), " edge types does not belong to graph '", g.name,
        "' (", g.nodeTypes.size(), " and ", g.edgeTypes.size(), ")"));
  absl::StatusOr<std::vector<StreamBinding>> inputs = session.inputs(program);
  if (!inputs.ok())
    return inputs.status();
  const int64_t target = b.inputType;
  if (target < 0 || target >= static_cast<int64_t>(b.nodes.size()))
    return absl::InvalidArgumentError("a heterogeneous batch without an input "
                                      "node type");
  const data::HeteroBatch::Nodes &tn = b.nodes[target];
  // The seed mask: the first numSeeds rows of the input type.
  Tensor seedMask(DType::kBool, {tn.slots});
  std::fill(seedMask.data<uint8_t>().begin(),
            seedMask.data<uint8_t>().begin() +
                std::min<int64_t>(b.numSeeds, tn.slots),
            1);
  auto provided = [&] {
    std::vector<std::string> names;
    for (const data::NodeType &nt : g.nodeTypes)
      names.push_back("x_" + nt.name);
    for (const data::EdgeType &et : g.edgeTypes) {
      names.push_back(et.key() + "_src");
      names.push_back(et.key() + "_dst");
    }
    if (tn.y.rank() > 0)
      names.push_back(absl::StrCat("y (", g.nodeTypes[target].name, ")"));
    names.push_back(absl::StrCat("train_mask, val_mask, test_mask (",
                                 g.nodeTypes[target].name, ")"));
    names.push_back("nodes_mask_<type>, edges_mask_<src>__<rel>__<dst>, "
                    "graphs_mask");
    return absl::StrJoin(names, ", ");
  };
  for (const StreamBinding &in : *inputs) {
    if (in.role == "step")
      continue;
    const std::string &n = in.binding;
    Tensor t;
    // What the tensor is, for shape errors: a node type's rows or an edge
    // type's slots.
    std::string what;
    int64_t slots = -1;
    auto nodeType = [&](absl::string_view prefix, absl::string_view suffix)
        -> int64_t {
      for (size_t i = 0; i < g.nodeTypes.size(); ++i)
        if (n == absl::StrCat(prefix, g.nodeTypes[i].name, suffix))
          return static_cast<int64_t>(i);
      return -1;
    };
    auto edgeType = [&](absl::string_view prefix, absl::string_view suffix)
        -> int64_t {
      for (size_t i = 0; i < g.edgeTypes.size(); ++i)
        if (n == absl::StrCat(prefix, g.edgeTypes[i].key(), suffix))
          return static_cast<int64_t>(i);
      return -1;
    };
    auto useNodes = [&](int64_t i) {
      what = absl::StrCat("'", g.nodeTypes[i].name, "' nodes");
      slots = b.nodes[i].slots;
    };
    auto useEdges = [&](int64_t i) {
      what = absl::StrCat("'", g.edgeTypes[i].key(), "' edges");
      slots = b.edges[i].slots;
    };
    auto maskOr = [&](const Tensor &m) {
      return m.rank() > 0 ? m : seedMask;
    };
    int64_t i;
    if ((i = nodeType("x_", "")) >= 0) {
      t = b.nodes[i].x;
      useNodes(i);
    } else if ((i = edgeType("", "_src")) >= 0) {
      t = edgeRow(b.edges[i].edgeIndex, 0);
      useEdges(i);
    } else if ((i = edgeType("", "_dst")) >= 0) {
      t = edgeRow(b.edges[i].edgeIndex, 1);
      useEdges(i);
    } else if ((i = nodeType("nodes_mask_", "")) >= 0 ||
               (i = nodeType("", "_nodes_mask")) >= 0) {
      t = b.nodes[i].nodesMask;
      useNodes(i);
    } else if ((i = edgeType("edges_mask_", "")) >= 0 ||
               (i = edgeType("", "_edges_mask")) >= 0) {
      t = b.edges[i].edgesMask;
      useEdges(i);
    } else if (n == "y" && tn.y.rank() > 0) {
      t = tn.y;
      useNodes(target);
    } else if (n == "train_mask") {
      t = maskOr(masks.train);
      useNodes(target);
    } else if (n == "val_mask") {
      t = maskOr(masks.val);
      useNodes(target);
    } else if (n == "test_mask") {
      t = maskOr(masks.test);
      useNodes(target);
    } else if (n == "nodes_mask") {
      t = tn.nodesMask;
      useNodes(target);
    } else if (n == "graphs_mask") {
      t = b.graphsMask;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "' takes input '", n,
          "', which a heterogeneous batch of '", g.name,
          "' does not provide (it provides ", provided(), ")"));
    }
    t = conform(std::move(t), in);
    if (absl::Status s = session.setInput(program, n, t); !s.ok()) {
      if (slots >= 0 && !in.shape.empty() && in.shape[0] != slots)
        return absl::InvalidArgumentError(absl::StrCat(
            "program '", program, "' input '", n, "' has ", in.shape[0],
            " rows (the model's budget of ", what, ") but the batch has ",
            slots, " slots of ", what, "; pad or sample the graph into the "
            "model's budgets (gnnrt::exec::heteroBudgets)"));
      return absl::InvalidArgumentError(
          absl::StrCat(s.message(), " (input '", n, "' of program '", program,
                       "', shape ", shapeToString(t.shape()), " from the batch)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<data::HeteroFixedSizeOptions>
heteroBudgets(const Session &session, const std::string &program,
              const data::HeteroGraph &g) {
  absl::StatusOr<std::vector<StreamBinding>> inputs = session.inputs(program);
  if (!inputs.ok())
    return inputs.status();
  auto find = [&](const std::string &name) -> const StreamBinding * {
    for (const StreamBinding &in : *inputs)
      if (in.binding == name)
        return &in;
    return nullptr;
  };
  auto names = [&] {
    std::vector<std::string> v;
    for (const StreamBinding &in : *inputs)
      if (in.role != "step")
        v.push_back(in.binding);
    return absl::StrJoin(v, ", ");
  };
  data::HeteroFixedSizeOptions o;
  o.numGraphs = 2;
  for (const data::NodeType &nt : g.nodeTypes) {
    const StreamBinding *in = find("x_" + nt.name);
    if (!in || in->shape.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "' has no input x_", nt.name, " for the '",
          nt.name, "' nodes of '", g.name,
          "' (is the model heterogeneous, with that node type?); its inputs: ",
          names()));
    o.numNodes.push_back(in->shape[0]);
  }
  for (const data::EdgeType &et : g.edgeTypes) {
    const StreamBinding *in = find(et.key() + "_src");
    if (!in || in->shape.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "' has no input ", et.key(), "_src for the '",
          et.key(), "' edges of '", g.name, "'; its inputs: ", names()));
    o.numEdges.push_back(in->shape[0]);
  }
  return o;
}

} // namespace gnnrt::exec
