// Point metrics and the JSON form of a result; definitions in evaluation/metrics.hpp.
#include "evaluation/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace recgrad {
namespace {

constexpr double kLoglossClip = 1e-7;  // common.py's eps

template <class T>
void check_pairs(const char* metric, std::span<const T> a, std::span<const T> b) {
  if (a.empty())
    throw std::invalid_argument(std::string(metric) + ": no values to evaluate");
  if (a.size() != b.size())
    throw std::invalid_argument(std::string(metric) + ": " + std::to_string(a.size()) +
                                " predictions but " + std::to_string(b.size()) + " targets");
}

// Sums are kept in double whatever T is, so float inputs lose nothing to accumulation.
template <class T, class Term>
double mean_of(const char* metric, std::span<const T> a, std::span<const T> b, Term term) {
  check_pairs(metric, a, b);
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += term(double(a[i]), double(b[i]));
  return sum / static_cast<double>(a.size());
}

template <class T>
double rmse_of(std::span<const T> pred, std::span<const T> truth) {
  return std::sqrt(mean_of("rmse", pred, truth, [](double p, double y) { return (p - y) * (p - y); }));
}

template <class T>
double mae_of(std::span<const T> pred, std::span<const T> truth) {
  return mean_of("mae", pred, truth, [](double p, double y) { return std::abs(p - y); });
}

template <class T>
double logloss_of(std::span<const T> prob, std::span<const T> label) {
  return mean_of("logloss", prob, label, [](double p, double y) {
    p = std::clamp(p, kLoglossClip, 1.0 - kLoglossClip);
    return -(y * std::log(p) + (1.0 - y) * std::log(1.0 - p));
  });
}

template <class T>
double auc_of(std::span<const T> scores, std::span<const T> labels) {
  check_pairs("auc", scores, labels);
  const std::size_t n = scores.size();
  for (std::size_t i = 0; i < n; ++i)
    if (std::isnan(scores[i]))
      throw std::domain_error("auc: score " + std::to_string(i) + " is NaN");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Twice the sum of the positives' average ranks, kept integral: a run of equal
  // scores at sorted positions [lo, hi) shares the 1-based rank (lo + 1 + hi) / 2.
  std::int64_t twice_rank_sum = 0, positives = 0;
  for (std::size_t lo = 0; lo < n;) {
    std::size_t hi = lo + 1;
    while (hi < n && scores[order[hi]] == scores[order[lo]]) ++hi;
    for (std::size_t i = lo; i < hi; ++i)
      if (labels[order[i]] != T(0)) {
        ++positives;
        twice_rank_sum += static_cast<std::int64_t>(lo + 1 + hi);
      }
    lo = hi;
  }
  const std::int64_t negatives = static_cast<std::int64_t>(n) - positives;
  if (positives == 0 || negatives == 0)
    throw std::invalid_argument("auc: needs both positive and negative labels, got " +
                                std::to_string(positives) + " positive and " +
                                std::to_string(negatives) + " negative");
  return static_cast<double>(twice_rank_sum - positives * (positives + 1)) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives));
}

}  // namespace

double rmse(std::span<const float> p, std::span<const float> y) { return rmse_of(p, y); }
double rmse(std::span<const double> p, std::span<const double> y) { return rmse_of(p, y); }
double mae(std::span<const float> p, std::span<const float> y) { return mae_of(p, y); }
double mae(std::span<const double> p, std::span<const double> y) { return mae_of(p, y); }
double logloss(std::span<const float> p, std::span<const float> y) { return logloss_of(p, y); }
double logloss(std::span<const double> p, std::span<const double> y) { return logloss_of(p, y); }
double auc(std::span<const float> s, std::span<const float> y) { return auc_of(s, y); }
double auc(std::span<const double> s, std::span<const double> y) { return auc_of(s, y); }

nlohmann::json to_json(const EvalResult& r) {
  nlohmann::json out = nlohmann::json::object();
  // Appended rather than "@" + to_string(k), which trips a false -Wrestrict in GCC 12.
  std::string at = "@";
  at += std::to_string(r.k);
  auto put = [&](const std::string& key, const auto& value) {
    if (value) out[key] = *value;
  };
  put("rmse", r.rmse);
  put("mae", r.mae);
  put("auc", r.auc);
  put("logloss", r.logloss);
  put("positive_rate", r.positive_rate);
  put("precision" + at, r.precision);
  put("recall" + at, r.recall);
  put("ndcg" + at, r.ndcg);
  put("map" + at, r.map);
  put("mrr", r.mrr);
  put("hr" + at, r.hit_rate);
  put("coverage" + at, r.coverage);
  put("n_eval_users", r.n_eval_users);
  put("n_skipped_users", r.n_skipped_users);
  if (r.n_auc_skipped_users != 0) out["n_auc_skipped_users"] = r.n_auc_skipped_users;
  if (!r.candidates.empty()) out["candidates"] = r.candidates;
  return out;
}

std::vector<std::pair<std::string, double>> quality_figures(const EvalResult& r) {
  std::string at = "@";
  at += std::to_string(r.k);
  const std::pair<std::string, const std::optional<double>*> all[] = {
      {"rmse", &r.rmse},            {"mae", &r.mae},          {"auc", &r.auc},
      {"logloss", &r.logloss},      {"precision" + at, &r.precision},
      {"recall" + at, &r.recall},   {"ndcg" + at, &r.ndcg},   {"map" + at, &r.map},
      {"mrr", &r.mrr},              {"hr" + at, &r.hit_rate}, {"coverage" + at, &r.coverage}};
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [name, value] : all)
    if (value->has_value()) out.emplace_back(name, **value);
  return out;
}

double metric_value(const EvalResult& r, const std::string& name) {
  for (const auto& [key, value] : quality_figures(r))
    if (key == name) return value;
  throw std::invalid_argument("metric '" + name + "' is not computed for this model");
}

bool lower_is_better(const std::string& metric) { return metric == "rmse" || metric == "mae" || metric == "logloss"; }

}  // namespace recgrad
