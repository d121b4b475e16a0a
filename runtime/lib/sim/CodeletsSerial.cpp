//===- CodeletsSerial.cpp - Whole-op fallbacks (serial.<op>) --------------===//
//
// serial.OP runs gnn op OP's reference kernel (gnnrt::Kernels.h,
// TrainKernels.h) on whole replicated operands: it builds gnnrt::Tensors
// from the tile's replicas, calls the kernel and copies the results back,
// so it is bit-identical to the reference by construction. Params are the
// op's attributes by ODS name (enums as keyword strings, unit attributes as
// 1, arrays as integer lists) plus operand_segments; sizes the op takes
// from its result type (num_segments of scatter, the iota length, the cast
// or reshape target) come from the result's declaration.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstring>
#include <optional>

#include "CodeletsCommon.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/TrainKernels.h"

namespace gnnrt::sim::detail {
namespace {

using Tensors = std::vector<Tensor>;

/// The inputs of one serial vertex, by ODS group.
struct Inputs {
  const std::vector<Tensor> *tensors = nullptr;
  Groups groups;
  const Tensor *get(int g) const {
    return groups.has(g) ? &(*tensors)[groups.first[g]] : nullptr;
  }
  const Tensor &req(int g) const { return (*tensors)[groups.first[g]]; }
};

using ComputeFn = absl::StatusOr<Tensors> (*)(const Vertex &, const Inputs &,
                                              const Decls &outs);
using ParamCheckFn = absl::Status (*)(const char *cn, const Vertex &);
using CostFn = int64_t (*)(const TargetModel &, const CostParams &, Slices,
                           Slices);

struct SerialDef {
  const char *name;
  std::vector<Group> groups;
  size_t minOuts, maxOuts;
  ParamCheckFn params;
  ComputeFn compute;
  CostFn cost;
};

const std::vector<SerialDef> &defs();
const SerialDef *findDef(const std::string &name) {
  for (const SerialDef &d : defs())
    if (name == d.name)
      return &d;
  return nullptr;
}

/// Operand groups, disambiguating by dtype the ops whose optional operands
/// differ in type (degree: weights f32 / mask i1; add_self_loops).
absl::Status groupsOf(const SerialDef &d, const Vertex &v,
                      const std::vector<DType> &dtypes, Groups &g) {
  std::string name = d.name;
  bool segs = paramIntsRef(v.params, kOperandSegments) != nullptr;
  if (!segs && name == "serial.degree" && dtypes.size() == 2) {
    bool isMask = dtypes[1] == DType::kBool;
    g = Groups();
    g.count = 3;
    g.first[0] = 0;
    g.size[0] = 1;
    g.first[1] = g.first[2] = 1;
    g.size[isMask ? 2 : 1] = 1;
    return absl::OkStatus();
  }
  if (!segs && name == "serial.dropout" && dtypes.size() == 2) {
    // x, offset: programs from before positions existed.
    g = Groups();
    g.count = 3;
    g.first[0] = 0;
    g.size[0] = 1;
    g.first[1] = 1;
    g.size[1] = 1;
    g.first[2] = 2;
    return absl::OkStatus();
  }
  if (!segs && name == "serial.add_self_loops" && dtypes.size() == 4) {
    // src, dst, then weights (f32) or nodes, then nodes or mask (i1).
    bool hasMask = dtypes[3] == DType::kBool;
    g = Groups();
    g.count = 5;
    int sizes[5] = {1, 1, hasMask ? 0 : 1, 1, hasMask ? 1 : 0};
    int at = 0;
    for (int i = 0; i < 5; ++i) {
      g.first[i] = at;
      g.size[i] = sizes[i];
      at += sizes[i];
    }
    return absl::OkStatus();
  }
  return resolveGroups(d.name, v, dtypes.size(), d.groups, g);
}

absl::Status serialCheck(const Vertex &v, const Decls &ins,
                         const Decls &outs) {
  const SerialDef *d = findDef(v.codelet);
  if (!d)
    return invalid(absl::StrCat("unknown serial codelet '", v.codelet, "'"));
  const char *cn = d->name;
  std::vector<DType> dtypes;
  for (const TensorDecl *t : ins)
    dtypes.push_back(t->dtype);
  Groups g;
  if (absl::Status s = groupsOf(*d, v, dtypes, g); !s.ok())
    return s;
  if (absl::Status s =
          checkCount(cn, "results", outs.size(), d->minOuts, d->maxOuts);
      !s.ok())
    return s;
  for (const TensorDecl *t : ins)
    if (absl::Status s = requireReplicated(cn, "operand", t); !s.ok())
      return s;
  for (const TensorDecl *t : outs)
    if (absl::Status s = requireReplicated(cn, "result", t); !s.ok())
      return s;
  if (absl::Status s = requireNoAlias(cn, ins, outs); !s.ok())
    return s;
  if (d->params)
    return d->params(cn, v);
  return absl::OkStatus();
}

absl::Status serialRun(const Vertex &v, Slices ins, Slices outs) {
  const SerialDef *d = findDef(v.codelet);
  if (!d)
    return invalid(absl::StrCat("unknown serial codelet '", v.codelet, "'"));
  std::vector<Tensor> tensors;
  std::vector<DType> dtypes;
  tensors.reserve(ins.size());
  for (const LocalSlice &s : ins) {
    Tensor t(s.decl->dtype, s.decl->shape);
    if (s.numElements() != t.numElements())
      return invalid(absl::StrCat(d->name, ": the tile holds ",
                                  s.numElements(), " elements of '",
                                  s.decl->name, "', not the whole tensor"));
    if (t.sizeInBytes() > 0)
      std::memcpy(t.rawData(), s.data, static_cast<size_t>(t.sizeInBytes()));
    dtypes.push_back(t.dtype());
    tensors.push_back(std::move(t));
  }
  Inputs in;
  in.tensors = &tensors;
  if (absl::Status s = groupsOf(*d, v, dtypes, in.groups); !s.ok())
    return s;
  Decls outDecls;
  for (const LocalSlice &s : outs)
    outDecls.push_back(s.decl);
  absl::StatusOr<Tensors> result = d->compute(v, in, outDecls);
  if (!result.ok())
    return invalid(absl::StrCat(d->name, ": ", result.status().message()));
  if (result->size() < outs.size())
    return invalid(absl::StrCat(d->name, ": the kernel returned ",
                                result->size(), " results, the vertex has ",
                                outs.size()));
  for (size_t i = 0; i < outs.size(); ++i) {
    const Tensor &r = (*result)[i];
    const LocalSlice &o = outs[i];
    if (r.dtype() != o.decl->dtype || r.shape() != o.decl->shape)
      return invalid(absl::StrCat(
          d->name, ": result ", i, " is ", dtypeName(r.dtype()),
          shapeToString(r.shape()), " but '", o.decl->name, "' is ",
          dtypeName(o.decl->dtype), shapeToString(o.decl->shape)));
    if (o.numElements() != r.numElements())
      return invalid(absl::StrCat(d->name, ": the tile holds ",
                                  o.numElements(), " elements of '",
                                  o.decl->name, "', not the whole tensor"));
    if (r.sizeInBytes() > 0)
      std::memcpy(o.data, r.rawData(), static_cast<size_t>(r.sizeInBytes()));
  }
  return absl::OkStatus();
}

//===-- Param checks ----------------------------------------------------===//

template <const char *Key, ParamKind Kind>
absl::Status requireParam(const char *cn, const Vertex &v) {
  return checkParam(cn, v, Key, Kind, true);
}
absl::Status reduceEnum(const char *cn, const Vertex &v, const char *key) {
  return checkEnumParam(cn, v, key, {"sum", "mean", "max", "min"}, true);
}
absl::Status reduceParamCheck(const char *cn, const Vertex &v) {
  return reduceEnum(cn, v, "reduce");
}
absl::Status kindParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = reduceEnum(cn, v, "kind"); !s.ok())
    return s;
  return checkParam(cn, v, "dims", ParamKind::kInts, true);
}
absl::Status segmentsParamCheck(const char *cn, const Vertex &v) {
  return checkParam(cn, v, "num_segments", ParamKind::kInt, true);
}
absl::Status axisParamCheck(const char *cn, const Vertex &v) {
  return checkParam(cn, v, "axis", ParamKind::kInt, true);
}
absl::Status sliceParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = axisParamCheck(cn, v); !s.ok())
    return s;
  return checkParam(cn, v, "offset", ParamKind::kInt, true);
}
absl::Status cmpParamCheck(const char *cn, const Vertex &v) {
  return checkEnumParam(cn, v, "predicate", {"eq", "ne", "lt", "le", "gt", "ge"},
                        true);
}
absl::Status classLossParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s =
          checkEnumParam(cn, v, "reduction", {"mean", "sum"}, true);
      !s.ok())
    return s;
  return checkParam(cn, v, "ignore_index", ParamKind::kInt, false);
}
absl::Status lossParamCheck(const char *cn, const Vertex &v) {
  return checkEnumParam(cn, v, "reduction", {"mean", "sum"}, true);
}
absl::Status permutationParamCheck(const char *cn, const Vertex &v) {
  return checkParam(cn, v, "permutation", ParamKind::kInts, true);
}
absl::Status leakyParamCheck(const char *cn, const Vertex &v) {
  return checkParam(cn, v, "negative_slope", ParamKind::kFloat, false);
}
absl::Status eluParamCheck(const char *cn, const Vertex &v) {
  return checkParam(cn, v, "alpha", ParamKind::kFloat, false);
}
absl::Status powParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = checkParam(cn, v, "exponent", ParamKind::kFloat, true);
      !s.ok())
    return s;
  return checkParam(cn, v, "inf_to_zero", ParamKind::kInt, false);
}
absl::Status dropoutParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = checkParam(cn, v, "p", ParamKind::kFloat, true);
      !s.ok())
    return s;
  return checkParam(cn, v, "seed", ParamKind::kInt, false);
}
absl::Status batchNormParamCheck(const char *cn, const Vertex &v) {
  for (const char *k : {"eps", "momentum"})
    if (absl::Status s = checkParam(cn, v, k, ParamKind::kFloat, false);
        !s.ok())
      return s;
  return checkParam(cn, v, "training", ParamKind::kInt, false);
}
absl::Status selfLoopsParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s =
          checkEnumParam(cn, v, "mode", {"all", "remaining"}, true);
      !s.ok())
    return s;
  return checkParam(cn, v, "fill_value", ParamKind::kFloat, false);
}
absl::Status sgdParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = checkParam(cn, v, "lr", ParamKind::kFloat, true);
      !s.ok())
    return s;
  for (const char *k : {"momentum", "dampening", "weight_decay"})
    if (absl::Status s = checkParam(cn, v, k, ParamKind::kFloat, false);
        !s.ok())
      return s;
  return checkParam(cn, v, "nesterov", ParamKind::kInt, false);
}
absl::Status adamParamCheck(const char *cn, const Vertex &v) {
  if (absl::Status s = checkParam(cn, v, "lr", ParamKind::kFloat, true);
      !s.ok())
    return s;
  for (const char *k : {"beta1", "beta2", "eps", "weight_decay"})
    if (absl::Status s = checkParam(cn, v, k, ParamKind::kFloat, false);
        !s.ok())
      return s;
  return checkParam(cn, v, "decoupled", ParamKind::kInt, false);
}

