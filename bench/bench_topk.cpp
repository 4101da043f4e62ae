// bench_topk: ranking evaluation at MovieLens-100K size (943 users x 1682 items, dim 64,
// k = 10, ~20 training items excluded per user) with random factors. Times, on 1 and on
// 2 threads in alternating repetitions (so their ratio comes from one run):
//   score       - gemm_nt over blocks of users only,
//   score_topk  - scoring + bounded-heap top-k (recommend_top_k),
//   evaluate    - scoring + top-k + every ranking metric (evaluate_ranking).
// Prints one JSON object with medians and users per second.
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iostream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "autodiff/kernels/simd_info.hpp"
#include "autodiff/random.hpp"
#include "bench/timing.hpp"
#include "evaluation/metrics.hpp"
#include "data/shuffle.hpp"

namespace {

namespace rd = recgrad::data;
using Json = nlohmann::json;

struct Options {
  std::int32_t users = 943, items = 1682, dim = 64, k = 10;
  std::int32_t train_per_user = 20, test_per_user = 10, block_users = 64;
  int repetitions = 21;
  std::uint64_t seed = 1;
};

struct Problem {
  std::vector<float> U, V;
  rd::UserItems train, test;
};

Problem make_problem(const Options& o) {
  recgrad::Rng rng(o.seed);
  Problem p;
  for (std::int64_t i = 0; i < std::int64_t(o.users) * o.dim; ++i) p.U.push_back(float(rng.normal()));
  for (std::int64_t i = 0; i < std::int64_t(o.items) * o.dim; ++i) p.V.push_back(float(rng.normal()));
  // Per user, the first train_per_user of a shuffled catalogue train and the next
  // test_per_user test: distinct, disjoint, uniform.
  std::vector<std::int32_t> catalogue(static_cast<std::size_t>(o.items));
  std::vector<std::int32_t> tu, ti, su, si;
  for (std::int32_t u = 0; u < o.users; ++u) {
    for (std::int32_t i = 0; i < o.items; ++i) catalogue[i] = i;
    rd::shuffle(catalogue.data(), catalogue.size(), rng);
    for (std::int32_t j = 0; j < o.train_per_user + o.test_per_user; ++j) {
      const bool train = j < o.train_per_user;
      (train ? tu : su).push_back(u);
      (train ? ti : si).push_back(catalogue[j]);
    }
  }
  p.train = rd::UserItems::from_pairs(o.users, o.items, tu, ti);
  p.test = rd::UserItems::from_pairs(o.users, o.items, su, si);
  return p;
}

Json describe(const recgrad::bench::Timing& t, std::int32_t users) {
  return {{"median_ms", t.median_seconds * 1e3},
          {"min_ms", t.min_seconds * 1e3},
          {"users_per_s", users / t.median_seconds}};
}

// The same work on 1 and on 2 threads, repetitions alternating.
template <class Run>
Json one_vs_two(const Options& o, Run run) {
  const auto [one, two] = recgrad::bench::time_pair([&] { run(1); }, [&] { run(2); }, o.repetitions);
  return {{"threads_1", describe(one, o.users)},
          {"threads_2", describe(two, o.users)},
          {"speedup_2_threads", one.median_seconds / two.median_seconds}};
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Times scoring, top-k and ranking evaluation; prints one JSON object."};
  app.add_option("--users", o.users)->check(CLI::PositiveNumber);
  app.add_option("--items", o.items)->check(CLI::PositiveNumber);
  app.add_option("--dim", o.dim)->check(CLI::PositiveNumber);
  app.add_option("--k", o.k)->check(CLI::PositiveNumber);
  app.add_option("--train-per-user", o.train_per_user)->check(CLI::NonNegativeNumber);
  app.add_option("--test-per-user", o.test_per_user)->check(CLI::PositiveNumber);
  app.add_option("--block-users", o.block_users, "users scored per gemm_nt call")
      ->check(CLI::PositiveNumber);
  app.add_option("--repetitions", o.repetitions, "timed repetitions (median reported)")
      ->check(CLI::Range(1, 10000));
  app.add_option("--seed", o.seed);
  CLI11_PARSE(app, argc, argv);

  try {
    if (o.train_per_user + o.test_per_user > o.items)
      throw std::invalid_argument("--train-per-user + --test-per-user exceed --items");
    const Problem p = make_problem(o);
    const auto source = recgrad::ScoreSource::from_factors(p.U, p.V, o.dim);
    auto options = [&](int threads) {
      return recgrad::EvalOptions{.k = o.k, .block_users = o.block_users, .threads = threads};
    };

    Json results = Json::object();
    results["score"] = one_vs_two(o, [&](int threads) {
      const std::int64_t n = o.items, blocks = (o.users + o.block_users - 1) / o.block_users;
#pragma omp parallel num_threads(threads)
      {
        std::vector<float> scores(static_cast<std::size_t>(o.block_users * n));
#pragma omp for schedule(dynamic, 1)
        for (std::int64_t b = 0; b < blocks; ++b) {
          const auto first = static_cast<std::int32_t>(b * o.block_users);
          const auto count = std::min(o.block_users, o.users - first);
          source.score_users(first, count, std::span(scores).first(std::size_t(count * n)));
        }
      }
    });
    results["score_topk"] = one_vs_two(o, [&](int threads) {
      const auto lists = recgrad::recommend_top_k(source, p.train, options(threads));
      if (lists.size() != std::size_t(o.users)) throw std::logic_error("lost users");
    });
    results["evaluate"] = one_vs_two(o, [&](int threads) {
      recgrad::evaluate_ranking(source, p.train, p.test, options(threads));
    });

    const Json report = {
        {"benchmark", "topk"},
        {"arch", recgrad::kernels::simd_arch_name()},
        {"users", o.users},
        {"items", o.items},
        {"dim", o.dim},
        {"k", o.k},
        {"train_per_user", o.train_per_user},
        {"test_per_user", o.test_per_user},
        {"block_users", o.block_users},
        {"repetitions", o.repetitions},
        {"statistic", "median"},
        {"results", results},
        // Random factors: auc should sit near 0.5 (a sanity check, not a figure of merit).
        {"metrics", recgrad::to_json(recgrad::evaluate_ranking(source, p.train, p.test, options(1)))}};
    std::cout << report.dump(2) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "bench_topk: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
