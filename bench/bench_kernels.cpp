// bench_kernels: the SIMD kernels against the scalar reference on the shapes training uses.
// Prints one JSON object: for each entry the median rate of both and their ratio, measured
// in the same run with alternating repetitions. Single-threaded unless --threads says otherwise.
//
// Adding an entry: write a function `Json f(const Options&)` (usually one call to
// compare() or measure()) and add one line to kEntries at the bottom.
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <exception>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/kernels/simd_info.hpp"
#include "bench/timing.hpp"

namespace {

namespace kn = recgrad::kernels;
using kn::Id;
using kn::Index;
using Json = nlohmann::ordered_json;  // keeps entries in kEntries order

struct Options {
  int threads = 1;
  int repetitions = 51;
  std::string filter;
};

// What one call of a kernel does, so rates come out in the unit the kernel is judged by.
// Every unit is 10^9 of something per second.
struct Work {
  double amount;     // per call
  const char* unit;  // GFLOP/s, GB/s or Gelem/s
};

Work flops(double count) { return {count, "GFLOP/s"}; }
Work bytes(double count) { return {count, "GB/s"}; }
Work elements(double count) { return {count, "Gelem/s"}; }

double rate(const Work& w, const recgrad::bench::Timing& t) { return w.amount / t.median_seconds * 1e-9; }

Json describe(const Work& w, const recgrad::bench::Timing& t) {
  return {{"rate", rate(w, t)},
          {"median_us", t.median_seconds * 1e6},
          {"min_us", t.min_seconds * 1e6},
          {"calls_per_repetition", t.calls_per_repetition}};
}

// One implementation on its own (for entries without a scalar twin, e.g. a whole model step).
template <class F>
Json measure(const Options& o, const Work& w, F f) {
  const auto t = recgrad::bench::time_it(f, o.repetitions);
  Json j = describe(w, t);
  j["unit"] = w.unit;
  return j;
}

// The SIMD kernel and its scalar reference, timed in alternation.
template <class F, class G>
Json compare(const Options& o, const Work& w, F simd, G reference) {
  const auto [ts, tr] = recgrad::bench::time_pair(simd, reference, o.repetitions);
  return {{"unit", w.unit},
          {"simd", describe(w, ts)},
          {"reference", describe(w, tr)},
          {"speedup", tr.median_seconds / ts.median_seconds}};
}

std::vector<float> random_floats(Index n, float lo, float hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<std::size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// Ids drawn with Zipf(1) popularity over `rows` rows, as item ids in a batch are: a few
// rows repeat a lot. Ranks are spread over the table so hot rows are not neighbours.
std::vector<Id> zipf_ids(Index n, Index rows, std::uint32_t seed) {
  std::vector<double> cumulative(static_cast<std::size_t>(rows));
  double total = 0;
  for (Index r = 0; r < rows; ++r) cumulative[static_cast<std::size_t>(r)] = total += 1.0 / double(r + 1);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, total);
  std::vector<Id> ids(static_cast<std::size_t>(n));
  for (Id& id : ids) {
    const auto rank = std::lower_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin();
    id = static_cast<Id>((rank * 7919) % rows);  // 7919 is prime, so this permutes 0..rows-1
  }
  return ids;
}

volatile float g_sink;  // keeps results of value-returning kernels observable

// ---- entries -------------------------------------------------------------------------

constexpr Index kBatch = 1024;
constexpr Index kDim = 64;
constexpr Index kTableRows = 100000;

Json gemm_entry(const Options& o, bool transposed_b) {
  const Index m = kBatch, n = kDim, k = kDim;
  const auto A = random_floats(m * k, -1, 1, 1);
  const auto B = random_floats(k * n, -1, 1, 2);
  std::vector<float> C(static_cast<std::size_t>(m * n));
  auto simd = transposed_b ? kn::gemm_nt<float> : kn::gemm_nn<float>;
  auto reference = transposed_b ? kn::reference::gemm_nt<float> : kn::reference::gemm_nn<float>;
  return compare(
      o, flops(2.0 * m * n * k), [&] { simd(m, n, k, A.data(), B.data(), C.data(), false); },
      [&] { reference(m, n, k, A.data(), B.data(), C.data(), false); });
}

Json gemm_nn_entry(const Options& o) { return gemm_entry(o, false); }
Json gemm_nt_entry(const Options& o) { return gemm_entry(o, true); }

Json gemm_tn_entry(const Options& o) {
  // The weight gradient of a 64 -> 64 layer over a batch: dW = X^T . dY.
  const Index m = kDim, n = kDim, k = kBatch;
  const auto X = random_floats(k * m, -1, 1, 3);
  const auto dY = random_floats(k * n, -1, 1, 4);
  std::vector<float> dW(static_cast<std::size_t>(m * n));
  return compare(
      o, flops(2.0 * m * n * k), [&] { kn::gemm_tn(m, n, k, X.data(), dY.data(), dW.data(), false); },
      [&] { kn::reference::gemm_tn(m, n, k, X.data(), dY.data(), dW.data(), false); });
}

Json gather_entry(const Options& o) {
  const auto table = random_floats(kTableRows * kDim, -1, 1, 5);
  const auto ids = zipf_ids(kBatch, kTableRows, 6);
  std::vector<float> out(static_cast<std::size_t>(kBatch * kDim));
  // Bytes moved: each row read from the table and written to the output.
  return compare(
      o, bytes(2.0 * kBatch * kDim * sizeof(float)),
      [&] { kn::gather_rows(table.data(), kDim, ids.data(), kBatch, out.data()); },
      [&] { kn::reference::gather_rows(table.data(), kDim, ids.data(), kBatch, out.data()); });
}

Json scatter_entry(const Options& o) {
  auto table = random_floats(kTableRows * kDim, -1, 1, 7);
  const auto src = random_floats(kBatch * kDim, -1e-3f, 1e-3f, 8);
  const auto ids = zipf_ids(kBatch, kTableRows, 9);
  // Bytes moved: each source row read, each destination row read and written back.
  return compare(
      o, bytes(3.0 * kBatch * kDim * sizeof(float)),
      [&] { kn::scatter_add_rows(src.data(), kDim, ids.data(), kBatch, table.data()); },
      [&] { kn::reference::scatter_add_rows(src.data(), kDim, ids.data(), kBatch, table.data()); });
}

Json dot_entry(const Options& o, Index n) {
  const auto a = random_floats(n, -1, 1, 10);
  const auto b = random_floats(n, -1, 1, 11);
  return compare(
      o, flops(2.0 * n), [&] { g_sink = kn::dot(a.data(), b.data(), n); },
      [&] { g_sink = kn::reference::dot(a.data(), b.data(), n); });
}

Json axpy_entry(const Options& o, Index n) {
  const auto x = random_floats(n, -1, 1, 12);
  auto y = random_floats(n, -1, 1, 13);
  // alpha is small so y drifts slowly over millions of calls: no overflow, no subnormals.
  return compare(
      o, flops(2.0 * n), [&] { kn::axpy(1e-6f, x.data(), y.data(), n); },
      [&] { kn::reference::axpy(1e-6f, x.data(), y.data(), n); });
}

Json sigmoid_entry(const Options& o, Index n) {
  const auto x = random_floats(n, -8, 8, 14);
  std::vector<float> y(static_cast<std::size_t>(n));
  return compare(
      o, elements(double(n)), [&] { kn::sigmoid(x.data(), y.data(), n); },
      [&] { kn::reference::sigmoid(x.data(), y.data(), n); });
}

// One forward and backward pass of a dot-product model on a batch, s = u . v and a
// logistic loss: through the tape (SIMD kernels) against the same arithmetic written
// as plain loops over the scalar reference kernels. Work unit: examples.
Json dot_model_entry(const Options& o) {
  using recgrad::Param;
  auto users = Param<float>::table("users", kTableRows, kDim);
  auto items = Param<float>::table("items", kTableRows, kDim);
  const auto u_init = random_floats(kTableRows * kDim, -0.1f, 0.1f, 9);
  const auto i_init = random_floats(kTableRows * kDim, -0.1f, 0.1f, 10);
  std::copy(u_init.begin(), u_init.end(), users.value.begin());
  std::copy(i_init.begin(), i_init.end(), items.value.begin());
  const auto uids = zipf_ids(kBatch, kTableRows, 11), iids = zipf_ids(kBatch, kTableRows, 12);
  recgrad::Tensor<float> labels(kBatch, 1);
  for (Index r = 0; r < kBatch; r += 2) labels(r, 0) = 1;
  recgrad::Tape<float> tape;
  auto with_tape = [&] {
    tape.reset();
    users.zero_grad();
    items.zero_grad();
    const auto s = recgrad::rowwise_dot(recgrad::embedding<float>(tape, users, uids),
                                        recgrad::embedding<float>(tape, items, iids));
    tape.backward(recgrad::bce_with_logits_loss(s, tape.constant(labels.view())));
  };
  std::vector<float> U(kBatch * kDim), V(kBatch * kDim), s(kBatch), gU(kBatch * kDim), gV(kBatch * kDim);
  std::vector<Id> u_slots(kBatch), i_slots(kBatch);
  auto by_reference = [&] {
    users.zero_grad();
    items.zero_grad();
    kn::reference::gather_rows(users.value.data(), kDim, uids.data(), kBatch, U.data());
    kn::reference::gather_rows(items.value.data(), kDim, iids.data(), kBatch, V.data());
    kn::reference::rowwise_dot(U.data(), V.data(), s.data(), kBatch, kDim);
    for (Index r = 0; r < kBatch; ++r) {  // dL/ds = (σ(s) - y) / B
      const float d = (1.0f / (1.0f + std::exp(-s[r])) - labels(r, 0)) / float(kBatch);
      for (Index c = 0; c < kDim; ++c) {
        gU[r * kDim + c] = d * V[r * kDim + c];
        gV[r * kDim + c] = d * U[r * kDim + c];
      }
    }
    users.sparse_grad.slots_for(uids, u_slots.data());
    items.sparse_grad.slots_for(iids, i_slots.data());
    kn::reference::scatter_add_rows(gU.data(), kDim, u_slots.data(), kBatch, users.sparse_grad.values().data);
    kn::reference::scatter_add_rows(gV.data(), kDim, i_slots.data(), kBatch, items.sparse_grad.values().data);
  };
  return compare(o, elements(double(kBatch)), with_tape, by_reference);
}

struct Entry {
  const char* name;
  Json (*run)(const Options&);
};

const Entry kEntries[] = {
    {"gemm_nn_1024x64x64", gemm_nn_entry},
    {"gemm_nt_1024x64x64", gemm_nt_entry},
    {"gemm_tn_64x64x1024", gemm_tn_entry},
    {"gather_1024x64_from_100000", gather_entry},
    {"scatter_add_1024x64_into_100000", scatter_entry},
    {"dot_1024", [](const Options& o) { return dot_entry(o, 1024); }},
    {"dot_64", [](const Options& o) { return dot_entry(o, 64); }},
    {"axpy_1024", [](const Options& o) { return axpy_entry(o, 1024); }},
    {"axpy_64", [](const Options& o) { return axpy_entry(o, 64); }},
    {"sigmoid_1024", [](const Options& o) { return sigmoid_entry(o, 1024); }},
    {"sigmoid_64", [](const Options& o) { return sigmoid_entry(o, 64); }},
    {"dot_model_forward_backward_1024x64", dot_model_entry},
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Times the SIMD kernels against the scalar reference; prints one JSON object."};
  app.add_option("--threads", o.threads, "OpenMP threads for the kernels")->check(CLI::Range(1, 1024));
  app.add_option("--repetitions", o.repetitions, "timed repetitions per measurement (median reported)")
      ->check(CLI::Range(1, 10000));
  app.add_option("--filter", o.filter, "only run entries whose name contains this text");
  CLI11_PARSE(app, argc, argv);

  try {
    omp_set_num_threads(o.threads);
    Json results = Json::object();
    for (const Entry& e : kEntries) {
      if (std::string(e.name).find(o.filter) != std::string::npos) results[e.name] = e.run(o);
    }
    if (results.empty()) throw std::invalid_argument("no entry name contains --filter '" + o.filter + "'");
    const Json report = {{"benchmark", "kernels"},
                         {"arch", kn::simd_arch_name()},
                         {"float_lanes", kn::simd_lanes<float>()},
                         {"threads", o.threads},
                         {"repetitions", o.repetitions},
                         {"type", "float"},
                         {"statistic", "median"},
                         {"results", results}};
    std::cout << report.dump(2) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "bench_kernels: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