//===-- Helpers for compute functions -----------------------------------===//

Reduce reduceOf(const Vertex &v, const char *key) {
  ReduceKind k = ReduceKind::kSum;
  parseReduce(paramStringRef(v.params, key), k);
  switch (k) {
  case ReduceKind::kSum:
    return Reduce::kSum;
  case ReduceKind::kMean:
    return Reduce::kMean;
  case ReduceKind::kMax:
    return Reduce::kMax;
  case ReduceKind::kMin:
    return Reduce::kMin;
  }
  return Reduce::kSum;
}
LossReduction lossReductionOf(const Vertex &v) {
  const std::string *s = paramStringRef(v.params, "reduction");
  return s && *s == "sum" ? LossReduction::kSum : LossReduction::kMean;
}
int64_t dim0(const Decls &outs, size_t i = 0) {
  return outs.size() > i && !outs[i]->shape.empty() ? outs[i]->shape[0] : 0;
}
absl::StatusOr<Tensors> one(absl::StatusOr<Tensor> t) {
  if (!t.ok())
    return t.status();
  Tensors r;
  r.push_back(*std::move(t));
  return r;
}
int64_t reqInt(const Vertex &v, const char *key) {
  return intOr(v.params, key, 0);
}

//===-- Compute functions -----------------------------------------------===//

