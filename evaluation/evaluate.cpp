#include "evaluation/evaluate.hpp"

#include <stdexcept>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "evaluation/next_item_evaluation.hpp"

namespace recgrad {

ScoreSource score_source(const Recommender<float>& model) {
  ScoreSource s;
  s.num_users = model.num_users();
  s.num_items = model.num_items();
  s.score_users = [&model](std::int32_t first, std::int32_t count, std::span<float> out) {
    model.score_users(first, count, out);
  };
  return s;
}

namespace {

// The model's prediction for each evaluated interaction, beside its rating.
struct PointPredictions {
  std::vector<float> pred, rating;
};

PointPredictions predict_rows(const Recommender<float>& model, const data::Dataset& ds,
                              std::span<const std::int32_t> rows) {
  const data::Interactions& in = ds.interactions;
  std::vector<Id> users, items;
  PointPredictions p;
  p.pred.resize(rows.size());
  for (const std::int32_t r : rows) {
    users.push_back(in.users[r]);
    items.push_back(in.items[r]);
    p.rating.push_back(in.ratings[r]);
  }
  model.predict(users, items, p.pred);
  return p;
}

// Logits against the labels rating >= positive_rating: AUC ranks the logits themselves
// (sigmoid is monotone, and in float it would tie saturated scores), log loss takes
// their probabilities.
void judge_logits(const PointPredictions& p, double positive_rating, EvalResult& result) {
  std::vector<float> labels(p.rating.size()), prob(p.pred.size());
  for (std::size_t r = 0; r < labels.size(); ++r) labels[r] = p.rating[r] >= positive_rating ? 1.0f : 0.0f;
  kernels::sigmoid(p.pred.data(), prob.data(), static_cast<std::int64_t>(prob.size()));
  double positives = 0;
  for (const float y : labels) positives += y;
  result.auc = auc(p.pred, labels);
  result.logloss = logloss(prob, labels);
  result.positive_rate = positives / static_cast<double>(labels.size());
}

// A ranker's scores against the same labels: they order the pairs (auc) but are no
// probabilities, so there is no log loss.
void judge_ranks(const PointPredictions& p, double positive_rating, EvalResult& result) {
  std::vector<float> labels(p.rating.size());
  double positives = 0;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    labels[r] = p.rating[r] >= positive_rating ? 1.0f : 0.0f;
    positives += labels[r];
  }
  result.auc = auc(p.pred, labels);
  result.positive_rate = positives / static_cast<double>(labels.size());
}

}  // namespace

bool is_ranking_protocol(Feedback protocol) {
  return protocol != Feedback::Explicit && protocol != Feedback::Binary && protocol != Feedback::NextItem;
}

std::string protocol_metrics(Feedback protocol) {
  switch (protocol) {
    case Feedback::Explicit: return "rmse and mae";
    case Feedback::Binary: return "auc and log loss over the test pairs";
    case Feedback::NextItem: return "hr@k, ndcg@k and mrr of each row's next item among all items";
    default: return "ranking metrics over each user's candidates";
  }
}

EvalResult evaluate(const Recommender<float>& model, const data::Dataset& ds, std::span<const std::int32_t> rows,
                          const data::UserItems& exclude, const EvaluateOptions& options) {
  const Feedback protocol = options.protocol.value_or(model.feedback());
  if (protocol == Feedback::Explicit && model.feedback() != Feedback::Explicit)
    throw std::invalid_argument(model.name() + " predicts no ratings: it cannot be judged by rmse and mae");
  if (options.sampling.negatives != 0 && !is_ranking_protocol(protocol))
    throw std::invalid_argument("sampled candidates: " + model.name() + " is judged by " + protocol_metrics(protocol) +
                                ", not by ranking a user's candidates; use all candidates");
  if (protocol == Feedback::Explicit || protocol == Feedback::Binary) {
    const PointPredictions p = predict_rows(model, ds, rows);
    EvalResult result;
    if (protocol == Feedback::Explicit) {
      result.rmse = rmse(p.pred, p.rating);
      result.mae = mae(p.pred, p.rating);
    } else if (model.feedback() == Feedback::Binary) {
      judge_logits(p, options.positive_rating, result);
    } else {
      judge_ranks(p, options.positive_rating, result);
    }
    return result;
  }
  if (protocol == Feedback::NextItem) return evaluate_next_items(model, ds, rows, exclude, options);
  const data::UserItems relevant = ds.user_items(rows);
  EvalOptions eval;
  eval.k = options.k;
  eval.threads = options.threads;
  eval.candidate_items = options.candidate_items;
  eval.candidate_name = options.candidate_name;
  return evaluate_ranking(score_source(model), exclude, relevant, eval, options.sampling);
}

}  // namespace recgrad
