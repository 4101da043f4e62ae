// bench_hnsw: similar-item search as `recgrad similar` does it, on a large synthetic
// catalogue: exact brute-force cosine (ItemSimilarity) against the approximate HNSW
// graph (HnswItemIndex), both from retrieval/similar_items.hpp.
//
// The vectors are clustered Gaussians: `clusters` centres drawn from N(0, I), each item
// its centre plus N(0, spread² I) noise (by default 100 clusters, so 10 000 items each
// at 1M, and noise as large as the centres). Neighbours then mostly share a cluster,
// but which of its thousands of members is decided by the noise in every dimension,
// so many candidates have nearly the same cosine: a fair test of recall, unlike pure
// noise (no structure for the graph to use) or tight small clusters (where any
// member will do, and HNSW finds all ten every time).
//
// Reports one JSON object: the time to build each index (timed once: at 1M items the
// graph takes minutes; wall clock and processor time), the per-query latency over `queries` random items (median,
// 90th percentile, mean) and queries per second at the median, and recall@10 of HNSW:
// the share of the exact top 10 it also returns, averaged over the queries.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <exception>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "autodiff/kernels/simd_info.hpp"
#include "autodiff/random.hpp"
#include "retrieval/similar_items.hpp"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr std::int32_t kTop = 10;  // neighbours per query, as in recall@10

struct Options {
  std::int64_t items = 1'000'000;
  std::int32_t dim = 32, clusters = 100, queries = 1000;
  double spread = 1.0;
  recgrad::HnswOptions hnsw;
  std::uint64_t seed = 1;
};

std::vector<float> clustered_vectors(const Options& o) {
  recgrad::Rng rng(o.seed);
  std::vector<float> centres(static_cast<std::size_t>(o.clusters) * o.dim);
  for (float& c : centres) c = static_cast<float>(rng.normal());
  std::vector<float> v(static_cast<std::size_t>(o.items) * o.dim);
  for (std::int64_t i = 0; i < o.items; ++i) {
    const float* centre = centres.data() + rng.below(static_cast<std::uint64_t>(o.clusters)) * o.dim;
    for (std::int32_t c = 0; c < o.dim; ++c)
      v[static_cast<std::size_t>(i * o.dim + c)] = centre[c] + static_cast<float>(o.spread * rng.normal());
  }
  return v;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Processor time of the whole process: beside the wall clock because on a shared
// machine a build can wait for a core as long as it computes.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// Runs `search` on every query, timing each; returns the answers.
template <class Search>
std::vector<std::vector<recgrad::Neighbour>> timed_queries(const std::vector<recgrad::Id>& queries, Search search,
                                                           std::vector<double>& seconds) {
  std::vector<std::vector<recgrad::Neighbour>> answers;
  for (const recgrad::Id q : queries) {
    const auto start = Clock::now();
    answers.push_back(search(q));
    seconds.push_back(seconds_since(start));
  }
  return answers;
}

Json latency(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  double total = 0;
  for (const double s : seconds) total += s;
  return {{"median_ms", median * 1e3},
          {"p90_ms", seconds[seconds.size() * 9 / 10] * 1e3},
          {"mean_ms", total / static_cast<double>(seconds.size()) * 1e3},
          {"queries_per_s", 1.0 / median}};
}

// The share of each exact list that the approximate list also holds, averaged.
double recall(const std::vector<std::vector<recgrad::Neighbour>>& exact,
              const std::vector<std::vector<recgrad::Neighbour>>& approximate) {
  double sum = 0;
  for (std::size_t q = 0; q < exact.size(); ++q) {
    std::int64_t found = 0;
    for (const recgrad::Neighbour& n : exact[q])
      found += std::any_of(approximate[q].begin(), approximate[q].end(),
                           [&](const recgrad::Neighbour& a) { return a.item == n.item; });
    sum += static_cast<double>(found) / static_cast<double>(exact[q].size());
  }
  return sum / static_cast<double>(exact.size());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Exact vs HNSW cosine neighbours on clustered synthetic item vectors; prints one JSON object."};
  app.add_option("--items", o.items, "catalogue size")->check(CLI::Range(std::int64_t{2}, std::int64_t{1} << 31));
  app.add_option("--dim", o.dim)->check(CLI::PositiveNumber);
  app.add_option("--clusters", o.clusters)->check(CLI::PositiveNumber);
  app.add_option("--spread", o.spread, "noise around a cluster centre (centres are N(0, 1))")
      ->check(CLI::PositiveNumber);
  app.add_option("--queries", o.queries, "random items to query (latency and recall over these)")
      ->check(CLI::PositiveNumber);
  app.add_option("--m", o.hnsw.m, "HNSW links per node")->check(CLI::PositiveNumber);
  app.add_option("--ef-construction", o.hnsw.ef_construction)->check(CLI::PositiveNumber);
  app.add_option("--ef-search", o.hnsw.ef_search)->check(CLI::PositiveNumber);
  app.add_option("--seed", o.seed);
  CLI11_PARSE(app, argc, argv);

  try {
    if (!recgrad::hnsw_available()) throw std::runtime_error("this build has no hnswlib (libhnswlib-dev)");
    const std::vector<float> vectors = clustered_vectors(o);
    recgrad::Rng rng(o.seed + 1);
    std::vector<recgrad::Id> queries;
    for (std::int32_t q = 0; q < o.queries; ++q)
      queries.push_back(static_cast<recgrad::Id>(rng.below(static_cast<std::uint64_t>(o.items))));

    auto start = Clock::now();
    double cpu_start = cpu_seconds();
    const recgrad::ItemSimilarity exact(vectors, o.items, o.dim);
    const double exact_build = seconds_since(start), exact_build_cpu = cpu_seconds() - cpu_start;
    start = Clock::now();
    cpu_start = cpu_seconds();
    const recgrad::HnswItemIndex hnsw(exact, o.hnsw);
    const double hnsw_build = seconds_since(start), hnsw_build_cpu = cpu_seconds() - cpu_start;

    std::vector<double> exact_seconds, hnsw_seconds;
    const auto truth = timed_queries(queries, [&](recgrad::Id q) { return exact.nearest(q, kTop); }, exact_seconds);
    const auto found = timed_queries(queries, [&](recgrad::Id q) { return hnsw.nearest(q, kTop); }, hnsw_seconds);

    Json exact_report = latency(exact_seconds);
    exact_report["build_s"] = exact_build;
    exact_report["build_cpu_s"] = exact_build_cpu;
    Json hnsw_report = latency(hnsw_seconds);
    hnsw_report["build_s"] = hnsw_build;
    hnsw_report["build_cpu_s"] = hnsw_build_cpu;
    hnsw_report["recall_at_10"] = recall(truth, found);
    hnsw_report["m"] = o.hnsw.m;
    hnsw_report["ef_construction"] = o.hnsw.ef_construction;
    hnsw_report["ef_search"] = o.hnsw.ef_search;
    const Json report = {{"benchmark", "hnsw"},
                         {"arch", recgrad::kernels::simd_arch_name()},
                         {"threads", omp_get_max_threads()},  // exact search: OpenMP over items; HNSW: one thread
                         {"items", o.items},
                         {"dim", o.dim},
                         {"clusters", o.clusters},
                         {"spread", o.spread},
                         {"queries", o.queries},
                         {"k", kTop},
                         {"statistic", "median over queries; builds timed once"},
                         {"exact", exact_report},
                         {"hnsw", hnsw_report},
                         {"speedup_at_median", exact_report["median_ms"].get<double>() /
                                                   hnsw_report["median_ms"].get<double>()}};
    std::cout << report.dump(2) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "bench_hnsw: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