absl::StatusOr<Tensors> gatherC(const Vertex &, const Inputs &in,
                                const Decls &) {
  return one(gather(in.req(0), in.req(1)));
}
absl::StatusOr<Tensors> scatterC(const Vertex &v, const Inputs &in,
                                 const Decls &outs) {
  return one(scatter(in.req(0), in.req(1), dim0(outs), reduceOf(v, "reduce"),
                     in.get(2)));
}
absl::StatusOr<Tensors> degreeC(const Vertex &, const Inputs &in,
                                const Decls &outs) {
  return one(degree(in.req(0), dim0(outs), in.get(1), in.get(2)));
}
absl::StatusOr<Tensors> segmentSoftmaxC(const Vertex &v, const Inputs &in,
                                        const Decls &) {
  return one(segmentSoftmax(in.req(0), in.req(1), reqInt(v, "num_segments"),
                            in.get(2)));
}
absl::StatusOr<Tensors> booleanIndexC(const Vertex &, const Inputs &in,
                                      const Decls &) {
  return one(booleanIndex(in.req(0), in.req(1)));
}
absl::StatusOr<Tensors> addSelfLoopsC(const Vertex &v, const Inputs &in,
                                      const Decls &) {
  const std::string *mode = paramStringRef(v.params, "mode");
  const Tensor &nodes = in.req(3);
  absl::StatusOr<EdgeList> r = addSelfLoops(
      in.req(0), in.req(1), in.get(2), nodes.rank() ? nodes.dim(0) : 0,
      mode && *mode == "remaining",
      static_cast<float>(floatOr(v.params, "fill_value", 1.0)), in.get(4));
  if (!r.ok())
    return r.status();
  Tensors t;
  t.push_back(std::move(r->src));
  t.push_back(std::move(r->dst));
  if (in.get(2))
    t.push_back(std::move(r->weights));
  return t;
}
absl::StatusOr<Tensors> linearC(const Vertex &, const Inputs &in,
                                const Decls &) {
  return one(linear(in.req(0), in.req(1), in.get(2)));
}
absl::StatusOr<Tensors> matmulC(const Vertex &, const Inputs &in,
                                const Decls &) {
  return one(matmul(in.req(0), in.req(1)));
}
template <BinaryOp Op>
absl::StatusOr<Tensors> binaryC(const Vertex &, const Inputs &in,
                                const Decls &) {
  return one(binary(Op, in.req(0), in.req(1)));
}
template <UnaryOp Op>
absl::StatusOr<Tensors> unaryC(const Vertex &v, const Inputs &in,
                               const Decls &) {
  double param = 0.0;
  if (Op == UnaryOp::kLeakyRelu)
    param = floatOr(v.params, "negative_slope", 0.01);
  else if (Op == UnaryOp::kElu)
    param = floatOr(v.params, "alpha", 1.0);
  else if (Op == UnaryOp::kPow)
    param = floatOr(v.params, "exponent", 1.0);
  return one(unary(Op, in.req(0), param,
                   intOr(v.params, "inf_to_zero", 0) != 0));
}
absl::StatusOr<Tensors> dropoutC(const Vertex &v, const Inputs &in,
                                 const Decls &) {
  uint64_t offset =
      in.get(1) ? static_cast<uint64_t>(in.get(1)->intAt(0)) : 0;
  double p = floatOr(v.params, "p", 0.0);
  uint64_t seed = static_cast<uint64_t>(intOr(v.params, "seed", 0));
  if (const Tensor *positions = in.get(2))
    return one(dropoutAt(in.req(0), *positions, p, seed, offset));
  return one(dropout(in.req(0), p, seed, offset));
}
absl::StatusOr<Tensors> softmaxC(const Vertex &v, const Inputs &in,
                                 const Decls &) {
  return one(softmax(in.req(0), reqInt(v, "axis")));
}
absl::StatusOr<Tensors> logSoftmaxC(const Vertex &v, const Inputs &in,
                                    const Decls &) {
  return one(logSoftmax(in.req(0), reqInt(v, "axis")));
}
absl::StatusOr<Tensors> batchNormC(const Vertex &v, const Inputs &in,
                                   const Decls &outs) {
  bool training = intOr(v.params, "training", 0) != 0;
  if (training && outs.size() != 3)
    return absl::InvalidArgumentError(
        "training batch norm has 3 results (y, new running mean, new "
        "running var)");
  absl::StatusOr<BatchNormResult> r = batchNorm(
      in.req(0), in.req(1), in.req(2), in.req(3), in.req(4),
      floatOr(v.params, "eps", 1e-5), floatOr(v.params, "momentum", 0.1),
      training, in.get(5));
  if (!r.ok())
    return r.status();
  Tensors t;
  t.push_back(std::move(r->output));
  t.push_back(std::move(r->runningMean));
  t.push_back(std::move(r->runningVar));
  return t;
}
absl::StatusOr<Tensors> concatC(const Vertex &v, const Inputs &in,
                                const Decls &) {
  std::vector<const Tensor *> ptrs;
  for (const Tensor &t : *in.tensors)
    ptrs.push_back(&t);
  return one(concat(ptrs, reqInt(v, "axis")));
}
absl::StatusOr<Tensors> sliceC(const Vertex &v, const Inputs &in,
                               const Decls &outs) {
  const Tensor &x = in.req(0);
  int64_t axis = reqInt(v, "axis");
  int64_t a = axis < 0 ? axis + x.rank() : axis;
  int64_t size = 0;
  if (const int64_t *s = paramIntRef(v.params, "size"))
    size = *s;
  else if (a >= 0 && a < static_cast<int64_t>(outs[0]->shape.size()))
    size = outs[0]->shape[a];
  return one(slice(x, axis, reqInt(v, "offset"), size));
}
absl::StatusOr<Tensors> reshapeC(const Vertex &, const Inputs &in,
                                 const Decls &outs) {
  return one(reshape(in.req(0), outs[0]->shape));
}
absl::StatusOr<Tensors> whereC(const Vertex &, const Inputs &in,
                               const Decls &) {
  return one(where(in.req(0), in.req(1), in.req(2)));
}
absl::StatusOr<Tensors> cmpC(const Vertex &v, const Inputs &in,
                             const Decls &) {
  const std::string *p = paramStringRef(v.params, "predicate");
  ComparePredicate pred = ComparePredicate::kEq;
  static const std::pair<const char *, ComparePredicate> names[] = {
      {"eq", ComparePredicate::kEq}, {"ne", ComparePredicate::kNe},
      {"lt", ComparePredicate::kLt}, {"le", ComparePredicate::kLe},
      {"gt", ComparePredicate::kGt}, {"ge", ComparePredicate::kGe}};
  for (const auto &[n, e] : names)
    if (p && *p == n)
      pred = e;
  return one(compare(pred, in.req(0), in.req(1)));
}
template <LogicalOp Op>
absl::StatusOr<Tensors> logicalC(const Vertex &, const Inputs &in,
                                 const Decls &) {
  return one(logical(Op, in.req(0), in.req(1)));
}
absl::StatusOr<Tensors> notC(const Vertex &, const Inputs &in, const Decls &) {
  return one(logicalNot(in.req(0)));
}
absl::StatusOr<Tensors> iotaC(const Vertex &, const Inputs &,
                              const Decls &outs) {
  return one(iota(outs[0]->dtype, dim0(outs)));
}
absl::StatusOr<Tensors> castC(const Vertex &, const Inputs &in,
                              const Decls &outs) {
  return one(cast(in.req(0), outs[0]->dtype));
}
absl::StatusOr<Tensors> reduceC(const Vertex &v, const Inputs &in,
                                const Decls &) {
  const std::vector<int64_t> *dims = paramIntsRef(v.params, "dims");
  std::vector<int64_t> none;
  return one(reduce(in.req(0), dims ? *dims : none, reduceOf(v, "kind"),
                    in.get(1)));
}
absl::StatusOr<Tensors> globalPoolC(const Vertex &v, const Inputs &in,
                                    const Decls &outs) {
  return one(globalPool(in.req(0), in.req(1), dim0(outs),
                        reduceOf(v, "reduce"), in.get(2)));
}
absl::StatusOr<Tensors> crossEntropyC(const Vertex &v, const Inputs &in,
                                      const Decls &) {
  return one(crossEntropy(in.req(0), in.req(1), in.get(2),
                          intOr(v.params, "ignore_index", -100),
                          lossReductionOf(v)));
}
absl::StatusOr<Tensors> nllLossC(const Vertex &v, const Inputs &in,
                                 const Decls &) {
  return one(nllLoss(in.req(0), in.req(1), in.get(2),
                     intOr(v.params, "ignore_index", -100),
                     lossReductionOf(v)));
}
absl::StatusOr<Tensors> mseLossC(const Vertex &v, const Inputs &in,
                                 const Decls &) {
  return one(mseLoss(in.req(0), in.req(1), in.get(2), lossReductionOf(v)));
}
absl::StatusOr<Tensors> l1LossC(const Vertex &v, const Inputs &in,
                                const Decls &) {
  return one(l1Loss(in.req(0), in.req(1), in.get(2), lossReductionOf(v)));
}
absl::StatusOr<Tensors> transposeC(const Vertex &v, const Inputs &in,
                                   const Decls &) {
  const std::vector<int64_t> *perm = paramIntsRef(v.params, "permutation");
  std::vector<int64_t> none;
  return one(transpose(in.req(0), perm ? *perm : none));
}
absl::StatusOr<Tensors> sgdC(const Vertex &v, const Inputs &in,
                             const Decls &) {
  SgdOptions o;
  o.lr = floatOr(v.params, "lr", 0.0);
  o.momentum = floatOr(v.params, "momentum", 0.0);
  o.dampening = floatOr(v.params, "dampening", 0.0);
  o.weightDecay = floatOr(v.params, "weight_decay", 0.0);
  o.nesterov = intOr(v.params, "nesterov", 0) != 0;
  absl::StatusOr<SgdResult> r =
      sgdUpdate(in.req(0), in.req(1), in.get(3), in.req(2).intAt(0), o);
  if (!r.ok())
    return r.status();
  Tensors t;
  t.push_back(std::move(r->param));
  if (in.get(3))
    t.push_back(std::move(r->momentumBuffer));
  return t;
}
absl::StatusOr<Tensors> adamC(const Vertex &v, const Inputs &in,
                              const Decls &) {
  AdamOptions o;
  o.lr = floatOr(v.params, "lr", 1e-3);
  o.beta1 = floatOr(v.params, "beta1", 0.9);
  o.beta2 = floatOr(v.params, "beta2", 0.999);
  o.eps = floatOr(v.params, "eps", 1e-8);
  o.weightDecay = floatOr(v.params, "weight_decay", 0.0);
  o.decoupled = intOr(v.params, "decoupled", 0) != 0;
  absl::StatusOr<AdamResult> r = adamUpdate(
      in.req(0), in.req(1), in.req(2), in.req(3), in.req(4).intAt(0), o);
  if (!r.ok())
    return r.status();
  Tensors t;
  t.push_back(std::move(r->param));
  t.push_back(std::move(r->expAvg));
  t.push_back(std::move(r->expAvgSq));
  return t;
}

