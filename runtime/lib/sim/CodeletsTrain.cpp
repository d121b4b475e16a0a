//===- CodeletsTrain.cpp - rows.adam_update, rows.sgd_update --------------===//
//
// Optimizer steps on the tile's rows of a parameter and its state, with
// gnnrt::adamUpdate / sgdUpdate's statements per element (TrainKernels.cpp:
// the same f32 roundings and std::fma calls), so results are bit-identical.
// Outputs may be the same tensors as the inputs (in-place update): each
// element is read completely before it is written.
//
//===----------------------------------------------------------------------===//
#include <cmath>

#include "CodeletsCommon.h"

namespace gnnrt::sim::detail {
namespace {

absl::Status stepCheck(const char *cn, const TensorDecl *step) {
  if (absl::Status s = requireReplicated(cn, "step", step); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "step", step, 0); !s.ok())
    return s;
  return requireInt(cn, "step", step);
}

absl::Status stateCheck(const char *cn, const char *role, const TensorDecl *t,
                        const TensorDecl *out) {
  if (absl::Status s = requireAlignedOrReplicated(cn, role, t, out); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, role, t, DType::kF32); !s.ok())
    return s;
  if (t->shape != out->shape)
    return invalid(absl::StrCat(cn, ": ", role, " '", t->name, "' has shape ",
                                shapeToString(t->shape), " but '", out->name,
                                "' has ", shapeToString(out->shape)));
  return absl::OkStatus();
}

absl::Status outsCheck(const char *cn, const Decls &outs) {
  for (const TensorDecl *o : outs) {
    if (absl::Status s = requireRowBlocked(cn, "result", o); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "result", o, DType::kF32); !s.ok())
      return s;
    if (o != outs[0])
      if (absl::Status s = requireAligned(cn, "result", o, outs[0]); !s.ok())
        return s;
  }
  return absl::OkStatus();
}

absl::Status floatParams(const char *cn, const Vertex &v,
                         std::initializer_list<const char *> optional) {
  if (absl::Status s = checkParam(cn, v, "lr", ParamKind::kFloat, true);
      !s.ok())
    return s;
  for (const char *k : optional)
    if (absl::Status s = checkParam(cn, v, k, ParamKind::kFloat, false);
        !s.ok())
      return s;
  return absl::OkStatus();
}

//===-- Adam ------------------------------------------------------------===//

absl::Status adamCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.adam_update";
  if (absl::Status s = outsCheck(cn, outs); !s.ok())
    return s;
  static const char *roles[] = {"param", "grad", "exp_avg", "exp_avg_sq"};
  for (int i = 0; i < 4; ++i)
    if (absl::Status s = stateCheck(cn, roles[i], ins[i], outs[0]); !s.ok())
      return s;
  if (absl::Status s = stepCheck(cn, ins[4]); !s.ok())
    return s;
  if (absl::Status s = floatParams(
          cn, v, {"beta1", "beta2", "eps", "weight_decay"});
      !s.ok())
    return s;
  return checkParam(cn, v, "decoupled", ParamKind::kInt, false);
}

