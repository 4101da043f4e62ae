// Evaluation metrics: the one place where each is defined.
//
// The definitions match ../shared/peers/torch/common.py, so our figures and the
// PyTorch references' compare directly; docs/metrics.md carries the same text.
//
// Point metrics, over n (prediction, truth) pairs:
//   rmse    = sqrt(mean((pred - y)^2))
//   mae     = mean(|pred - y|)
//   logloss = -mean(y log p + (1 - y) log(1 - p)), p clipped to [1e-7, 1 - 1e-7]
//   auc     (global) = Mann-Whitney: (sum of the positives' ranks - P(P+1)/2) / (P N),
//           ranks ascending by score with tied scores given their average rank (so a
//           tied positive/negative pair counts 1/2); a label is positive when non-zero.
//
// Ranking metrics (implicit feedback), per user, then the plain mean over users:
//   candidates C(u) = every item of the candidate list NOT in u's training items. The
//                     list is the whole catalogue unless the caller restricts it (e.g.
//                     to the cold items of a cold-start split). On request instead:
//                     u's relevant items plus a seeded sample of negatives from C(u).
//                     The result says which in `candidates`: "all", "sampled-<n>", or
//                     "<name>-<size of the list>" for a restricted list ("cold-168");
//   relevant  R(u)  = u's test items that are candidates;
//   a user with R(u) empty is not evaluated, and is counted in n_skipped_users.
//   Candidates are ranked by score descending, equal scores by lower item id first
//   (numpy's argsort(-s, kind="stable")); top_k(u) is the first k; hits = |top_k ∩ R|.
//   auc          = Mann-Whitney AUC of R(u) against C(u) \ R(u), ties 1/2 via average
//                  ranks; undefined when every candidate is relevant: such users are
//                  left out of the auc mean only and counted in n_auc_skipped_users;
//   precision@k  = hits / k  (k even when fewer than k candidates; implicit's
//                  "precision" divides by min(k, |R|) instead);
//   recall@k     = hits / |R|;
//   ndcg@k       = DCG / IDCG, DCG = sum over hit positions i = 0..k-1 of 1/log2(i+2),
//                  IDCG = sum over i < min(|R|, k) of 1/log2(i+2)  (binary gains);
//   map@k        = (1 / min(|R|, k)) * sum over hit positions i of precision@(i+1),
//                  where precision@(i+1) = hits among the first i+1 / (i+1);
//   mrr          = 1 / (1 + number of candidates ranked before the best relevant
//                  item), in the full candidate order above;
//   hr@k         = 1 if hits >= 1 else 0;
//   coverage@k   = |union of top_k(u) over evaluated users| / size of the candidate
//                  list (the number of items unless restricted; one figure for the
//                  whole run, not a per-user mean).
//
// Next-item (leave-last-out) metrics, one target item per row, the row's seen items
// masked (common.py's next_item_metrics):
//   rank = number of unmasked items with a score strictly higher than the target's
//          (ties count in the target's favour);
//   hr@k = mean(rank < k), ndcg@k = mean(rank < k ? 1/log2(rank+2) : 0),
//   mrr  = mean(1 / (rank + 1)).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "retrieval/topk.hpp"
#include "data/user_items.hpp"