//===-- Costs (the whole op on one tile) --------------------------------===//

int64_t totalOut(Slices outs) {
  int64_t n = 0;
  for (const LocalSlice &s : outs)
    n += s.numElements();
  return n;
}
int64_t costElementwise(const TargetModel &t, const CostParams &p, Slices,
                        Slices outs) {
  return elementwiseCycles(t, p, outs[0].decl->dtype, totalOut(outs));
}
int64_t costInputs(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices) {
  int64_t n = 0;
  for (const LocalSlice &s : ins)
    n += s.numElements();
  return vectorCycles(t, p, DType::kF32, n, 2);
}
int64_t costTranscendental(const TargetModel &t, const CostParams &p, Slices,
                           Slices outs) {
  return scalarCycles(t, p, totalOut(outs), kTranscendentalCycles);
}
int64_t costRng(const TargetModel &t, const CostParams &p, Slices,
                Slices outs) {
  return scalarCycles(t, p, totalOut(outs), kRngCycles);
}
int64_t costSoftmaxLike(const TargetModel &t, const CostParams &p, Slices ins,
                        Slices) {
  return scalarCycles(t, p, ins[0].numElements(),
                      2 * kTranscendentalCycles + 2);
}
int64_t costGather(const TargetModel &t, const CostParams &p, Slices,
                   Slices outs) {
  const LocalSlice &o = outs[0];
  return gatherCycles(t, p, o.rows, o.rowElements * dtypeSize(o.decl->dtype));
}
int64_t costScatter(const TargetModel &t, const CostParams &p, Slices ins,
                    Slices outs) {
  const LocalSlice &src = ins[0];
  int64_t rowBytes = src.decl->shape.empty()
                         ? 4
                         : src.rowElements * dtypeSize(DType::kF32);
  return elementwiseCycles(t, p, DType::kF32, outs[0].numElements()) +
         scatterCycles(t, p, src.rows, rowBytes);
}
int64_t costLinear(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices outs) {
  int64_t k = ins[1].decl->shape.size() == 2 ? ins[1].decl->shape[1] : 1;
  return matmulCycles(t, p, outs[0].numElements() * k);
}
int64_t costMatmul(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices outs) {
  int64_t k = ins[0].decl->shape.size() == 2 ? ins[0].decl->shape[1] : 1;
  return matmulCycles(t, p, outs[0].numElements() * k);
}
int64_t costOptimizer(const TargetModel &t, const CostParams &p, Slices,
                      Slices outs) {
  return scalarCycles(t, p, outs[0].numElements(),
                      6 + 2 * kTranscendentalCycles);
}