absl::Status adamRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = "rows.adam_update";
  const LocalSlice &o = outs[0];
  int64_t n = o.numElements();
  View in[4];
  for (int i = 0; i < 4; ++i) {
    in[i] = rowView(ins[i], o);
    if (in[i].dims.elements() != n)
      return invalid(absl::StrCat(cn, ": local slice of '", ins[i].decl->name,
                                  "' has ", in[i].dims.elements(),
                                  " elements but '", o.decl->name, "' has ",
                                  n));
  }
  for (const LocalSlice &s : outs)
    if (s.numElements() != n)
      return invalid(absl::StrCat(cn, ": results have different local sizes"));
  int64_t step = scalarInt(ins[4]);
  if (step < 1)
    return invalid(absl::StrCat(cn, ": the step is ", step,
                                "; steps count from 1"));
  double lr = 0.0;
  if (!paramAsDouble(v.params, "lr", lr))
    return invalid(absl::StrCat(cn, ": missing param 'lr'"));
  const double beta1d = floatOr(v.params, "beta1", 0.9);
  const double beta2d = floatOr(v.params, "beta2", 0.999);
  const double epsd = floatOr(v.params, "eps", 1e-8);
  const double weightDecay = floatOr(v.params, "weight_decay", 0.0);
  const bool decoupled = intOr(v.params, "decoupled", 0) != 0;
  // gnnrt::adamUpdate's constants.
  const double t = static_cast<double>(step);
  const double biasCorrection1 = 1.0 - std::pow(beta1d, t);
  const double biasCorrection2 = 1.0 - std::pow(beta2d, t);
  const double stepSize = lr / biasCorrection1;
  const double biasCorrection2Sqrt = std::sqrt(biasCorrection2);
  const float decay = static_cast<float>(1.0 - lr * weightDecay);
  const float wd = static_cast<float>(weightDecay);
  const float beta1 = static_cast<float>(beta1d);
  const float beta2 = static_cast<float>(beta2d);
  const float oneMinusBeta1 = static_cast<float>(1.0 - beta1d);
  const float oneMinusBeta2 = static_cast<float>(1.0 - beta2d);
  const float bc2Sqrt = static_cast<float>(biasCorrection2Sqrt);
  const float eps = static_cast<float>(epsd);
  const float negStepSize = static_cast<float>(-stepSize);
  const bool useWd = weightDecay != 0.0;

  const float *p = reinterpret_cast<const float *>(in[0].data);
  const float *g = reinterpret_cast<const float *>(in[1].data);
  const float *m = reinterpret_cast<const float *>(in[2].data);
  const float *vv = reinterpret_cast<const float *>(in[3].data);
  float *po = mptr<float>(outs[0]);
  float *mo = mptr<float>(outs[1]);
  float *vo = mptr<float>(outs[2]);
  for (int64_t i = 0; i < n; ++i) {
    float pi = p[i], gi = g[i], mi = m[i], vi0 = vv[i];
    if (decoupled)
      pi = pi * decay;
    else if (useWd)
      gi = std::fma(pi, wd, gi);
    float mn = std::fma(gi, oneMinusBeta1, mi * beta1);
    float vi = vi0 * beta2;
    float vn = vi + oneMinusBeta2 * gi * gi;
    float denom = std::sqrt(vn) / bc2Sqrt + eps;
    float pn = pi + negStepSize * mn / denom;
    po[i] = pn;
    mo[i] = mn;
    vo[i] = vn;
  }
  return absl::OkStatus();
}

int64_t adamCost(const TargetModel &t, const CostParams &p, Slices,
                 Slices outs) {
  // ~10 f32 operations per element including a sqrt and a divide.
  return scalarCycles(t, p, outs[0].numElements(),
                      6 + 2 * kTranscendentalCycles);
}

//===-- SGD -------------------------------------------------------------===//

/// Positions of the step and the momentum buffer among the inputs: the
/// step is the rank-0 integer operand (ODS order param, grad, step[, buf];
/// the order param, grad[, buf], step is accepted too).
struct SgdOperands {
  int step = 2, buf = -1;
};
bool isStep(const TensorDecl *t) {
  return t->shape.empty() &&
         (t->dtype == DType::kI32 || t->dtype == DType::kI64);
}
bool isStep(const LocalSlice &s) { return isStep(s.decl); }
template <typename D> SgdOperands sgdOperands(const D &ins) {
  SgdOperands o;
  if (ins.size() == 4) {
    bool stepLast = isStep(ins[3]) && !isStep(ins[2]);
    o.step = stepLast ? 3 : 2;
    o.buf = stepLast ? 2 : 3;
  }
  return o;
}

