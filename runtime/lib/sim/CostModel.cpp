//===- CostModel.cpp - The simulator's cycle model ------------------------===//
#include "gnnrt/sim/CostModel.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::sim {

static int64_t ceilDiv(int64_t a, int64_t b) { return b <= 0 ? a : (a + b - 1) / b; }

int64_t vectorCycles(const TargetModel &t, const CostParams &p, DType dtype,
                     int64_t elements, int64_t instrPerVector) {
  int64_t lanes = std::max<int64_t>(1, p.vectorBytes / dtypeSize(dtype));
  int64_t workers = std::max<int64_t>(1, t.workersPerTile);
  return workers * ceilDiv(elements, workers * lanes) * instrPerVector +
         p.vertexOverheadCycles;
}

int64_t scalarCycles(const TargetModel &t, const CostParams &p,
                     int64_t elements, int64_t cyclesPerElement) {
  int64_t workers = std::max<int64_t>(1, t.workersPerTile);
  return workers * ceilDiv(elements, workers) * cyclesPerElement +
         p.vertexOverheadCycles;
}

int64_t gatherCycles(const TargetModel &t, const CostParams &p, int64_t rows,
                     int64_t rowBytes) {
  int64_t workers = std::max<int64_t>(1, t.workersPerTile);
  int64_t perRow = kRowOverheadCycles +
                   ceilDiv(rowBytes, std::max<int64_t>(1, p.vectorBytes));
  return workers * ceilDiv(rows, workers) * perRow + p.vertexOverheadCycles;
}

int64_t scatterCycles(const TargetModel &t, const CostParams &p, int64_t rows,
                      int64_t rowBytes) {
  int64_t workers = std::max<int64_t>(1, t.workersPerTile);
  int64_t perRow = kRowOverheadCycles +
                   3 * ceilDiv(rowBytes, std::max<int64_t>(1, p.vectorBytes));
  return workers * ceilDiv(rows, workers) * perRow + p.vertexOverheadCycles;
}

int64_t elementwiseCycles(const TargetModel &target, const CostParams &params,
                          DType dtype, int64_t elements) {
  return vectorCycles(target, params, dtype, elements, 1);
}

int64_t matmulCycles(const TargetModel &, const CostParams &params,
                     int64_t macs) {
  return ceilDiv(macs, std::max<int64_t>(1, params.f32MacsPerCycle)) +
         params.vertexOverheadCycles;
}

int64_t exchangeCycles(const TargetModel &target, int64_t maxSent,
                       int64_t maxReceived) {
  return ceilDiv(std::max(maxSent, maxReceived),
                 std::max<int64_t>(1, target.exchangeBytesPerCycle));
}

ExchangeCost exchangeCost(const TargetModel &target,
                          const std::vector<TileTraffic> &traffic) {
  ExchangeCost cost;
  int64_t maxSent = 0, maxRecv = 0, active = 0;
  int64_t minTile = std::numeric_limits<int64_t>::max();
  double sum = 0;
  for (const TileTraffic &t : traffic) {
    cost.bytes += t.sent;
    maxSent = std::max(maxSent, t.sent);
    maxRecv = std::max(maxRecv, t.received);
    if (t.sent == 0 && t.received == 0)
      continue;
    int64_t c = exchangeCycles(target, t.sent, t.received);
    minTile = std::min(minTile, c);
    sum += static_cast<double>(c);
    ++active;
  }
  cost.cycles = exchangeCycles(target, maxSent, maxRecv);
  cost.minTileCycles = active ? minTile : 0;
  cost.meanTileCycles = active ? sum / static_cast<double>(active) : 0.0;
  return cost;
}

double Profile::loadImbalance() const {
  return balancedComputeCycles > 0
             ? static_cast<double>(computeCycles) / balancedComputeCycles
             : 1.0;
}

double Profile::runsPerSecond() const {
  return seconds > 0 ? static_cast<double>(runs) / seconds : 0.0;
}

