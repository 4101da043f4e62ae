// Ranking evaluation over a score source: blocks of users are scored at once (one
// gemm_nt per block for factor models), blocks are spread over OpenMP threads, and each
// user's figures land in its own slot, reduced afterwards in user order, so the result
// does not depend on the thread count. Definitions in evaluation/metrics.hpp.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

#include "autodiff/random.hpp"
#include "evaluation/metrics.hpp"
#include "evaluation/scored_rows.hpp"

namespace recgrad {

using namespace eval_detail;

namespace {

using Items = std::span<const std::int32_t>;

// One user's figures before averaging.
struct UserFigures {
  bool evaluated = false, auc_defined = false, hit = false;
  double auc = 0, precision = 0, recall = 0, ndcg = 0, ap = 0, rr = 0;
};

struct RankScratch {
  std::vector<std::int32_t> relevant, pool, keep, exclude, not_candidates;
  std::vector<float> positive_scores;
};

// Candidates below and equal to a threshold t, among ids [0, end).
struct Tally {
  std::int64_t below = 0, equal = 0, total = 0;
};

void add_run(std::span<const float> row, float t, std::int32_t lo, std::int32_t hi, Tally& out) {
  std::int32_t below = 0, equal = 0;  // narrow counters: the loop vectorises
  for (std::int32_t j = lo; j < hi; ++j) {
    below += row[j] < t;
    equal += row[j] == t;
  }
  out.below += below;
  out.equal += equal;
  out.total += hi - lo;
}

Tally tally(std::span<const float> row, Items exclude, float t, std::int32_t end) {
  Tally out;
  if (exclude.size() * 8 < static_cast<std::size_t>(end)) {
    // Few exclusions (the usual training list): one long vectorised loop, then the
    // excluded ids taken back out, beats a short loop with a ragged tail per gap.
    add_run(row, t, 0, end, out);
    for (std::int32_t e : exclude) {
      if (e >= end) break;
      out.below -= row[e] < t;
      out.equal -= row[e] == t;
      --out.total;
    }
  } else {
    for_each_candidate_run(end, exclude, [&](std::int32_t lo, std::int32_t hi) {
      add_run(row, t, lo, hi, out);
    });
  }
  return out;
}

// Up to this many relevant items, AUC counts candidates once per relevant item with
// vectorised compares (P passes over the row); beyond, one pass with a binary search
// into the sorted relevant scores per candidate, whose mispredicted branches cost more
// per candidate than a few hundred vector compares.
constexpr std::size_t kLinearMaxPositives = 512;

// AUC and reciprocal rank. With P = |R| positives:
//   below = #(positive p, candidate c) pairs with s_c < s_p,
//   tied  = #(positive p, candidate c) pairs with s_c = s_p (p with itself included);
// the positives' average ranks then sum to below + (tied + P) / 2, so
//   auc = (2 below + tied - P^2) / (2 P N), exact in integers up to the last division.
void auc_and_rr(std::span<const float> row, Items exclude, Items relevant, RankScratch& scratch,
                UserFigures& out) {
  std::int32_t best = relevant[0];
  for (std::int32_t p : relevant)
    if (row[p] > row[best]) best = p;  // relevant is ascending: the first of a tie is kept
  const auto n = static_cast<std::int32_t>(row.size());
  const Tally at_best = tally(row, exclude, row[best], n);
  const std::int64_t ahead = (at_best.total - at_best.below - at_best.equal) +
                             tally(row, exclude, row[best], best).equal;
  out.rr = 1.0 / static_cast<double>(ahead + 1);

  const auto P = static_cast<std::int64_t>(relevant.size());
  std::int64_t below = 0, tied = 0;
  if (relevant.size() <= kLinearMaxPositives) {
    for (std::int32_t p : relevant) {
      const Tally t = tally(row, exclude, row[p], n);
      below += t.below;
      tied += t.equal;
    }
  } else {
    auto& ps = scratch.positive_scores;
    ps.clear();
    for (std::int32_t p : relevant) ps.push_back(row[p]);
    std::sort(ps.begin(), ps.end());
    for_each_candidate_run(n, exclude, [&](std::int32_t lo, std::int32_t hi) {
      for (std::int32_t j = lo; j < hi; ++j) {
        const auto [first, last] = std::equal_range(ps.begin(), ps.end(), row[j]);
        below += ps.end() - last;
        tied += last - first;
      }
    });
  }
  const std::int64_t N = at_best.total - P;
  out.auc_defined = N > 0;
  if (out.auc_defined)
    out.auc = static_cast<double>(2 * below + tied - P * P) /
              (2.0 * static_cast<double>(P) * static_cast<double>(N));
}

// precision, recall, ndcg, ap and hit from the user's top list. ideal[m] is the sum of
// the first m discounts 1/log2(i+2).
void top_k_figures(Items top, Items relevant, std::int32_t k, std::span<const double> ideal,
                   UserFigures& out) {
  std::int32_t hits = 0;
  double dcg = 0.0, precision_sum = 0.0;
  for (std::size_t i = 0; i < top.size(); ++i) {
    if (!std::binary_search(relevant.begin(), relevant.end(), top[i])) continue;
    ++hits;
    dcg += ideal[i + 1] - ideal[i];
    precision_sum += static_cast<double>(hits) / static_cast<double>(i + 1);
  }
  const auto P = static_cast<std::int32_t>(relevant.size());
  const std::int32_t ideal_hits = std::min(P, k);
  out.precision = static_cast<double>(hits) / k;
  out.recall = static_cast<double>(hits) / P;
  out.ndcg = dcg / ideal[static_cast<std::size_t>(ideal_hits)];
  out.ap = precision_sum / ideal_hits;
  out.hit = hits > 0;
}

// Sampled mode: the exclusion list that leaves exactly the user's relevant items plus
// `negatives` of the items in neither list (all of them if there are fewer). `excluded`
// is the training list, with the items off a restricted candidate list merged in.
Items sampled_exclusion(std::int32_t num_items, Items excluded, Items test, Items relevant,
                        const CandidateSampling& sampling, std::int32_t user,
                        RankScratch& scratch) {
  auto& pool = scratch.pool;
  pool.clear();
  for_each_candidate_run(num_items, excluded, [&](std::int32_t lo, std::int32_t hi) {
    for (std::int32_t j = lo; j < hi; ++j)
      if (!std::binary_search(test.begin(), test.end(), j)) pool.push_back(j);
  });
  const auto wanted = static_cast<std::size_t>(sampling.negatives);
  if (pool.size() > wanted) {
    Rng rng = Rng(sampling.seed).fork(static_cast<std::uint64_t>(user));
    for (std::size_t i = 0; i < wanted; ++i)  // partial Fisher-Yates
      std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
    pool.resize(wanted);
    std::sort(pool.begin(), pool.end());
  }
  scratch.keep.clear();
  std::merge(pool.begin(), pool.end(), relevant.begin(), relevant.end(),
             std::back_inserter(scratch.keep));
  scratch.exclude.clear();
  for_each_candidate_run(num_items, scratch.keep, [&](std::int32_t lo, std::int32_t hi) {
    for (std::int32_t j = lo; j < hi; ++j) scratch.exclude.push_back(j);
  });
  return scratch.exclude;
}

// A restricted candidate list must be ascending, distinct and inside the catalogue.
void check_candidate_list(Items candidates, std::int32_t num_items) {
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::int32_t c = candidates[i];
    if (c < 0 || c >= num_items || (i > 0 && c <= candidates[i - 1]))
      throw std::invalid_argument("evaluate_ranking: the candidate list must hold ascending, distinct items in 0.." +
                                  std::to_string(num_items - 1) + "; entry " + std::to_string(i) + " is " +
                                  std::to_string(c));
  }
}

// The items outside a restricted candidate list, ascending (empty when unrestricted).
std::vector<std::int32_t> complement(Items candidates, std::int32_t num_items) {
  std::vector<std::int32_t> out;
  if (candidates.empty()) return out;
  for_each_candidate_run(num_items, candidates, [&](std::int32_t lo, std::int32_t hi) {
    for (std::int32_t j = lo; j < hi; ++j) out.push_back(j);
  });
  return out;
}

// The users' figures averaged (AUC over the users where it is defined), and the share
// of the list's items that reached some top list.
EvalResult average(std::span<const UserFigures> figures, std::span<const std::int32_t> tops,
                   std::int32_t num_items, std::int64_t list_size) {
  std::int64_t evaluated = 0, with_auc = 0;
  double auc = 0, precision = 0, recall = 0, ndcg = 0, ap = 0, rr = 0, hits = 0;
  for (const UserFigures& f : figures) {
    if (!f.evaluated) continue;
    ++evaluated;
    if (f.auc_defined) {
      ++with_auc;
      auc += f.auc;
    }
    precision += f.precision;
    recall += f.recall;
    ndcg += f.ndcg;
    ap += f.ap;
    rr += f.rr;
    hits += f.hit ? 1.0 : 0.0;
  }
  if (evaluated == 0)
    throw std::invalid_argument("evaluate_ranking: no user has a test item outside training");
  std::vector<char> covered(static_cast<std::size_t>(num_items), 0);
  for (std::int32_t item : tops)
    if (item >= 0) covered[static_cast<std::size_t>(item)] = 1;

  EvalResult result;
  result.n_eval_users = evaluated;
  result.n_skipped_users = static_cast<std::int64_t>(figures.size()) - evaluated;
  result.n_auc_skipped_users = evaluated - with_auc;
  if (with_auc > 0) result.auc = mean(auc, with_auc);
  result.precision = mean(precision, evaluated);
  result.recall = mean(recall, evaluated);
  result.ndcg = mean(ndcg, evaluated);
  result.map = mean(ap, evaluated);
  result.mrr = mean(rr, evaluated);
  result.hit_rate = mean(hits, evaluated);
  result.coverage = mean(static_cast<double>(std::count(covered.begin(), covered.end(), 1)), list_size);
  return result;
}

}  // namespace

