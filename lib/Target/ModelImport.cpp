//===- ModelImport.cpp - Model descriptions (protobuf) to the gnn dialect -===//
//
// `gnn-translate --import-model FILE` reads a gnnc.model.Model (proto/
// model.proto) written as text format (.textproto, .pbtxt) or JSON (.json)
// and emits a module with
//
//   * one gnn.parameter per weight, initialised as PyG does (seeded);
//   * @inference: node features, edge lists (and the batch vector) to the
//     output layer's value, without dropout, batch norm on running stats;
//   * @loss: the same graph in training mode (dropout, batch statistics)
//     and the description's loss, returning a scalar;
//   * the optimizer, task and seed as module attributes for training.
//
// Every layer is expanded at import into gnn primitives (linear, gather,
// degree, pow, message_passing, segment_softmax, ...). Homogeneous models
// have dynamic row counts (`?`) marked with gnn.rows and gnn.num_* function
// attributes from the description's fixed sizes, so gnn-staticize pads them;
// heterogeneous models use their per-type size budgets as static sizes.
//
// Errors carry file:line:column: parse errors from the protobuf parsers,
// semantic errors at the layer (or section) they concern, naming the fix.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "gnn/GnnOps.h"
#include "gnnc/InitAll.h"
#include "gnnc/Target/ModelImport.h"
#include "gnnc/Target/Translations.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"

#include "gnnc/model.pb.h"
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

using namespace mlir;
namespace pb = gnnc::model;
namespace gp = google::protobuf;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Source positions
//===----------------------------------------------------------------------===//

/// First parse error of the text-format parser (0-based line and column).
struct FirstError : gp::io::ErrorCollector {
  void AddError(int line, gp::io::ColumnNumber column,
                const std::string &message) override {
    if (!seen) {
      seen = true;
      this->line = line;
      this->column = column;
      this->message = message;
    }
  }
  void AddWarning(int, gp::io::ColumnNumber, const std::string &) override {}
  bool seen = false;
  int line = 0, column = 0;
  std::string message;
};

/// Maps parts of the description back to file positions.
class Positions {
public:
  Positions(MLIRContext *ctx, StringRef filename, StringRef text)
      : ctx(ctx), filename(filename), text(text) {}

  Location at(int line1, int col1) const {
    return FileLineColLoc::get(ctx, filename, std::max(line1, 1),
                               std::max(col1, 1));
  }
  /// Position of byte offset `offset` in the text.
  Location atOffset(size_t offset) const {
    int line = 1, col = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return at(line, col);
  }
  /// First occurrence of `needle`, or the start of the file.
  Location find(StringRef needle) const {
    size_t pos = text.find(needle);
    return pos == StringRef::npos ? at(1, 1) : atOffset(pos);
  }
  /// A top-level field (repeated: index >= 0).
  Location field(StringRef name, int index = -1) const {
    if (tree) {
      const gp::FieldDescriptor *fd =
          pb::Model::descriptor()->FindFieldByName(name.str());
      if (fd) {
        gp::TextFormat::ParseLocation l = tree->GetLocation(fd, index);
        if (l.line >= 0)
          return at(l.line + 1, l.column + 1);
      }
    }
    if (tree)
      return find(name);
    return find("\"" + camelOrSnake(name) + "\"");
  }
  /// A layer, by its index among the top-level layers.
  Location layer(int index, StringRef name) const {
    if (tree)
      return field("layers", index);
    if (!name.empty())
      return find(("\"" + name + "\"").str());
    return at(1, 1);
  }

  std::unique_ptr<gp::TextFormat::ParseInfoTree> treeStorage;
  gp::TextFormat::ParseInfoTree *tree = nullptr;

private:
  std::string camelOrSnake(StringRef name) const {
    // JSON accepts both; look for whichever the file uses.
    std::string snake = name.str();
    if (text.contains("\"" + snake + "\""))
      return snake;
    std::string camel;
    bool up = false;
    for (char c : snake) {
      if (c == '_') {
        up = true;
        continue;
      }
      camel += up ? llvm::toUpper(c) : c;
      up = false;
    }
    return camel;
  }

  MLIRContext *ctx;
  std::string filename;
  StringRef text;
};

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

/// A value of the model: one tensor per node type (homogeneous models have
/// one node type), at node or graph level.
struct HVal {
  llvm::MapVector<std::string, Value, std::map<std::string, unsigned>> byType;
  bool graphLevel = false;
  /// Description of where the width came from (for error messages).
  std::string origin;
  /// Whether the value comes out of a GATConv concatenating heads.
  int64_t gatHeads = 0, gatChannels = 0;
};

struct EdgeInfo {
  std::string src, rel, dst, key;
  int64_t features = 0;
  int64_t numEdges = 0;
};

struct NodeInfo {
  std::string name;
  int64_t features = 0;
  int64_t numNodes = 0;
};

/// Edges of one (src, rel, dst) in the function being built.
struct EdgeVals {
  Value src, dst, attr;
};