template <UnaryOp Op> SerialDef unaryDef(const char *name, ParamCheckFn pc) {
  bool cheap = Op == UnaryOp::kRelu || Op == UnaryOp::kNeg ||
               Op == UnaryOp::kAbs || Op == UnaryOp::kLeakyRelu;
  return SerialDef{name,
                   {Group::kRequired},
                   1,
                   1,
                   pc,
                   unaryC<Op>,
                   cheap ? costElementwise : costTranscendental};
}
template <BinaryOp Op> SerialDef binaryDef(const char *name) {
  return SerialDef{name,
                   {Group::kRequired, Group::kRequired},
                   1,
                   1,
                   nullptr,
                   binaryC<Op>,
                   Op == BinaryOp::kDiv ? costTranscendental : costElementwise};
}

const std::vector<SerialDef> &defs() {
  using G = Group;
  const G R = G::kRequired, O = G::kOptional, V = G::kVariadic;
  static const std::vector<SerialDef> *d = new std::vector<SerialDef>{
      {"serial.gather", {R, R}, 1, 1, nullptr, gatherC, costGather},
      {"serial.scatter", {R, R, O}, 1, 1, reduceParamCheck, scatterC,
       costScatter},
      {"serial.degree", {R, O, O}, 1, 1, nullptr, degreeC, costScatter},
      {"serial.segment_softmax", {R, R, O}, 1, 1, segmentsParamCheck,
       segmentSoftmaxC, costSoftmaxLike},
      {"serial.boolean_index", {R, R}, 1, 1, nullptr, booleanIndexC,
       costGather},
      {"serial.add_self_loops", {R, R, O, R, O}, 2, 3, selfLoopsParamCheck,
       addSelfLoopsC, costElementwise},
      {"serial.linear", {R, R, O}, 1, 1, nullptr, linearC, costLinear},
      {"serial.matmul", {R, R}, 1, 1, nullptr, matmulC, costMatmul},
      binaryDef<BinaryOp::kAdd>("serial.add"),
      binaryDef<BinaryOp::kSub>("serial.sub"),
      binaryDef<BinaryOp::kMul>("serial.mul"),
      binaryDef<BinaryOp::kDiv>("serial.div"),
      binaryDef<BinaryOp::kMax>("serial.max"),
      binaryDef<BinaryOp::kMin>("serial.min"),
      unaryDef<UnaryOp::kRelu>("serial.relu", nullptr),
      unaryDef<UnaryOp::kSigmoid>("serial.sigmoid", nullptr),
      unaryDef<UnaryOp::kTanh>("serial.tanh", nullptr),
      unaryDef<UnaryOp::kExp>("serial.exp", nullptr),
      unaryDef<UnaryOp::kLog>("serial.log", nullptr),
      unaryDef<UnaryOp::kNeg>("serial.neg", nullptr),
      unaryDef<UnaryOp::kSqrt>("serial.sqrt", nullptr),
      unaryDef<UnaryOp::kAbs>("serial.abs", nullptr),
      unaryDef<UnaryOp::kLeakyRelu>("serial.leaky_relu", leakyParamCheck),
      unaryDef<UnaryOp::kElu>("serial.elu", eluParamCheck),
      unaryDef<UnaryOp::kPow>("serial.pow", powParamCheck),
      {"serial.dropout", {R, O, O}, 1, 1, dropoutParamCheck, dropoutC, costRng},
      {"serial.softmax", {R}, 1, 1, axisParamCheck, softmaxC,
       costSoftmaxLike},
      {"serial.log_softmax", {R}, 1, 1, axisParamCheck, logSoftmaxC,
       costSoftmaxLike},
      {"serial.batch_norm", {R, R, R, R, R, O}, 1, 3, batchNormParamCheck,
       batchNormC, costInputs},
      {"serial.concat", {V}, 1, 1, axisParamCheck, concatC, costElementwise},
      {"serial.slice", {R}, 1, 1, sliceParamCheck, sliceC, costElementwise},
      {"serial.reshape", {R}, 1, 1, nullptr, reshapeC, costElementwise},
      {"serial.where", {R, R, R}, 1, 1, nullptr, whereC, costElementwise},
      {"serial.cmp", {R, R}, 1, 1, cmpParamCheck, cmpC, costElementwise},
      {"serial.and", {R, R}, 1, 1, nullptr, logicalC<LogicalOp::kAnd>,
       costElementwise},
      {"serial.or", {R, R}, 1, 1, nullptr, logicalC<LogicalOp::kOr>,
       costElementwise},
      {"serial.xor", {R, R}, 1, 1, nullptr, logicalC<LogicalOp::kXor>,
       costElementwise},
      {"serial.not", {R}, 1, 1, nullptr, notC, costElementwise},
      {"serial.iota", {}, 1, 1, nullptr, iotaC, costElementwise},
      {"serial.cast", {R}, 1, 1, nullptr, castC, costElementwise},
      {"serial.reduce", {R, O}, 1, 1, kindParamCheck, reduceC, costInputs},
      {"serial.global_pool", {R, R, O}, 1, 1, reduceParamCheck, globalPoolC,
       costScatter},
      {"serial.cross_entropy", {R, R, O}, 1, 1, classLossParamCheck,
       crossEntropyC, costSoftmaxLike},
      {"serial.nll_loss", {R, R, O}, 1, 1, classLossParamCheck, nllLossC,
       costInputs},
      {"serial.mse_loss", {R, R, O}, 1, 1, lossParamCheck, mseLossC,
       costInputs},
      {"serial.l1_loss", {R, R, O}, 1, 1, lossParamCheck, l1LossC,
       costInputs},
      {"serial.transpose", {R}, 1, 1, permutationParamCheck, transposeC,
       costElementwise},
      {"serial.sgd_update", {R, R, R, O}, 1, 2, sgdParamCheck, sgdC,
       costOptimizer},
      {"serial.adam_update", {R, R, R, R, R}, 3, 3, adamParamCheck, adamC,
       costOptimizer},
  };
  return *d;
}

} // namespace

void addSerialCodelets(std::vector<Codelet> &out) {
  for (const SerialDef &d : defs())
    out.push_back({d.name, kVariadicArity, kVariadicArity, serialCheck,
                   serialRun, d.cost});
}

} // namespace gnnrt::sim::detail