absl::Status sgdCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.sgd_update";
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), 3, 4); !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), ins.size() - 2,
                                  ins.size() - 2);
      !s.ok())
    return s;
  if (absl::Status s = outsCheck(cn, outs); !s.ok())
    return s;
  SgdOperands o = sgdOperands(ins);
  if (absl::Status s = stateCheck(cn, "param", ins[0], outs[0]); !s.ok())
    return s;
  if (absl::Status s = stateCheck(cn, "grad", ins[1], outs[0]); !s.ok())
    return s;
  if (absl::Status s = stepCheck(cn, ins[o.step]); !s.ok())
    return s;
  if (o.buf >= 0)
    if (absl::Status s = stateCheck(cn, "momentum_buffer", ins[o.buf], outs[0]);
        !s.ok())
      return s;
  if (absl::Status s =
          floatParams(cn, v, {"momentum", "dampening", "weight_decay"});
      !s.ok())
    return s;
  if (absl::Status s = checkParam(cn, v, "nesterov", ParamKind::kInt, false);
      !s.ok())
    return s;
  bool useMomentum = floatOr(v.params, "momentum", 0.0) != 0.0;
  if (useMomentum != (o.buf >= 0))
    return invalid(absl::StrCat(cn, ": a momentum buffer is needed exactly "
                                    "when momentum != 0"));
  return absl::OkStatus();
}

absl::Status sgdRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = "rows.sgd_update";
  const LocalSlice &o = outs[0];
  int64_t n = o.numElements();
  SgdOperands ops = sgdOperands(ins);
  View p = rowView(ins[0], o), g = rowView(ins[1], o);
  View buf;
  if (ops.buf >= 0)
    buf = rowView(ins[ops.buf], o);
  for (const View *w : {&p, &g, ops.buf >= 0 ? &buf : &p})
    if (w->dims.elements() != n)
      return invalid(absl::StrCat(cn, ": local slices of the state and '",
                                  o.decl->name, "' differ in size"));
  int64_t step = scalarInt(ins[ops.step]);
  if (step < 1)
    return invalid(absl::StrCat(cn, ": the step is ", step,
                                "; steps count from 1"));
  double lr = 0.0;
  if (!paramAsDouble(v.params, "lr", lr))
    return invalid(absl::StrCat(cn, ": missing param 'lr'"));
  const double momentumD = floatOr(v.params, "momentum", 0.0);
  const double dampeningD = floatOr(v.params, "dampening", 0.0);
  const double weightDecay = floatOr(v.params, "weight_decay", 0.0);
  const bool nesterov = intOr(v.params, "nesterov", 0) != 0;
  const bool useMomentum = momentumD != 0.0;
  if (useMomentum != (ops.buf >= 0) || outs.size() != (useMomentum ? 2u : 1u))
    return invalid(absl::StrCat(cn, ": a momentum buffer is needed exactly "
                                    "when momentum != 0"));
  const float wd = static_cast<float>(weightDecay);
  const float momentum = static_cast<float>(momentumD);
  const float oneMinusDampening = static_cast<float>(1.0 - dampeningD);
  const float negLr = static_cast<float>(-lr);
  const bool useWd = weightDecay != 0.0;
  const float *ps = reinterpret_cast<const float *>(p.data);
  const float *gs = reinterpret_cast<const float *>(g.data);
  const float *bs = reinterpret_cast<const float *>(buf.data);
  float *po = mptr<float>(outs[0]);
  float *bo = useMomentum ? mptr<float>(outs[1]) : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    float pi = ps[i];
    float d = gs[i];
    if (useWd)
      d = std::fma(pi, wd, d);
    if (useMomentum) {
      float b = step == 1 ? d : std::fma(d, oneMinusDampening, bs[i] * momentum);
      bo[i] = b;
      d = nesterov ? std::fma(b, momentum, d) : b;
    }
    po[i] = std::fma(d, negLr, pi);
  }
  return absl::OkStatus();
}

int64_t sgdCost(const TargetModel &t, const CostParams &p, Slices,
                Slices outs) {
  return vectorCycles(t, p, DType::kF32, outs[0].numElements(),
                      2 + 2 * static_cast<int64_t>(outs.size()));
}

} // namespace

void addTrainCodelets(std::vector<Codelet> &out) {
  out.push_back({"rows.adam_update", 5, 3, adamCheck, adamRun, adamCost});
  out.push_back({"rows.sgd_update", kVariadicArity, kVariadicArity, sgdCheck,
                 sgdRun, sgdCost});
}

} // namespace gnnrt::sim::detail
