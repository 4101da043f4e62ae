// Ranking evaluation over a score source: blocks of users are scored at once (one
// gemm_nt per block for factor models), blocks are spread over OpenMP threads, and each
// user's figures land in its own slot, reduced afterwards in user order, so the result
// does not depend on the thread count. Definitions in data/metrics.hpp.
#include "data/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>
#include <stdexcept>
#include <string>

#include <omp.h>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/random.hpp"

namespace recgrad::data {
namespace {

using Items = std::span<const std::int32_t>;

void check_options(const EvalOptions& options) {
  if (options.k < 1)
    throw std::invalid_argument("evaluation: k must be at least 1, got " + std::to_string(options.k));
  if (options.block_users < 1)
    throw std::invalid_argument("evaluation: block_users must be at least 1, got " +
                                std::to_string(options.block_users));
  if (options.threads < 0)
    throw std::invalid_argument("evaluation: threads must be >= 0, got " +
                                std::to_string(options.threads));
}

void check_shape(const char* what, const ScoreSource& source, const UserItems& lists) {
  if (!source.score_users) throw std::invalid_argument("evaluation: the score source is empty");
  if (lists.num_users() != source.num_users || lists.num_items != source.num_items)
    throw std::invalid_argument(std::string("evaluation: ") + what + " lists are " +
                                std::to_string(lists.num_users()) + " users x " +
                                std::to_string(lists.num_items) + " items but the scores are " +
                                std::to_string(source.num_users) + " x " +
                                std::to_string(source.num_items));
}

// Scores the rows in blocks of options.block_users, the blocks shared among OpenMP
// threads, and calls visit(scratch, row, scores of that row). Each thread owns one
// Scratch. Exceptions may not leave an OpenMP region, so each block keeps its own and
// the first (by block) is rethrown after the loop.
template <class Scratch, class Visit>
void for_each_scored_row(const ScoreSource& source, const EvalOptions& options, Visit visit) {
  const std::int64_t rows = source.num_users, n = source.num_items;
  const std::int64_t block = options.block_users;
  const std::int64_t num_blocks = (rows + block - 1) / block;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(num_blocks));
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> scores;
    Scratch scratch;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t b = 0; b < num_blocks; ++b) {
      try {
        const auto first = static_cast<std::int32_t>(b * block);
        const auto count = static_cast<std::int32_t>(std::min(block, rows - first));
        scores.resize(static_cast<std::size_t>(count * n));
        source.score_users(first, count, scores);
        for (std::int32_t i = 0; i < count; ++i)
          visit(scratch, first + i, std::span<const float>(scores.data() + i * n, n));
      } catch (...) {
        errors[static_cast<std::size_t>(b)] = std::current_exception();
      }
    }
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
}

struct NoScratch {};

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

double mean(double sum, std::int64_t count) { return sum / static_cast<double>(count); }

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

}  // namespace

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

EvalResult evaluate_ranking(const ScoreSource& source, const UserItems& train,
                            const UserItems& test, const EvalOptions& options,
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

  EvalResult result;
  result.k = k;
  const auto list_size = static_cast<std::int64_t>(restricted ? options.candidate_items.size() : num_items);
  const std::string list = restricted ? options.candidate_name + "-" + std::to_string(list_size) : "all";
  result.candidates = sampling.negatives == 0 ? list
                      : restricted            ? "sampled-" + std::to_string(sampling.negatives) + " of " + list
                                              : "sampled-" + std::to_string(sampling.negatives);
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

  result.n_eval_users = evaluated;
  result.n_skipped_users = source.num_users - evaluated;
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

std::vector<TopK> recommend_top_k(const ScoreSource& source, const UserItems& exclude,
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

EvalResult evaluate_next_item(const ScoreSource& source, const UserItems& seen,
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

}  // namespace recgrad::data