std::string Profile::toString() const {
  auto pct = [&](int64_t c) {
    return totalCycles ? 100.0 * static_cast<double>(c) / totalCycles : 0.0;
  };
  std::string out = absl::StrFormat(
      "total %d cycles (%.3g s): compute %d (%.1f%%), exchange %d (%.1f%%), "
      "sync %d (%.1f%%)\n"
      "bytes exchanged %d, host bytes %d; tile memory max %d bytes, mean "
      "%.1f bytes\n",
      totalCycles, seconds, computeCycles, pct(computeCycles), exchangeCycles,
      pct(exchangeCycles), syncCycles, pct(syncCycles), bytesExchanged,
      hostBytes, maxBytesPerTile, meanBytesPerTile);
  absl::StrAppend(&out, "  #  kind         name                  runs       "
                        "cycles        bytes   host ms\n");
  for (const StepProfile &s : steps)
    absl::StrAppend(
        &out, absl::StrFormat("%3d  %-12s %-20s %5d %12d %12d %9.3f\n",
                              s.index, stepKindName(s.kind), s.name,
                              s.executions, s.cycles, s.bytes,
                              1e3 * s.hostSeconds));
  return out;
}

namespace {

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20)
        out += absl::StrFormat("\\u%04x", static_cast<int>(c));
      else
        out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

/// A finite JSON number (JSON has no NaN or infinity).
std::string jsonNumber(double v) {
  if (!std::isfinite(v))
    return "0";
  return absl::StrFormat("%.17g", v);
}

std::string xmlEscape(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      // Control characters are not allowed in XML 1.0.
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n')
        out += c;
    }
  }
  return out;
}

const char *kindColour(Step::Kind kind) {
  switch (kind) {
  case Step::Kind::kComputeSet:
    return "#4e79a7";
  case Step::Kind::kExchange:
    return "#f28e2b";
  case Step::Kind::kSync:
    return "#9d9d9d";
  case Step::Kind::kRepeat:
    return "#ffffff";
  case Step::Kind::kStreamCopy:
    return "#59a14f";
  }
  return "#000000";
}

std::string humanBytes(double b) {
  if (b >= 1024.0 * 1024.0)
    return absl::StrFormat("%.1f MiB", b / (1024.0 * 1024.0));
  if (b >= 1024.0)
    return absl::StrFormat("%.1f KiB", b / 1024.0);
  return absl::StrFormat("%.0f B", b);
}

} // namespace

std::string Profile::toJson() const {
  std::string out = "{\n";
  auto field = [&](const char *name, const std::string &value,
                   bool last = false) {
    absl::StrAppend(&out, "  ", jsonString(name), ": ", value,
                    last ? "\n" : ",\n");
  };
  field("runs", absl::StrCat(runs));
  field("total_cycles", absl::StrCat(totalCycles));
  field("compute_cycles", absl::StrCat(computeCycles));
  field("exchange_cycles", absl::StrCat(exchangeCycles));
  field("sync_cycles", absl::StrCat(syncCycles));
  field("balanced_compute_cycles", jsonNumber(balancedComputeCycles));
  field("load_imbalance", jsonNumber(loadImbalance()));
  field("bytes_exchanged", absl::StrCat(bytesExchanged));
  field("host_bytes", absl::StrCat(hostBytes));
  field("clock_hz", jsonNumber(clockHz));
  field("seconds", jsonNumber(seconds));
  field("runs_per_second", jsonNumber(runsPerSecond()));
  auto pct = [&](int64_t c) {
    return jsonNumber(totalCycles ? static_cast<double>(c) / totalCycles
                                  : 0.0);
  };
  field("split", absl::StrCat("{\"compute\": ", pct(computeCycles),
                              ", \"exchange\": ", pct(exchangeCycles),
                              ", \"sync\": ", pct(syncCycles), "}"));
  std::string mem = absl::StrCat(
      "{\"limit\": ", bytesPerTileLimit, ", \"max\": ", maxBytesPerTile,
      ", \"mean\": ", jsonNumber(meanBytesPerTile), ", \"per_tile\": [");
  for (size_t i = 0; i < bytesPerTile.size(); ++i)
    absl::StrAppend(&mem, i ? ", " : "", bytesPerTile[i]);
  mem += "]}";
  field("tile_memory", mem);
  std::string steps_ = "[";
  for (size_t i = 0; i < steps.size(); ++i) {
    const StepProfile &s = steps[i];
    double imbalance =
        s.meanTileCycles > 0 ? static_cast<double>(s.maxTileCycles) /
                                   s.meanTileCycles
                             : 1.0;
    absl::StrAppend(
        &steps_, i ? ",\n    " : "\n    ", "{\"index\": ", s.index,
        ", \"kind\": ", jsonString(stepKindName(s.kind)),
        ", \"name\": ", jsonString(s.name), ", \"executions\": ",
        s.executions, ", \"cycles\": ", s.cycles, ", \"bytes\": ", s.bytes,
        ", \"min_tile_cycles\": ", s.minTileCycles,
        ", \"max_tile_cycles\": ", s.maxTileCycles,
        ", \"mean_tile_cycles\": ", jsonNumber(s.meanTileCycles),
        ", \"load_imbalance\": ", jsonNumber(imbalance),
        ", \"host_seconds\": ", jsonNumber(s.hostSeconds), "}");
  }
  steps_ += steps.empty() ? "]" : "\n  ]";
  field("steps", steps_, /*last=*/true);
  out += "}\n";
  return out;
}