EvalResult evaluate_ranking(const ScoreSource& source, const data::UserItems& train,
                            const data::UserItems& test, const EvalOptions& options,
                            const CandidateSampling& sampling) {
  check_options(options);
  check_shape("training", source, train);
  check_shape("test", source, test);
  if (sampling.negatives < 0)
    throw std::invalid_argument("evaluate_ranking: negative sample size " +
                                std::to_string(sampling.negatives));
  const std::int32_t k = options.k, num_items = source.num_items;
  check_candidate_list(options.candidate_items, num_items);
  const bool restricted = !options.candidate_items.empty();
  // Every item off the list is excluded for every user, as if it were a training item.
  const std::vector<std::int32_t> off_list = complement(options.candidate_items, num_items);
  std::vector<double> ideal(static_cast<std::size_t>(k) + 1, 0.0);
  for (std::int32_t i = 0; i < k; ++i) ideal[i + 1] = ideal[i] + 1.0 / std::log2(i + 2.0);

  std::vector<UserFigures> figures(static_cast<std::size_t>(source.num_users));
  // Top lists kept for coverage; -1 pads users with fewer than k candidates.
  std::vector<std::int32_t> tops(figures.size() * static_cast<std::size_t>(k), -1);
  for_each_scored_row<RankScratch>(source, options, [&](RankScratch& scratch, std::int32_t u,
                                                        std::span<const float> row) {
    Items not_candidates = train.of(u);
    if (restricted) {
      scratch.not_candidates.clear();
      std::set_union(not_candidates.begin(), not_candidates.end(), off_list.begin(), off_list.end(),
                     std::back_inserter(scratch.not_candidates));
      not_candidates = scratch.not_candidates;
    }
    auto& relevant = scratch.relevant;
    relevant.clear();
    std::set_difference(test.of(u).begin(), test.of(u).end(), not_candidates.begin(),
                        not_candidates.end(), std::back_inserter(relevant));
    if (relevant.empty()) return;
    const Items exclude = sampling.negatives == 0
                              ? not_candidates
                              : sampled_exclusion(num_items, not_candidates, test.of(u), relevant,
                                                  sampling, u, scratch);
    const std::span<std::int32_t> top(tops.data() + static_cast<std::size_t>(u) * k,
                                      static_cast<std::size_t>(k));
    const std::int32_t count = top_k_into(row, exclude, top);  // also rejects NaN scores
    UserFigures& f = figures[static_cast<std::size_t>(u)];
    top_k_figures(top.first(static_cast<std::size_t>(count)), relevant, k, ideal, f);
    auc_and_rr(row, exclude, relevant, scratch, f);
    f.evaluated = true;
  });

  const auto list_size = static_cast<std::int64_t>(restricted ? options.candidate_items.size() : num_items);
  const std::string list = restricted ? options.candidate_name + "-" + std::to_string(list_size) : "all";
  EvalResult result = average(figures, tops, num_items, list_size);
  result.k = k;
  result.candidates = sampling.negatives == 0 ? list
                      : restricted            ? "sampled-" + std::to_string(sampling.negatives) + " of " + list
                                              : "sampled-" + std::to_string(sampling.negatives);
  return result;
}

}  // namespace recgrad