class Importer {
public:
  Importer(MLIRContext *ctx, const pb::Model &model, Positions &pos)
      : ctx(ctx), model(model), pos(pos), b(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  // Diagnostics.
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  Location layerLoc() const { return pos.layer(curLayerIndex, curLayerName); }
  InFlightDiagnostic layerError() {
    InFlightDiagnostic d = emitError(layerLoc());
    d << "layer '" << curLayerName << "' (" << curLayerKind << "): ";
    return d;
  }

  // Validation and set-up.
  LogicalResult collectGraph();
  LogicalResult checkLayers();

  // Types and small helpers.
  Type f32() { return b.getF32Type(); }
  Type i64() { return b.getI64Type(); }
  RankedTensorType tensor(ArrayRef<int64_t> shape, Type elt) {
    return RankedTensorType::get(shape, elt);
  }
  static int64_t rows(Value v) {
    return llvm::cast<RankedTensorType>(v.getType()).getDimSize(0);
  }
  static int64_t width(Value v) {
    auto t = llvm::cast<RankedTensorType>(v.getType());
    return t.getRank() >= 2 ? t.getDimSize(t.getRank() - 1) : 1;
  }
  int64_t nodeRows(StringRef type) {
    return hetero ? nodes.lookup(type.str()).numNodes : kDyn;
  }
  int64_t edgeRows(const EdgeInfo &e) { return hetero ? e.numEdges : kDyn; }
  Value scalar(float v) {
    return b.create<gnn::ConstantOp>(
        loc(), DenseElementsAttr::get(tensor({}, f32()), v));
  }
  Location loc() { return layerLoc(); }
  /// The node-feature argument of a node type: self-loop insertion takes its
  /// node count from it (the function's rows, which padding fixes).
  Value nodeFeatures(StringRef type) {
    return values["x"].byType.find(type.str())->second;
  }

  // Parameters.
  Value param(StringRef name, ArrayRef<int64_t> shape, gnn::InitKind init,
              std::optional<std::pair<double, double>> bounds = std::nullopt,
              std::optional<double> value = std::nullopt, bool frozen = false);
  Value linear(Value x, int64_t out, bool bias, StringRef prefix,
               gnn::InitKind init = gnn::InitKind::kaiming_uniform);

  // Functions.
  LogicalResult buildFunction(bool training);
  FailureOr<HVal> lookupValue(StringRef name);
  LogicalResult emitLayer(const pb::Layer &layer, int index);
  FailureOr<Value> emitConv(const pb::Layer &layer, StringRef prefix,
                            const EdgeInfo &edge, Value xSrc, Value xDst,
                            bool bipartite);
  FailureOr<Value> emitNodeLayer(const pb::Layer &layer, StringRef prefix,
                                 Value x, bool graphLevel);
  FailureOr<Value> emitLoss(func::FuncOp fn);
  Value messagePassing(gnn::ReduceKind reduce, Value src, Value dst,
                       Value source, Value edgeData, int64_t numDst,
                       bool mulByEdgeData);

  MLIRContext *ctx;
  const pb::Model &model;
  Positions &pos;
  OpBuilder b;
  ModuleOp module;
  bool hetero = false;
  bool training = false;
  bool needsBatch = false;

  std::vector<NodeInfo> nodeList;
  llvm::StringMap<NodeInfo> nodes;
  std::vector<EdgeInfo> edges;
  llvm::StringMap<const pb::Input *> inputs;

  // Per function.
  llvm::StringMap<HVal> values;
  std::map<std::string, EdgeVals> edgeVals;
  std::string lastLayer;
  Value batch;

  // Current layer (for diagnostics).
  int curLayerIndex = -1;
  std::string curLayerName, curLayerKind;

  llvm::StringMap<gnn::ParameterOp> params;
  int64_t paramCount = 0;
  int64_t dropoutCount = 0;
};

std::string kindName(const pb::Layer &layer) {
  switch (layer.kind_case()) {
  case pb::Layer::kGcnConv:
    return "GCNConv";
  case pb::Layer::kSageConv:
    return "SAGEConv";
  case pb::Layer::kGinConv:
    return "GINConv";
  case pb::Layer::kGatConv:
    return "GATConv";
  case pb::Layer::kLinear:
    return "Linear";
  case pb::Layer::kActivation:
    return "activation";
  case pb::Layer::kDropout:
    return "Dropout";
  case pb::Layer::kBatchNorm:
    return "BatchNorm";
  case pb::Layer::kLogSoftmax:
    return "LogSoftmax";
  case pb::Layer::kGlobalPool:
    return "global pooling";
  case pb::Layer::kConcat:
    return "concat";
  case pb::Layer::kAdd:
    return "add";
  case pb::Layer::kHeteroConv:
    return "HeteroConv";
  case pb::Layer::KIND_NOT_SET:
    return "no kind";
  }
  return "?";
}

bool isConv(const pb::Layer &layer) {
  switch (layer.kind_case()) {
  case pb::Layer::kGcnConv:
  case pb::Layer::kSageConv:
  case pb::Layer::kGinConv:
  case pb::Layer::kGatConv:
    return true;
  default:
    return false;
  }
}

std::optional<gnn::ReduceKind> parseReduce(StringRef s) {
  if (s == "sum" || s == "add")
    return gnn::ReduceKind::sum;
  if (s == "mean")
    return gnn::ReduceKind::mean;
  if (s == "max")
    return gnn::ReduceKind::max;
  if (s == "min")
    return gnn::ReduceKind::min;
  return std::nullopt;
}

std::string edgeKey(StringRef src, StringRef rel, StringRef dst) {
  return (src + "__" + rel + "__" + dst).str();
}

//===----------------------------------------------------------------------===//
// Graph inputs and static checks
//===----------------------------------------------------------------------===//

LogicalResult Importer::collectGraph() {
  if (model.node_types_size() == 0)
    return error(pos.at(1, 1))
           << "the model has no node types; add node_types { name: \"node\" "
              "features: F num_nodes: N }";
  for (int i = 0; i < model.node_types_size(); ++i) {
    const pb::NodeType &nt = model.node_types(i);
    if (nt.features() <= 0)
      return error(pos.field("node_types", i))
             << "node type '" << nt.name()
             << "' needs a positive feature width; set features: F";
    if (nodes.count(nt.name()))
      return error(pos.field("node_types", i))
             << "node type '" << nt.name()
             << "' is declared twice; give each node type a unique name";
    NodeInfo info{nt.name(), nt.features(), nt.num_nodes()};
    nodes[nt.name()] = info;
    nodeList.push_back(info);
  }
  hetero = model.node_types_size() > 1 || model.has_to_hetero();
  for (const pb::Layer &l : model.layers())
    if (l.has_hetero_conv())
      hetero = true;

  if (model.edge_types_size() == 0)
    return error(pos.at(1, 1))
           << "the model has no edge types; add edge_types { num_edges: E }";
  for (int i = 0; i < model.edge_types_size(); ++i) {
    const pb::EdgeType &et = model.edge_types(i);
    EdgeInfo e;
    e.src = et.src().empty() ? nodeList.front().name : et.src();
    e.dst = et.dst().empty() ? nodeList.front().name : et.dst();
    e.rel = et.relation();
    e.features = et.features();
    e.numEdges = et.num_edges();
    for (StringRef end : {StringRef(e.src), StringRef(e.dst)})
      if (!nodes.count(end))
        return error(pos.field("edge_types", i))
               << "edge type (" << e.src << ", " << e.rel << ", " << e.dst
               << ") names unknown node type '" << end
               << "'; declare it in node_types or use one of the declared "
                  "node types";
    e.key = edgeKey(e.src, e.rel, e.dst);
    if (hetero && e.numEdges <= 0)
      return error(pos.field("edge_types", i))
             << "edge type (" << e.src << ", " << e.rel << ", " << e.dst
             << ") needs a size budget in a heterogeneous model; set "
                "num_edges: E";
    edges.push_back(e);
  }
  if (!hetero && edges.size() > 1)
    return error(pos.field("edge_types", 1))
           << "a homogeneous model has one edge type; add node types and "
              "to_hetero or a HeteroConv for several";
  if (hetero)
    for (int i = 0; i < model.node_types_size(); ++i)
      if (model.node_types(i).num_nodes() <= 0)
        return error(pos.field("node_types", i))
               << "node type '" << model.node_types(i).name()
               << "' needs a size budget in a heterogeneous model; set "
                  "num_nodes: N";

  for (int i = 0; i < model.inputs_size(); ++i) {
    const pb::Input &in = model.inputs(i);
    if (in.name().empty() || inputs.count(in.name()))
      return error(pos.field("inputs", i))
             << "input #" << i << " needs a unique, non-empty name";
    if (!in.node_type().empty() && !nodes.count(in.node_type()))
      return error(pos.field("inputs", i))
             << "input '" << in.name() << "' names unknown node type '"
             << in.node_type() << "'; use one of the declared node types";
    inputs[in.name()] = &in;
  }
  return success();
}

LogicalResult Importer::checkLayers() {
  llvm::StringSet<> seen;
  for (int i = 0; i < model.layers_size(); ++i) {
    const pb::Layer &l = model.layers(i);
    curLayerIndex = i;
    curLayerName = l.name().empty() ? ("#" + std::to_string(i)) : l.name();
    curLayerKind = kindName(l);
    if (l.name().empty())
      return layerError() << "every layer needs a name; set name: \"...\"";
    if (l.kind_case() == pb::Layer::KIND_NOT_SET)
      return layerError() << "the layer has no kind; add one of gcn_conv, "
                             "sage_conv, gin_conv, gat_conv, linear, "
                             "activation, dropout, batch_norm, log_softmax, "
                             "global_pool, concat, add, hetero_conv";
    if (!seen.insert(l.name()).second || l.name() == "x")
      return layerError() << "the name is already used; give each layer a "
                             "unique name (and not 'x')";
    if (l.has_dropout() && (l.dropout().p() < 0 || l.dropout().p() >= 1))
      return layerError() << "dropout probability " << l.dropout().p()
                          << " is outside [0, 1); set p in that range";
  }
  if (model.layers_size() == 0)
    return error(pos.at(1, 1)) << "the model has no layers; add layers { ... }";
  curLayerIndex = -1;
  return success();
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

Value Importer::param(StringRef name, ArrayRef<int64_t> shape,
                      gnn::InitKind init,
                      std::optional<std::pair<double, double>> bounds,
                      std::optional<double> value, bool frozen) {
  auto type = tensor(shape, f32());
  if (!params.count(name)) {
    OpBuilder pbuilder(ctx);
    pbuilder.setInsertionPointToEnd(module.getBody());
    OperationState st(loc(), gnn::ParameterOp::getOperationName());
    st.addAttribute("sym_name", pbuilder.getStringAttr(name));
    st.addAttribute("type", TypeAttr::get(type));
    st.addAttribute("init", gnn::InitKindAttr::get(ctx, init));
    bool random = init == gnn::InitKind::uniform ||
                  init == gnn::InitKind::normal ||
                  init == gnn::InitKind::glorot_uniform ||
                  init == gnn::InitKind::kaiming_uniform;
    if (random)
      st.addAttribute("seed",
                      pbuilder.getI64IntegerAttr(static_cast<int64_t>(model.seed()) *
                                               1000 +
                                           paramCount));
    ++paramCount;
    if (bounds) {
      st.addAttribute("low", pbuilder.getF64FloatAttr(bounds->first));
      st.addAttribute("high", pbuilder.getF64FloatAttr(bounds->second));
    }
    if (value)
      st.addAttribute("value", pbuilder.getF64FloatAttr(*value));
    if (frozen)
      st.addAttribute("frozen", pbuilder.getUnitAttr());
    params[name] = llvm::cast<gnn::ParameterOp>(pbuilder.create(st));
  }
  return b.create<gnn::GetParameterOp>(loc(), type, name);
}

/// torch.nn.Linear / PyG Linear: y = x W^T + b, W [out, in].
Value Importer::linear(Value x, int64_t out, bool bias, StringRef prefix,
                       gnn::InitKind init) {
  auto xt = llvm::cast<RankedTensorType>(x.getType());
  int64_t in = xt.getShape().back();
  Value w = param((prefix + ".weight").str(), {out, in}, init);
  Value bv;
  if (bias) {
    if (init == gnn::InitKind::kaiming_uniform) {
      double bound = 1.0 / std::sqrt(static_cast<double>(in));
      bv = param((prefix + ".bias").str(), {out}, gnn::InitKind::uniform,
                 std::make_pair(-bound, bound));
    } else {
      bv = param((prefix + ".bias").str(), {out}, gnn::InitKind::zeros);
    }
  }
  SmallVector<int64_t> shape(xt.getShape());
  shape.back() = out;
  return b.create<gnn::LinearOp>(loc(), tensor(shape, f32()), x, w, bv);
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

Value Importer::messagePassing(gnn::ReduceKind reduce, Value src, Value dst,
                               Value source, Value edgeData, int64_t numDst,
                               bool mulByEdgeData) {
  auto st = llvm::cast<RankedTensorType>(source.getType());
  int64_t e = rows(src);
  SmallVector<int64_t> resShape(st.getShape());
  resShape[0] = numDst;
  SmallVector<int64_t> edgeShape(st.getShape());
  edgeShape[0] = e;
  auto edgeType = tensor(edgeShape, f32());
  SmallVector<Value> data;
  if (edgeData)
    data.push_back(edgeData);
  auto mp = b.create<gnn::MessagePassingOp>(
      loc(), tensor(resShape, f32()), reduce, src, dst, ValueRange{source},
      ValueRange{}, ValueRange(data), Value());
  Block *body = new Block();
  mp.getBody().push_back(body);
  body->addArgument(edgeType, loc());
  if (edgeData)
    body->addArgument(edgeData.getType(), loc());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(body);
  Value msg = body->getArgument(0);
  if (edgeData && mulByEdgeData)
    msg = b.create<gnn::MulOp>(loc(), edgeType, msg, body->getArgument(1));
  b.create<gnn::YieldOp>(loc(), msg);
  return mp.getResult();
}

FailureOr<Value> Importer::emitConv(const pb::Layer &layer, StringRef prefix,
                                    const EdgeInfo &edge, Value xSrc,
                                    Value xDst, bool bipartite) {
  EdgeVals ev = edgeVals[edge.key];
  Value src = ev.src, dst = ev.dst;
  int64_t numDst = rows(xDst);
  int64_t inSrc = width(xSrc), inDst = width(xDst);
  auto checkIn = [&](int64_t declared, int64_t actual) -> LogicalResult {
    if (declared > 0 && declared != actual) {
      auto d = layerError();
      d << "in_channels is " << declared << " but its input has width "
        << actual;
      if (!values.empty() && layer.inputs_size() == 0 && !lastLayer.empty())
        d << " (the output of '" << lastLayer << "')";
      auto it = values.find(lastLayer);
      if (it != values.end() && it->second.gatHeads > 0 &&
          layer.inputs_size() == 0)
        d << ": GATConv '" << lastLayer << "' concatenates "
          << it->second.gatHeads << " heads of " << it->second.gatChannels
          << " channels";
      d << "; set in_channels: " << actual << " (or -1 to infer it)";
      return failure();
    }
    return success();
  };

  switch (layer.kind_case()) {
  case pb::Layer::kGcnConv: {
    const pb::GCNConv &c = layer.gcn_conv();
    if (bipartite)
      return layerError() << "GCNConv has no bipartite form in PyG and "
                             "cannot be used in a heterogeneous model; use "
                             "sage_conv or gat_conv { add_self_loops: false }";
    if (c.out_channels() <= 0)
      return layerError() << "out_channels must be positive; set "
                             "out_channels: C";
    if (failed(checkIn(c.in_channels(), inSrc)))
      return failure();
    Value w;
    if (c.edge_weight()) {
      if (!ev.attr || width(ev.attr) != 1 ||
          llvm::cast<RankedTensorType>(ev.attr.getType()).getRank() != 2)
        return layerError()
               << "edge_weight needs 1-wide edge features; set features: 1 "
                  "on the edge type or edge_weight: false";
      w = b.create<gnn::ReshapeOp>(loc(), tensor({rows(ev.attr)}, f32()),
                                   ev.attr);
    }
    Value norm;
    if (c.normalize()) {
      if (c.add_self_loops()) {
        SmallVector<Type> results{tensor({kDyn}, i64()),
                                  tensor({kDyn}, i64())};
        if (w)
          results.push_back(tensor({kDyn}, f32()));
        auto loops = b.create<gnn::AddSelfLoopsOp>(
            loc(), results, gnn::SelfLoopMode::remaining, src, dst, w,
            nodeFeatures(edge.dst), Value(), llvm::APFloat(1.0));
        src = loops.getNewSrcIndex();
        dst = loops.getNewDstIndex();
        if (w)
          w = loops.getNewWeights()[0];
      }
      int64_t e = rows(src);
      Value deg = b.create<gnn::DegreeOp>(loc(), tensor({numDst}, f32()), dst,
                                          w, Value());
      auto dinv = b.create<gnn::PowOp>(loc(), deg.getType(), deg,
                                       b.getF64FloatAttr(-0.5),
                                       b.getUnitAttr());
      Value ds = b.create<gnn::GatherOp>(loc(), tensor({e}, f32()), dinv, src);
      Value dd = b.create<gnn::GatherOp>(loc(), tensor({e}, f32()), dinv, dst);
      Value n = b.create<gnn::MulOp>(loc(), tensor({e}, f32()), ds, dd);
      if (w)
        n = b.create<gnn::MulOp>(loc(), tensor({e}, f32()), n, w);
      norm = b.create<gnn::ReshapeOp>(loc(), tensor({e, 1}, f32()), n);
    } else if (w) {
      norm = b.create<gnn::ReshapeOp>(loc(), tensor({rows(w), 1}, f32()), w);
    }
    Value h = linear(xSrc, c.out_channels(), /*bias=*/false,
                     (prefix + ".lin").str(), gnn::InitKind::glorot_uniform);
    Value out = messagePassing(gnn::ReduceKind::sum, src, dst, h, norm,
                               numDst, true);
    if (c.bias()) {
      Value bias = param((prefix + ".bias").str(), {c.out_channels()},
                         gnn::InitKind::zeros);
      out = b.create<gnn::AddOp>(loc(), out.getType(), out, bias);
    }
    return out;
  }
  case pb::Layer::kSageConv: {
    const pb::SAGEConv &c = layer.sage_conv();
    if (c.out_channels() <= 0)
      return layerError() << "out_channels must be positive; set "
                             "out_channels: C";
    std::optional<gnn::ReduceKind> aggr = parseReduce(c.aggr());
    if (!aggr || *aggr == gnn::ReduceKind::min)
      return layerError() << "unknown aggregation '" << c.aggr()
                          << "'; use aggr: \"mean\", \"max\" or \"sum\"";
    if (failed(checkIn(c.in_channels(), inSrc)))
      return failure();
    Value agg = messagePassing(*aggr, src, dst, xSrc, Value(), numDst, false);
    Value out = linear(agg, c.out_channels(), c.bias(),
                       (prefix + ".lin_l").str());
    if (c.root_weight()) {
      Value r = linear(xDst, c.out_channels(), false,
                       (prefix + ".lin_r").str());
      out = b.create<gnn::AddOp>(loc(), out.getType(), out, r);
    }
    (void)inDst;
    if (c.normalize()) {
      // F.normalize(out, p=2, dim=-1): out / max(||out||, 1e-12).
      auto t = llvm::cast<RankedTensorType>(out.getType());
      Value sq = b.create<gnn::MulOp>(loc(), t, out, out);
      Value ss = b.create<gnn::ReduceOp>(loc(), tensor({t.getDimSize(0)}, f32()),
                                         gnn::ReduceKind::sum, sq, Value(),
                                         ArrayRef<int64_t>{1});
      Value n = b.create<gnn::SqrtOp>(loc(), ss);
      n = b.create<gnn::MaxOp>(loc(), n.getType(), n, scalar(1e-12f));
      n = b.create<gnn::ReshapeOp>(loc(), tensor({t.getDimSize(0), 1}, f32()),
                                   n);
      out = b.create<gnn::DivOp>(loc(), t, out, n);
    }
    return out;
  }
  case pb::Layer::kGinConv: {
    const pb::GINConv &c = layer.gin_conv();
    if (c.mlp_size() == 0)
      return layerError() << "GINConv needs an MLP; add mlp { name: \"0\" "
                             "linear { out_channels: C } }";
    Value agg =
        messagePassing(gnn::ReduceKind::sum, src, dst, xSrc, Value(), numDst,
                       false);
    Value scale;
    if (c.train_eps()) {
      Value eps = param((prefix + ".eps").str(), {1}, gnn::InitKind::constant,
                        std::nullopt, c.eps());
      scale = b.create<gnn::AddOp>(loc(), tensor({1}, f32()), eps,
                                   scalar(1.0f));
    } else {
      scale = scalar(static_cast<float>(1.0 + c.eps()));
    }
    if (inSrc != inDst)
      return layerError() << "GINConv adds the root features (width " << inDst
                          << ") to the aggregated ones (width " << inSrc
                          << "); give both node types the same width";
    Value root = b.create<gnn::MulOp>(loc(), xDst.getType(), xDst, scale);
    Value h = b.create<gnn::AddOp>(loc(), agg.getType(), agg, root);
    for (int i = 0; i < c.mlp_size(); ++i) {
      const pb::Layer &sub = c.mlp(i);
      if (isConv(sub) || sub.has_global_pool() || sub.has_hetero_conv() ||
          sub.has_concat() || sub.has_add() ||
          sub.kind_case() == pb::Layer::KIND_NOT_SET)
        return layerError() << "mlp entry #" << i << " is a "
                            << kindName(sub)
                            << "; a GIN MLP holds linear, activation, "
                               "batch_norm and dropout layers";
      std::string name = sub.name().empty() ? std::to_string(i) : sub.name();
      FailureOr<Value> next =
          emitNodeLayer(sub, (prefix + ".nn." + name).str(), h, false);
      if (failed(next))
        return failure();
      h = *next;
    }
    return h;
  }
  case pb::Layer::kGatConv: {
    const pb::GATConv &c = layer.gat_conv();
    if (c.out_channels() <= 0 || c.heads() <= 0)
      return layerError() << "out_channels and heads must be positive; set "
                             "out_channels: C and heads: H";
    if (failed(checkIn(c.in_channels(), inSrc)))
      return failure();
    if (bipartite && c.add_self_loops())
      return layerError() << "self-loops need the same node type at both "
                             "ends of the edge type (" << edge.key
                          << "); set add_self_loops: false";
    int64_t segments = numDst;
    if (ShapedType::isDynamic(segments)) {
      segments = nodes.lookup(edge.dst).numNodes;
      if (segments <= 0)
        return layerError() << "the attention softmax needs the number of "
                               "nodes; set num_nodes on node type '"
                            << edge.dst << "'";
    }
    int64_t H = c.heads(), C = c.out_channels();
    // Widths stay far below what a tensor type could overflow.
    constexpr int64_t kMaxWidth = int64_t{1} << 31;
    if (H <= 0 || C <= 0 || H > kMaxWidth || C > kMaxWidth ||
        H * C > kMaxWidth)
      return layerError() << "heads (" << H << ") x out_channels (" << C
                          << ") must be positive and at most " << kMaxWidth;
    Value hs, hd;
    if (bipartite) {
      hs = linear(xSrc, H * C, false, (prefix + ".lin_src").str(),
                  gnn::InitKind::glorot_uniform);
      hd = linear(xDst, H * C, false, (prefix + ".lin_dst").str(),
                  gnn::InitKind::glorot_uniform);
    } else {
      hs = hd = linear(xSrc, H * C, false, (prefix + ".lin").str(),
                       gnn::InitKind::glorot_uniform);
    }
    int64_t ns = rows(hs), nd = rows(hd);
    Value hs3 = b.create<gnn::ReshapeOp>(loc(), tensor({ns, H, C}, f32()), hs);
    Value hd3 = hs3;
    if (bipartite)
      hd3 = b.create<gnn::ReshapeOp>(loc(), tensor({nd, H, C}, f32()), hd);
    Value attSrc = param((prefix + ".att_src").str(), {1, H, C},
                         gnn::InitKind::glorot_uniform);
    Value attDst = param((prefix + ".att_dst").str(), {1, H, C},
                         gnn::InitKind::glorot_uniform);
    auto score = [&](Value h3, Value att, int64_t n) -> Value {
      Value p = b.create<gnn::MulOp>(loc(), h3.getType(), h3, att);
      return b.create<gnn::ReduceOp>(loc(), tensor({n, H}, f32()),
                                     gnn::ReduceKind::sum, p, Value(),
                                     ArrayRef<int64_t>{2});
    };
    Value aS = score(hs3, attSrc, ns), aD = score(hd3, attDst, nd);
    if (c.add_self_loops()) {
      auto loops = b.create<gnn::AddSelfLoopsOp>(
          loc(), TypeRange{tensor({kDyn}, i64()), tensor({kDyn}, i64())},
          gnn::SelfLoopMode::remaining, src, dst, Value(),
          nodeFeatures(edge.dst), Value(), llvm::APFloat(1.0));
      src = loops.getNewSrcIndex();
      dst = loops.getNewDstIndex();
    }
    int64_t e = rows(src);
    auto eh = tensor({e, H}, f32());
    Value ej = b.create<gnn::GatherOp>(loc(), eh, aS, src);
    Value ei = b.create<gnn::GatherOp>(loc(), eh, aD, dst);
    Value s = b.create<gnn::AddOp>(loc(), eh, ej, ei);
    s = b.create<gnn::LeakyReluOp>(loc(), s,
                                   llvm::APFloat(c.negative_slope()));
    Value alpha = b.create<gnn::SegmentSoftmaxOp>(loc(), eh, s, dst, Value(),
                                                  segments);
    if (training && c.dropout() > 0)
      alpha = b.create<gnn::DropoutOp>(
          loc(), eh, alpha, Value(), Value(), llvm::APFloat(c.dropout()),
          static_cast<int64_t>(model.seed()) * 1000 + 500 + dropoutCount++);
    Value alpha3 = b.create<gnn::ReshapeOp>(loc(), tensor({e, H, 1}, f32()),
                                            alpha);
    Value out3 = messagePassing(gnn::ReduceKind::sum, src, dst, hs3, alpha3,
                                numDst, true);
    Value out;
    int64_t outWidth = c.concat() ? H * C : C;
    if (c.concat())
      out = b.create<gnn::ReshapeOp>(loc(), tensor({numDst, H * C}, f32()),
                                     out3);
    else
      out = b.create<gnn::ReduceOp>(loc(), tensor({numDst, C}, f32()),
                                    gnn::ReduceKind::mean, out3, Value(),
                                    ArrayRef<int64_t>{1});
    if (c.bias()) {
      Value bias = param((prefix + ".bias").str(), {outWidth},
                         gnn::InitKind::zeros);
      out = b.create<gnn::AddOp>(loc(), out.getType(), out, bias);
    }
    return out;
  }
  default:
    return layerError() << "not a convolution";
  }
}

FailureOr<Value> Importer::emitNodeLayer(const pb::Layer &layer,
                                         StringRef prefix, Value x,
                                         bool graphLevel) {
  auto xt = llvm::cast<RankedTensorType>(x.getType());
  int64_t in = width(x);
  switch (layer.kind_case()) {
  case pb::Layer::kLinear: {
    const pb::Linear &c = layer.linear();
    if (c.out_channels() <= 0)
      return layerError() << "out_channels must be positive; set "
                             "out_channels: C";
    if (c.in_channels() > 0 && c.in_channels() != in) {
      auto d = layerError();
      d << "in_channels is " << c.in_channels() << " but its input has width "
        << in;
      auto it = values.find(lastLayer);
      if (it != values.end() && it->second.gatHeads > 0)
        d << ": GATConv '" << lastLayer << "' concatenates "
          << it->second.gatHeads << " heads of " << it->second.gatChannels
          << " channels";
      d << "; set in_channels: " << in << " (or -1 to infer it)";
      return failure();
    }
    return linear(x, c.out_channels(), c.bias(), prefix);
  }
  case pb::Layer::kActivation: {
    const pb::Activation &a = layer.activation();
    switch (a.kind()) {
    case pb::Activation::RELU:
      return b.create<gnn::ReluOp>(loc(), x).getResult();
    case pb::Activation::LEAKY_RELU:
      return b
          .create<gnn::LeakyReluOp>(loc(), x,
                                    llvm::APFloat(a.negative_slope()))
          .getResult();
    case pb::Activation::ELU:
      return b.create<gnn::EluOp>(loc(), x, llvm::APFloat(a.alpha()))
          .getResult();
    case pb::Activation::SIGMOID:
      return b.create<gnn::SigmoidOp>(loc(), x).getResult();
    case pb::Activation::TANH:
      return b.create<gnn::TanhOp>(loc(), x).getResult();
    }
    return x;
  }
  case pb::Layer::kDropout:
    if (!training || layer.dropout().p() == 0)
      return x;
    return b
        .create<gnn::DropoutOp>(loc(), xt, x, Value(), Value(),
                                llvm::APFloat(layer.dropout().p()),
                                static_cast<int64_t>(model.seed()) * 1000 +
                                    500 + dropoutCount++)
        .getResult();
  case pb::Layer::kBatchNorm: {
    const pb::BatchNorm &c = layer.batch_norm();
    if (xt.getRank() != 2)
      return layerError() << "BatchNorm1d needs [rows, channels] input";
    if (c.num_features() == 0 || c.num_features() < -1)
      return layerError() << "num_features is " << c.num_features()
                          << "; give the input width (" << in
                          << ") or -1 to infer it";
    if (c.num_features() > 0 && c.num_features() != in)
      return layerError() << "num_features is " << c.num_features()
                          << " but its input has width " << in
                          << "; set num_features: " << in;
    Value g = param((prefix + ".weight").str(), {in}, gnn::InitKind::ones);
    Value bb = param((prefix + ".bias").str(), {in}, gnn::InitKind::zeros);
    Value m = param((prefix + ".running_mean").str(), {in},
                    gnn::InitKind::zeros, std::nullopt, std::nullopt, true);
    Value v = param((prefix + ".running_var").str(), {in},
                    gnn::InitKind::ones, std::nullopt, std::nullopt, true);
    auto vec = tensor({in}, f32());
    auto bn = b.create<gnn::BatchNormOp>(
        loc(), xt, vec, vec, x, g, bb, m, v, Value(), llvm::APFloat(c.eps()),
        llvm::APFloat(c.momentum()), training);
    return bn.getResult();
  }
  case pb::Layer::kLogSoftmax: {
    int64_t dim = layer.log_softmax().dim();
    if (dim != -1 && dim != xt.getRank() - 1)
      return layerError() << "log-softmax over dimension " << dim
                          << " would mix rows; use dim: -1 (features)";
    return b.create<gnn::LogSoftmaxOp>(loc(), x, int64_t(-1)).getResult();
  }
  default:
    (void)graphLevel;
    return layerError() << "cannot be applied per node type here";
  }
}

FailureOr<HVal> Importer::lookupValue(StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  if (inputs.count(name))
    return layerError() << "reads '" << name
                        << "', an input of the loss only; layers read 'x' "
                           "or earlier layers";
  return layerError() << "reads '" << name
                      << "', which is neither 'x' nor an earlier layer; "
                         "name an earlier layer in inputs";
}

LogicalResult Importer::emitLayer(const pb::Layer &layer, int index) {
  curLayerIndex = index;
  curLayerName = layer.name();
  curLayerKind = kindName(layer);
  SmallVector<HVal> ins;
  if (layer.inputs_size() == 0) {
    ins.push_back(values.lookup(lastLayer));
  } else {
    for (const std::string &name : layer.inputs()) {
      FailureOr<HVal> v = lookupValue(name);
      if (failed(v))
        return failure();
      ins.push_back(*v);
    }
  }
  if (ins.size() > 1 && !layer.has_concat() && !layer.has_add())
    return layerError() << "reads " << ins.size()
                        << " values but takes one; combine them with a "
                           "concat or add layer first";
  HVal in = ins.front();
  HVal out;
  out.graphLevel = in.graphLevel;
  std::string prefix = layer.name();

  // A layer restricted to one node type of a heterogeneous value.
  if (layer.has_node_type()) {
    auto it = in.byType.find(layer.node_type());
    if (it == in.byType.end())
      return layerError() << "node type '" << layer.node_type()
                          << "' is not in its input; use one of the node "
                             "types the previous layer produces";
    Value v = it->second;
    in.byType.clear();
    in.byType[layer.node_type()] = v;
  }

  bool perTypeCopies = hetero && model.has_to_hetero() && in.byType.size() > 1;

  if (layer.has_hetero_conv() || (isConv(layer) && hetero)) {
    if (in.graphLevel)
      return layerError() << "a convolution needs node-level input; move it "
                             "before global pooling";
    std::optional<gnn::ReduceKind> aggr;
    std::vector<std::pair<const EdgeInfo *, const pb::Layer *>> convs;
    if (layer.has_hetero_conv()) {
      const pb::HeteroConv &hc = layer.hetero_conv();
      aggr = parseReduce(hc.aggr());
      for (const auto &entry : hc.convs()) {
        std::string key = edgeKey(entry.src(), entry.relation(), entry.dst());
        const EdgeInfo *found = nullptr;
        for (const EdgeInfo &e : edges)
          if (e.key == key)
            found = &e;
        if (!found)
          return layerError() << "has a conv for (" << entry.src() << ", "
                              << entry.relation() << ", " << entry.dst()
                              << "), which is not an edge type; declare it "
                                 "in edge_types";
        if (!isConv(entry.conv()))
          return layerError() << "the entry for " << key
                              << " needs a conv layer (sage_conv, gat_conv, "
                                 "gin_conv)";
        convs.push_back({found, &entry.conv()});
      }
    } else {
      if (!model.has_to_hetero())
        return layerError() << "a heterogeneous model needs to_hetero { aggr: "
                               "\"sum\" } or hetero_conv layers";
      aggr = parseReduce(model.to_hetero().aggr());
      for (const EdgeInfo &e : edges)
        convs.push_back({&e, &layer});
    }
    if (!aggr)
      return layerError() << "unknown aggregation across edge types; use "
                             "\"sum\", \"mean\", \"max\" or \"min\"";
    // Per destination type, the results of its edge types.
    llvm::MapVector<std::string, SmallVector<Value>,
                  std::map<std::string, unsigned>>
        perDst;
    for (auto [edge, conv] : convs) {
      auto s = in.byType.find(edge->src);
      auto d = in.byType.find(edge->dst);
      if (s == in.byType.end() || d == in.byType.end())
        return layerError() << "edge type " << edge->key
                            << " needs node types '" << edge->src << "' and '"
                            << edge->dst
                            << "' in its input; the previous layer does not "
                               "produce them";
      curLayerKind = kindName(*conv);
      FailureOr<Value> r = emitConv(*conv, prefix + "." + edge->key, *edge,
                                    s->second, d->second, true);
      if (failed(r))
        return failure();
      perDst[edge->dst].push_back(*r);
    }
    curLayerKind = kindName(layer);
    for (auto &[type, results] : perDst) {
      Value acc = results.front();
      for (Value r : llvm::drop_begin(results)) {
        if (r.getType() != acc.getType())
          return layerError() << "the convolutions into '" << type
                              << "' produce different widths; give them the "
                                 "same out_channels";
        if (*aggr == gnn::ReduceKind::max)
          acc = b.create<gnn::MaxOp>(loc(), acc.getType(), acc, r);
        else if (*aggr == gnn::ReduceKind::min)
          acc = b.create<gnn::MinOp>(loc(), acc.getType(), acc, r);
        else
          acc = b.create<gnn::AddOp>(loc(), acc.getType(), acc, r);
      }
      if (*aggr == gnn::ReduceKind::mean && results.size() > 1)
        acc = b.create<gnn::DivOp>(loc(), acc.getType(), acc,
                                   scalar(static_cast<float>(results.size())));
      out.byType[type] = acc;
    }
  } else if (isConv(layer)) {
    if (in.graphLevel)
      return layerError() << "a convolution needs node-level input; move it "
                             "before global pooling";
    Value x = in.byType.begin()->second;
    FailureOr<Value> r = emitConv(layer, prefix, edges.front(), x, x, false);
    if (failed(r))
      return failure();
    out.byType[in.byType.begin()->first] = *r;
    if (layer.has_gat_conv() && layer.gat_conv().concat()) {
      out.gatHeads = layer.gat_conv().heads();
      out.gatChannels = layer.gat_conv().out_channels();
    }
  } else if (layer.has_global_pool()) {
    if (hetero)
      return layerError() << "global pooling of heterogeneous graphs is not "
                             "supported; select a node type first";
    if (in.graphLevel)
      return layerError() << "the input is already pooled";
    std::optional<gnn::ReduceKind> r = parseReduce(layer.global_pool().reduce());
    if (!r || *r == gnn::ReduceKind::min)
      return layerError() << "unknown pooling '" << layer.global_pool().reduce()
                          << "'; use reduce: \"mean\", \"max\" or \"sum\"";
    Value x = in.byType.begin()->second;
    out.byType[in.byType.begin()->first] = b.create<gnn::GlobalPoolOp>(
        loc(), tensor({kDyn, width(x)}, f32()), *r, x, batch, Value());
    out.graphLevel = true;
  } else if (layer.has_concat() || layer.has_add()) {
    for (auto &[type, v] : in.byType) {
      SmallVector<Value> parts;
      for (const HVal &h : ins) {
        if (h.graphLevel != in.graphLevel)
          return layerError() << "mixes node-level and graph-level values; "
                                 "pool the node-level ones first";
        auto it = h.byType.find(type);
        if (it == h.byType.end())
          return layerError() << "an input lacks node type '" << type << "'";
        parts.push_back(it->second);
      }
      if (layer.has_concat()) {
        int64_t total = 0;
        for (Value p : parts)
          total += width(p);
        out.byType[type] = b.create<gnn::ConcatOp>(
            loc(), tensor({rows(v), total}, f32()), parts, int64_t(1));
      } else {
        Value acc = parts.front();
        for (Value p : llvm::drop_begin(parts)) {
          if (width(p) != width(acc))
            return layerError() << "adds values of widths " << width(acc)
                                << " and " << width(p)
                                << "; make the widths equal (or use concat)";
          acc = b.create<gnn::AddOp>(loc(), acc.getType(), acc, p);
        }
        out.byType[type] = acc;
      }
    }
  } else {
    bool hasParams = layer.has_linear() || layer.has_batch_norm();
    if (hetero && hasParams && in.byType.size() > 1 && !perTypeCopies)
      return layerError() << "applies to one node type; set node_type: "
                             "\"...\" or use to_hetero";
    for (auto &[type, v] : in.byType) {
      std::string p = perTypeCopies && hasParams ? prefix + "." + type : prefix;
      FailureOr<Value> r = emitNodeLayer(layer, p, v, in.graphLevel);
      if (failed(r))
        return failure();
      out.byType[type] = *r;
    }
  }
  values[layer.name()] = out;
  lastLayer = layer.name();
  return success();
}

//===----------------------------------------------------------------------===//
// Loss
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::emitLoss(func::FuncOp fn) {
  const pb::Loss &l = model.loss();
  Location lossLoc = pos.field("loss");
  curLayerIndex = -1;
  auto lossError = [&]() -> InFlightDiagnostic {
    InFlightDiagnostic d = emitError(lossLoc);
    d << "loss: ";
    return d;
  };
  std::string inputName =
      l.input().empty() ? (model.output().empty() ? lastLayer : model.output())
                        : l.input();
  auto vit = values.find(inputName);
  if (vit == values.end())
    return lossError() << "reads '" << inputName
                       << "', which is not a layer; set input to a layer name";
  HVal hv = vit->second;
  Value out;
  std::string nodeType = l.node_type();
  if (!nodeType.empty()) {
    auto it = hv.byType.find(nodeType);
    if (it == hv.byType.end())
      return lossError() << "node type '" << nodeType << "' is not produced by '"
                         << inputName << "'; use one of its node types";
    out = it->second;
  } else if (hv.byType.size() == 1) {
    out = hv.byType.begin()->second;
    nodeType = hv.byType.begin()->first;
  } else {
    return lossError() << "'" << inputName
                       << "' has several node types; set node_type";
  }

  // Arguments of the loss function for the named inputs.
  Block &entry = fn.getBody().front();
  auto addInput = [&](StringRef name, StringRef role) -> FailureOr<Value> {
    auto it = inputs.find(name);
    if (it == inputs.end())
      return lossError() << role << " '" << name
                         << "' is not an input; declare it in inputs { name: "
                            "\""
                         << name << "\" ... } or name a declared input";
    const pb::Input &in = *it->second;
    if (in.rows() == pb::Input::GRAPHS && !hv.graphLevel)
      return lossError() << role << " '" << name << "' has one row per graph "
                         << "but '" << inputName
                         << "' one per node; pool the nodes first or set "
                            "rows: NODES";
    if (in.rows() == pb::Input::NODES && hv.graphLevel)
      return lossError() << role << " '" << name << "' has one row per node "
                         << "but '" << inputName
                         << "' one per graph; set rows: GRAPHS";
    if (in.rows() == pb::Input::EDGES)
      return lossError() << role << " '" << name
                         << "' has one row per edge; the loss reads nodes or "
                            "graphs";
    if (!in.node_type().empty() && in.node_type() != nodeType)
      return lossError() << role << " '" << name << "' belongs to node type '"
                         << in.node_type() << "' but the loss reads '"
                         << nodeType << "'";
    Type elt = in.dtype() == pb::Input::BOOL    ? b.getI1Type()
               : in.dtype() == pb::Input::INT64 ? i64()
                                                : f32();
    SmallVector<int64_t> shape{rows(out)};
    if (in.width() > 0)
      shape.push_back(in.width());
    unsigned idx = fn.getNumArguments();
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("gnn.name", b.getStringAttr(name))};
    if (ShapedType::isDynamic(shape[0]))
      attrs.push_back(b.getNamedAttr(
          "gnn.rows",
          b.getStringAttr(in.rows() == pb::Input::GRAPHS ? "graphs" : "nodes")));
    fn.insertArgument(idx, tensor(shape, elt), b.getDictionaryAttr(attrs),
                      fn.getLoc());
    return entry.getArgument(idx);
  };

  if (l.target().empty())
    return lossError() << "needs a target; set target to an input's name";
  FailureOr<Value> target = addInput(l.target(), "target");
  if (failed(target))
    return failure();
  Value mask;
  if (!l.mask().empty()) {
    FailureOr<Value> m = addInput(l.mask(), "mask");
    if (failed(m))
      return failure();
    mask = *m;
    if (inputs.lookup(l.mask())->dtype() != pb::Input::BOOL ||
        inputs.lookup(l.mask())->width() != 0)
      return lossError() << "mask '" << l.mask()
                         << "' must be a boolean vector; set dtype: BOOL and "
                            "no width";
  }
  if (l.reduction() == pb::Loss::SUM_OVER_MASK_COUNT && !mask)
    return lossError() << "reduction SUM_OVER_MASK_COUNT divides by the "
                          "number of true mask entries; set mask";

  bool classification =
      l.kind() == pb::Loss::CROSS_ENTROPY || l.kind() == pb::Loss::NLL;
  const pb::Input &tin = *inputs.lookup(l.target());
  if (classification && (tin.dtype() != pb::Input::INT64 || tin.width() != 0))
    return lossError() << "target '" << l.target()
                       << "' holds class labels; set dtype: INT64 and no "
                          "width";
  if (!classification) {
    if (tin.dtype() != pb::Input::FLOAT32)
      return lossError() << "target '" << l.target()
                         << "' must be FLOAT32 for a regression loss";
    if (tin.width() != width(out) ||
        llvm::cast<RankedTensorType>(out.getType()).getRank() != 2)
      return lossError() << "target '" << l.target() << "' has width "
                         << tin.width() << " but '" << inputName
                         << "' produces " << width(out) << "; set width: "
                         << width(out);
  }
  gnn::LossReduction red = l.reduction() == pb::Loss::MEAN
                               ? gnn::LossReduction::mean
                               : gnn::LossReduction::sum;
  Location at = lossLoc;
  Value pred = out, tgt = *target, lossMask;
  if (mask && l.mask_mode() == pb::Loss::BOOLEAN_INDEX) {
    auto select = [&](Value v) -> Value {
      auto t = llvm::cast<RankedTensorType>(v.getType());
      SmallVector<int64_t> shape(t.getShape());
      shape[0] = kDyn;
      return b.create<gnn::BooleanIndexOp>(at, tensor(shape, t.getElementType()),
                                           v, mask);
    };
    pred = select(pred);
    tgt = select(tgt);
  } else if (mask && classification) {
    Value ignore = b.create<gnn::ConstantOp>(
        at, DenseElementsAttr::get(tensor({}, i64()), int64_t(-100)));
    tgt = b.create<gnn::WhereOp>(at, tgt.getType(), mask, tgt, ignore);
  } else if (mask) {
    lossMask = mask;
  }
  auto scalarType = tensor({}, f32());
  Value loss;
  switch (l.kind()) {
  case pb::Loss::CROSS_ENTROPY:
    loss = b.create<gnn::CrossEntropyOp>(at, scalarType, red, pred, tgt,
                                         lossMask, int64_t(-100));
    break;
  case pb::Loss::NLL:
    loss = b.create<gnn::NllLossOp>(at, scalarType, red, pred, tgt, lossMask,
                                    int64_t(-100));
    break;
  case pb::Loss::MSE:
    loss = b.create<gnn::MseLossOp>(at, scalarType, red, pred, tgt, lossMask);
    break;
  case pb::Loss::L1:
    loss = b.create<gnn::L1LossOp>(at, scalarType, red, pred, tgt, lossMask);
    break;
  }
  if (l.reduction() == pb::Loss::SUM_OVER_MASK_COUNT) {
    auto mt = llvm::cast<RankedTensorType>(mask.getType());
    Value mf = b.create<gnn::CastOp>(at, tensor(mt.getShape(), f32()), mask);
    Value count = b.create<gnn::ReduceOp>(at, scalarType, gnn::ReduceKind::sum,
                                          mf, Value(), ArrayRef<int64_t>{0});
    loss = b.create<gnn::DivOp>(at, scalarType, loss, count);
  }
  return loss;
}

//===----------------------------------------------------------------------===//
// Functions and module
//===----------------------------------------------------------------------===//

LogicalResult Importer::buildFunction(bool isTraining) {
  training = isTraining;
  values.clear();
  edgeVals.clear();
  dropoutCount = 0;
  batch = Value();

  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  auto addArg = [&](Type t, StringRef name, StringRef rowsKind) {
    argTypes.push_back(t);
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("gnn.name", b.getStringAttr(name))};
    if (!hetero && !rowsKind.empty())
      attrs.push_back(b.getNamedAttr("gnn.rows", b.getStringAttr(rowsKind)));
    argAttrs.push_back(b.getDictionaryAttr(attrs));
  };
  for (const NodeInfo &n : nodeList)
    addArg(tensor({nodeRows(n.name), n.features}, f32()),
           hetero ? "x_" + n.name : "x", "nodes");
  for (const EdgeInfo &e : edges) {
    std::string p = hetero ? e.key + "_" : "";
    addArg(tensor({edgeRows(e)}, i64()), p + "src", "edges");
    addArg(tensor({edgeRows(e)}, i64()), p + "dst", "edges");
    if (e.features > 0)
      addArg(tensor({edgeRows(e), e.features}, f32()), p + "edge_attr",
             "edges");
  }
  if (needsBatch)
    addArg(tensor({kDyn}, i64()), "batch", "nodes");

  std::string fnName = isTraining ? "loss" : "inference";
  b.setInsertionPointToEnd(module.getBody());
  auto fn = b.create<func::FuncOp>(pos.at(1, 1), fnName,
                                   b.getFunctionType(argTypes, {}));
  fn.setAllArgAttrs(argAttrs);
  if (!hetero) {
    const NodeInfo &n = nodeList.front();
    if (n.numNodes > 0)
      fn->setAttr("gnn.num_nodes", b.getI64IntegerAttr(n.numNodes));
    if (edges.front().numEdges > 0)
      fn->setAttr("gnn.num_edges", b.getI64IntegerAttr(edges.front().numEdges));
    if (model.num_graphs() > 0)
      fn->setAttr("gnn.num_graphs", b.getI64IntegerAttr(model.num_graphs()));
  }
  Block *entry = fn.addEntryBlock();
  b.setInsertionPointToStart(entry);

  unsigned a = 0;
  HVal x;
  for (const NodeInfo &n : nodeList)
    x.byType[n.name] = entry->getArgument(a++);
  for (const EdgeInfo &e : edges) {
    EdgeVals ev;
    ev.src = entry->getArgument(a++);
    ev.dst = entry->getArgument(a++);
    if (e.features > 0)
      ev.attr = entry->getArgument(a++);
    edgeVals[e.key] = ev;
  }
  if (needsBatch)
    batch = entry->getArgument(a++);
  values["x"] = x;
  lastLayer = "x";

  for (int i = 0; i < model.layers_size(); ++i)
    if (failed(emitLayer(model.layers(i), i)))
      return failure();
  curLayerIndex = -1;

  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  if (isTraining) {
    FailureOr<Value> loss = emitLoss(fn);
    if (failed(loss))
      return failure();
    results.push_back(*loss);
    resultAttrs.push_back(
        b.getDictionaryAttr(b.getNamedAttr("gnn.name", b.getStringAttr("loss"))));
  } else {
    std::string outName = model.output().empty() ? lastLayer : model.output();
    auto it = values.find(outName);
    if (it == values.end())
      return error(pos.field("output"))
             << "output '" << outName
             << "' is not a layer; set output to a layer name";
    for (auto &[type, v] : it->second.byType) {
      results.push_back(v);
      std::string name = it->second.byType.size() > 1 ? "out_" + type : "out";
      resultAttrs.push_back(
          b.getDictionaryAttr(b.getNamedAttr("gnn.name", b.getStringAttr(name))));
    }
  }
  b.create<func::ReturnOp>(pos.at(1, 1), results);
  SmallVector<Type> resultTypes;
  for (Value r : results)
    resultTypes.push_back(r.getType());
  fn.setFunctionType(
      b.getFunctionType(entry->getArgumentTypes(), resultTypes));
  fn.setAllResultAttrs(resultAttrs);
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  if (failed(collectGraph()) || failed(checkLayers()))
    return nullptr;
  for (const pb::Layer &l : model.layers())
    if (l.has_global_pool())
      needsBatch = true;
  if (!model.has_loss()) {
    error(pos.at(1, 1)) << "the model has no loss; add loss { kind: "
                           "CROSS_ENTROPY target: \"y\" }";
    return nullptr;
  }

  OwningOpRef<ModuleOp> owned = ModuleOp::create(pos.at(1, 1));
  module = *owned;
  if (!model.name().empty())
    module.setSymName(model.name());

  // Parameters go before the functions: remember where the first function
  // will be by building the functions after a marker op.
  if (failed(buildFunction(/*isTraining=*/false)) ||
      failed(buildFunction(/*isTraining=*/true)))
    return nullptr;
  // Parameters were inserted at the end of the body while functions were
  // being created; move them to the front, in creation order.
  SmallVector<Operation *> paramOps;
  for (auto p : module.getOps<gnn::ParameterOp>())
    paramOps.push_back(p);
  Operation *firstFn = *module.getOps<func::FuncOp>().begin();
  for (Operation *p : paramOps)
    p->moveBefore(firstFn);

  // Training configuration for the training pipeline.
  Builder ab(ctx);
  const char *task = "unspecified";
  switch (model.task()) {
  case pb::NODE_CLASSIFICATION:
    task = "node_classification";
    break;
  case pb::NODE_REGRESSION:
    task = "node_regression";
    break;
  case pb::GRAPH_CLASSIFICATION:
    task = "graph_classification";
    break;
  case pb::GRAPH_REGRESSION:
    task = "graph_regression";
    break;
  default:
    break;
  }
  module->setAttr("gnn.task", ab.getStringAttr(task));
  module->setAttr("gnn.seed",
                  ab.getI64IntegerAttr(static_cast<int64_t>(model.seed())));
  const pb::Optimizer &o = model.optimizer();
  SmallVector<NamedAttribute> opt;
  const char *kind = o.kind() == pb::Optimizer::SGD     ? "sgd"
                     : o.kind() == pb::Optimizer::ADAMW ? "adamw"
                                                        : "adam";
  opt.push_back(ab.getNamedAttr("kind", ab.getStringAttr(kind)));
  opt.push_back(ab.getNamedAttr("lr", ab.getF64FloatAttr(o.lr())));
  double wd = o.weight_decay();
  if (o.kind() == pb::Optimizer::ADAMW && !o.has_weight_decay())
    wd = 0.01; // torch.optim.AdamW's default
  opt.push_back(ab.getNamedAttr("weight_decay", ab.getF64FloatAttr(wd)));
  if (o.kind() == pb::Optimizer::SGD) {
    opt.push_back(ab.getNamedAttr("momentum", ab.getF64FloatAttr(o.momentum())));
  } else {
    opt.push_back(ab.getNamedAttr("beta1", ab.getF64FloatAttr(o.beta1())));
    opt.push_back(ab.getNamedAttr("beta2", ab.getF64FloatAttr(o.beta2())));
    opt.push_back(ab.getNamedAttr("eps", ab.getF64FloatAttr(o.eps())));
  }
  module->setAttr("gnn.optimizer", ab.getDictionaryAttr(opt));

  if (failed(verify(module)))
    return nullptr;
  return owned;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

OwningOpRef<Operation *> importModel(llvm::SourceMgr &sourceMgr,
                                     MLIRContext *ctx) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef filename = buffer->getBufferIdentifier();
  StringRef text = buffer->getBuffer();
  ctx->loadDialect<gnn::GnnDialect, func::FuncDialect>();
  Positions pos(ctx, filename, text);
  pb::Model model;

  bool json = filename.ends_with(".json") ||
              text.ltrim().starts_with("{");
  if (json) {
    // Syntax first, with positions (llvm::json reports line and column).
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
    if (!parsed) {
      std::string msg = llvm::toString(parsed.takeError());
      llvm::Regex re("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$");
      SmallVector<StringRef> m;
      if (re.match(msg, &m))
        emitError(pos.at(std::stoi(m[1].str()), std::stoi(m[2].str())))
            << "invalid JSON: " << m[3];
      else
        emitError(pos.at(1, 1)) << "invalid JSON: " << msg;
      return nullptr;
    }
    gp::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    gp::util::Status status =
        gp::util::JsonStringToMessage(std::string(text), &model, options);
    if (!status.ok()) {
      std::string msg(status.message());
      // Point at the offending field when the message names one.
      Location at = pos.at(1, 1);
      // Protobuf names the field either way round, by version.
      llvm::Regex field1("Cannot find field: ([A-Za-z0-9_]+)");
      llvm::Regex field2("([A-Za-z0-9_]+): Cannot find field");
      SmallVector<StringRef> m;
      if (field1.match(msg, &m) || field2.match(msg, &m))
        at = pos.find(("\"" + m[1] + "\"").str());
      emitError(at) << "invalid model description: " << msg;
      return nullptr;
    }
  } else {
    FirstError errors;
    gp::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    pos.treeStorage = std::make_unique<gp::TextFormat::ParseInfoTree>();
    pos.tree = pos.treeStorage.get();
    parser.WriteLocationsTo(pos.tree);
    if (!parser.ParseFromString(std::string(text), &model)) {
      emitError(pos.at(errors.line + 1, errors.column + 1))
          << (errors.seen ? errors.message : std::string("cannot parse"));
      return nullptr;
    }
  }

  Importer importer(ctx, model, pos);
  OwningOpRef<ModuleOp> module = importer.run();
  if (!module)
    return nullptr;
  return OwningOpRef<Operation *>(module.release());
}

} // namespace

OwningOpRef<ModuleOp> gnnc::importModelDescription(llvm::SourceMgr &sourceMgr,
                                                   MLIRContext *ctx) {
  OwningOpRef<Operation *> op = importModel(sourceMgr, ctx);
  if (!op)
    return nullptr;
  return OwningOpRef<ModuleOp>(cast<ModuleOp>(op.release()));
}

void gnnc::registerModelImportTranslation() {
  TranslateToMLIRRegistration registration(
      "import-model",
      "import a model description (gnnc.model.Model as .textproto/.pbtxt or "
      ".json) into the gnn dialect",
      importModel,
      [](DialectRegistry &registry) { gnnc::registerAllDialects(registry); });
}