std::string Profile::toSvg() const {
  const double width = 960, left = 80, right = 20, chartW = width - left - right;
  const double memTop = 60, memH = 200, cycTop = memTop + memH + 90,
               cycH = 220;
  const double height = cycTop + cycH + 80;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
      "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
      "fill=\"#ffffff\"/>\n",
      width, height, width, height, width, height);
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<text x=\"%.0f\" y=\"22\" font-size=\"15\" "
          "font-weight=\"bold\">%s</text>\n",
          left,
          xmlEscape(absl::StrFormat(
              "%d cycles (%.4g s, %d runs): compute %.1f%%, exchange %.1f%%, "
              "sync %.1f%%; load imbalance %.2f",
              totalCycles, seconds, runs,
              totalCycles ? 100.0 * computeCycles / totalCycles : 0.0,
              totalCycles ? 100.0 * exchangeCycles / totalCycles : 0.0,
              totalCycles ? 100.0 * syncCycles / totalCycles : 0.0,
              loadImbalance()))));

  // --- Tile memory: one bar per tile (or per bin of tiles: the bin's max).
  absl::StrAppend(
      &out,
      absl::StrFormat("<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\">"
                      "Tile memory (max %s, mean %s, limit %s)</text>\n",
                      left, memTop - 10,
                      xmlEscape(humanBytes(static_cast<double>(maxBytesPerTile))),
                      xmlEscape(humanBytes(meanBytesPerTile)),
                      xmlEscape(humanBytes(static_cast<double>(bytesPerTileLimit)))));
  double memMax = static_cast<double>(
      std::max<int64_t>({bytesPerTileLimit, maxBytesPerTile, 1}));
  size_t tiles = bytesPerTile.size();
  size_t bins = std::min<size_t>(tiles, static_cast<size_t>(chartW / 2));
  absl::StrAppend(&out, absl::StrFormat(
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            "height=\"%.1f\" fill=\"#f4f4f4\"/>\n",
                            left, memTop, chartW, memH));
  for (size_t b = 0; b < bins; ++b) {
    size_t t0 = b * tiles / bins, t1 = (b + 1) * tiles / bins;
    int64_t v = 0;
    for (size_t t = t0; t < t1; ++t)
      v = std::max(v, bytesPerTile[t]);
    double h = memH * static_cast<double>(v) / memMax;
    double bw = chartW / static_cast<double>(bins);
    absl::StrAppend(
        &out, absl::StrFormat(
                  "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                  "height=\"%.2f\" fill=\"#4e79a7\"><title>tiles %d-%d: "
                  "%d bytes</title></rect>\n",
                  left + bw * b, memTop + memH - h, std::max(bw - 0.2, 0.5), h,
                  t0, t1 - 1, v));
  }
  double limitY = memTop + memH - memH * static_cast<double>(bytesPerTileLimit) / memMax;
  absl::StrAppend(
      &out,
      absl::StrFormat("<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" "
                      "y2=\"%.2f\" stroke=\"#e15759\" stroke-width=\"1.5\" "
                      "stroke-dasharray=\"6,3\"/>\n"
                      "<text x=\"%.1f\" y=\"%.2f\" fill=\"#e15759\" "
                      "text-anchor=\"end\">bytes_per_tile</text>\n",
                      left, limitY, left + chartW, limitY, left + chartW,
                      limitY - 3));
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n"
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n"
          "<text x=\"%.1f\" y=\"%.1f\">tile 0</text>\n"
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">tile %d</text>\n",
          left - 4, memTop + 10, xmlEscape(humanBytes(memMax)), left - 4,
          memTop + memH, left, memTop + memH + 14, left + chartW,
          memTop + memH + 14, tiles ? tiles - 1 : 0));

  // --- Supersteps: one bar per executed leaf step (repeats are summaries).
  std::vector<const StepProfile *> leaves;
  int64_t cycMax = 1;
  for (const StepProfile &s : steps) {
    if (s.kind == Step::Kind::kRepeat)
      continue;
    leaves.push_back(&s);
    cycMax = std::max(cycMax, s.cycles);
  }
  absl::StrAppend(
      &out, absl::StrFormat("<text x=\"%.0f\" y=\"%.0f\" "
                            "font-weight=\"bold\">Cycles per step (summed "
                            "over executions)</text>\n",
                            left, cycTop - 10));
  absl::StrAppend(&out, absl::StrFormat(
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            "height=\"%.1f\" fill=\"#f4f4f4\"/>\n",
                            left, cycTop, chartW, cycH));
  double bw = leaves.empty() ? chartW : chartW / static_cast<double>(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    const StepProfile &s = *leaves[i];
    double h = cycH * static_cast<double>(s.cycles) / static_cast<double>(cycMax);
    absl::StrAppend(
        &out,
        absl::StrFormat(
            "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
            "fill=\"%s\"><title>%s</title></rect>\n",
            left + bw * i, cycTop + cycH - h, std::max(bw - 0.5, 0.5), h,
            kindColour(s.kind),
            xmlEscape(absl::StrFormat(
                "#%d %s %s: %d cycles over %d runs, %d bytes, tiles %d..%d",
                s.index, stepKindName(s.kind), s.name, s.cycles, s.executions,
                s.bytes, s.minTileCycles, s.maxTileCycles))));
    if (bw >= 12)
      absl::StrAppend(
          &out,
          absl::StrFormat("<text x=\"%.2f\" y=\"%.2f\" font-size=\"9\" "
                          "transform=\"rotate(45 %.2f %.2f)\">%s</text>\n",
                          left + bw * i + 2, cycTop + cycH + 10,
                          left + bw * i + 2, cycTop + cycH + 10,
                          xmlEscape(s.name.substr(0, 24))));
  }
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n"
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n",
          left - 4, cycTop + 10, cycMax, left - 4, cycTop + cycH));
  // Legend.
  const std::pair<Step::Kind, const char *> legend[] = {
      {Step::Kind::kComputeSet, "compute"},
      {Step::Kind::kExchange, "exchange"},
      {Step::Kind::kSync, "sync"},
      {Step::Kind::kStreamCopy, "host I/O"}};
  double lx = left;
  for (const auto &[kind, label] : legend) {
    absl::StrAppend(
        &out, absl::StrFormat(
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
                  "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                  lx, height - 28, kindColour(kind), lx + 16, height - 18,
                  label));
    lx += 110;
  }
  out += "</svg>\n";
  return out;
}

} // namespace gnnrt::sim