namespace recgrad {

// ---------------------------------------------------------------- point metrics
// Each throws std::invalid_argument on empty or mismatched inputs; auc also when
// the labels hold no positive or no negative (the statistic is 0/0 then).

double rmse(std::span<const float> pred, std::span<const float> truth);
double rmse(std::span<const double> pred, std::span<const double> truth);
double mae(std::span<const float> pred, std::span<const float> truth);
double mae(std::span<const double> pred, std::span<const double> truth);
double logloss(std::span<const float> prob, std::span<const float> label);
double logloss(std::span<const double> prob, std::span<const double> label);
double auc(std::span<const float> scores, std::span<const float> labels);
double auc(std::span<const double> scores, std::span<const double> labels);

// ---------------------------------------------------------------- results

// Whatever an evaluation produced; absent metrics are left out of the JSON.
struct EvalResult {
  std::int32_t k = 10;  // the k of the @k metrics
  std::optional<double> rmse, mae, auc, logloss;
  std::optional<double> positive_rate;  // binary labels: the share of positives among the evaluated examples
  std::optional<double> precision, recall, ndcg, map, mrr, hit_rate, coverage;
  std::optional<std::int64_t> n_eval_users, n_skipped_users;
  std::int64_t n_auc_skipped_users = 0;  // written to JSON only when non-zero
  std::string candidates;                // "all", "sampled-<n>", or empty for point metrics
};

// Keys: rmse, mae, auc, logloss, positive_rate, precision@k, recall@k, ndcg@k, map@k, mrr, hr@k,
// coverage@k, n_eval_users, n_skipped_users, n_auc_skipped_users, candidates.
nlohmann::json to_json(const EvalResult& result);

// The quality figures a result holds, named as in to_json ("rmse", "auc", "ndcg@10", ...),
// in to_json's order; the counts, the positive rate and the candidate set's name are not
// quality figures and are left out.
std::vector<std::pair<std::string, double>> quality_figures(const EvalResult& result);

// The value of a named quality figure in a result; throws std::invalid_argument when the
// result has no such figure.
double metric_value(const EvalResult& result, const std::string& name);
bool lower_is_better(const std::string& metric);  // rmse, mae, logloss

// ---------------------------------------------------------------- scoring sources

// Writes the scores of users [first_user, first_user + count) against every item into
// out_scores, row-major (count x num_items). Called concurrently from several threads
// for disjoint user ranges, so it must not mutate shared state.
using ScoreFn =
    std::function<void(std::int32_t first_user, std::int32_t count, std::span<float> out_scores)>;

struct ScoreSource {
  std::int32_t num_users = 0;  // rows the source can score (users, or sequences)
  std::int32_t num_items = 0;
  ScoreFn score_users;

  // score(u, i) = U[u] . V[i] (+ item_bias[i]), via kernels::gemm_nt a block of users
  // at a time. U is num_users x dim and V num_items x dim, row-major; item_bias is
  // empty or has num_items entries. The spans are captured, not copied: keep them alive.
  static ScoreSource from_factors(std::span<const float> user_factors,
                                  std::span<const float> item_factors, std::int32_t dim,
                                  std::span<const float> item_bias = {});
};

// ---------------------------------------------------------------- evaluators

struct EvalOptions {
  std::int32_t k = 10;
  std::int32_t block_users = 64;  // users scored per kernel call
  int threads = 0;                // OpenMP threads; 0 = the OpenMP default
  // Ranking only: the items that may be candidates, ascending and distinct; empty = every
  // item. Captured, not copied: keep it alive during the call. The result's `candidates`
  // reads "<candidate_name>-<size>".
  std::span<const std::int32_t> candidate_items = {};
  std::string candidate_name = "listed";
};

// Rank against relevant items plus `negatives` sampled ones instead of all items;
// 0 = all. Negatives are drawn uniformly without replacement from the items in
// neither the user's training nor test lists (and in the candidate list, if
// EvalOptions restricts it), from a stream seeded by (seed, user),
// so the sample does not depend on the thread count.
struct CandidateSampling {
  std::int32_t negatives = 0;
  std::uint64_t seed = 0;
};

// The ranking metrics above for every user of `test` that has a relevant item.
// Results are identical for any thread count and block size.
EvalResult evaluate_ranking(const ScoreSource& source, const data::UserItems& train,
                            const data::UserItems& test, const EvalOptions& options = {},
                            const CandidateSampling& sampling = {});

// The top-k recommendation list of every user, its `exclude` items (typically the
// training items) left out: scoring + top-k without the metrics.
std::vector<TopK> recommend_top_k(const ScoreSource& source, const data::UserItems& exclude,
                                  const EvalOptions& options = {});

// Next-item metrics: row r of `source` is scored against all items, seen.of(r) is
// masked, targets[r] is the item to find. A target inside its own seen list is an
// error (std::invalid_argument), since masking would make it unrankable.
EvalResult evaluate_next_item(const ScoreSource& source, const data::UserItems& seen,
                              std::span<const std::int32_t> targets,
                              const EvalOptions& options = {});

}  // namespace recgrad
