// The other walks over a ScoreSource: building one from factor tables, top-k lists for
// every user, and next-item ranks. Definitions in evaluation/metrics.hpp.
#include <cmath>
#include <stdexcept>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "evaluation/metrics.hpp"
#include "evaluation/scored_rows.hpp"

namespace recgrad {

using namespace eval_detail;

ScoreSource ScoreSource::from_factors(std::span<const float> user_factors,
                                      std::span<const float> item_factors, std::int32_t dim,
                                      std::span<const float> item_bias) {
  if (dim < 1) throw std::invalid_argument("from_factors: dim must be at least 1");
  const auto d = static_cast<std::size_t>(dim);
  if (user_factors.size() % d != 0 || item_factors.size() % d != 0)
    throw std::invalid_argument("from_factors: factor sizes " +
                                std::to_string(user_factors.size()) + " and " +
                                std::to_string(item_factors.size()) +
                                " are not multiples of dim " + std::to_string(dim));
  ScoreSource source;
  source.num_users = static_cast<std::int32_t>(user_factors.size() / d);
  source.num_items = static_cast<std::int32_t>(item_factors.size() / d);
  if (!item_bias.empty() && item_bias.size() != item_factors.size() / d)
    throw std::invalid_argument("from_factors: " + std::to_string(item_bias.size()) +
                                " item biases for " + std::to_string(source.num_items) + " items");
  source.score_users = [=, num_users = source.num_users, n = source.num_items](
                           std::int32_t first, std::int32_t count, std::span<float> out) {
    if (first < 0 || count < 0 || first + count > num_users ||
        out.size() != static_cast<std::size_t>(count) * static_cast<std::size_t>(n))
      throw std::invalid_argument("from_factors: bad score request for users [" +
                                  std::to_string(first) + ", +" + std::to_string(count) + ")");
    kernels::gemm_nt<float>(count, n, dim, user_factors.data() + first * d, item_factors.data(),
                            out.data(), false);
    if (!item_bias.empty())
      for (std::int32_t r = 0; r < count; ++r)
        kernels::axpy<float>(1.0f, item_bias.data(), out.data() + std::size_t(r) * n, n);
  };
  return source;
}

std::vector<TopK> recommend_top_k(const ScoreSource& source, const data::UserItems& exclude,
                                  const EvalOptions& options) {
  check_options(options);
  check_shape("excluded", source, exclude);
  std::vector<TopK> lists(static_cast<std::size_t>(source.num_users));
  for_each_scored_row<NoScratch>(source, options, [&](NoScratch&, std::int32_t u,
                                                      std::span<const float> row) {
    lists[static_cast<std::size_t>(u)] = top_k(row, options.k, exclude.of(u));
  });
  return lists;
}

EvalResult evaluate_next_item(const ScoreSource& source, const data::UserItems& seen,
                              std::span<const std::int32_t> targets, const EvalOptions& options) {
  check_options(options);
  check_shape("seen", source, seen);
  if (targets.size() != static_cast<std::size_t>(source.num_users))
    throw std::invalid_argument("evaluate_next_item: " + std::to_string(targets.size()) +
                                " targets for " + std::to_string(source.num_users) + " rows");
  for (std::int32_t r = 0; r < source.num_users; ++r) {
    const std::int32_t t = targets[static_cast<std::size_t>(r)];
    if (t < 0 || t >= source.num_items)
      throw std::invalid_argument("evaluate_next_item: row " + std::to_string(r) + " target " +
                                  std::to_string(t) + " outside 0.." +
                                  std::to_string(source.num_items) + ")");
    if (seen.contains(r, t))
      throw std::invalid_argument("evaluate_next_item: row " + std::to_string(r) + " target " +
                                  std::to_string(t) + " is among its own seen (masked) items");
  }
  std::vector<std::int64_t> ranks(targets.size());
  for_each_scored_row<NoScratch>(source, options, [&](NoScratch&, std::int32_t r,
                                                      std::span<const float> row) {
    const float target = row[static_cast<std::size_t>(targets[static_cast<std::size_t>(r)])];
    std::int64_t higher = 0;
    bool nan = false;
    for_each_candidate_run(source.num_items, seen.of(r), [&](std::int32_t lo, std::int32_t hi) {
      for (std::int32_t j = lo; j < hi; ++j) {
        higher += row[j] > target;
        nan |= std::isnan(row[j]);
      }
    });
    if (nan) throw std::domain_error("evaluate_next_item: NaN score in row " + std::to_string(r));
    ranks[static_cast<std::size_t>(r)] = higher;
  });
  double hits = 0, ndcg = 0, rr = 0;
  for (std::int64_t rank : ranks) {
    const bool hit = rank < options.k;
    hits += hit ? 1.0 : 0.0;
    ndcg += hit ? 1.0 / std::log2(static_cast<double>(rank) + 2.0) : 0.0;
    rr += 1.0 / static_cast<double>(rank + 1);
  }
  const auto rows = static_cast<std::int64_t>(ranks.size());
  if (rows == 0) throw std::invalid_argument("evaluate_next_item: no rows to evaluate");
  EvalResult result;
  result.k = options.k;
  result.candidates = "all";
  result.hit_rate = mean(hits, rows);
  result.ndcg = mean(ndcg, rows);
  result.mrr = mean(rr, rows);
  result.n_eval_users = rows;
  result.n_skipped_users = 0;
  return result;
}

}  // namespace recgrad
