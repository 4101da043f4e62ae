#include "training/evaluate.hpp"

#include <vector>

namespace recgrad {

data::ScoreSource score_source(const Recommender<float>& model) {
  data::ScoreSource s;
  s.num_users = model.num_users();
  s.num_items = model.num_items();
  s.score_users = [&model](std::int32_t first, std::int32_t count, std::span<float> out) {
    model.score_users(first, count, out);
  };
  return s;
}

data::EvalResult evaluate(const Recommender<float>& model, const data::Dataset& ds, std::span<const std::int32_t> rows,
                          const data::UserItems& exclude, const EvaluateOptions& options) {
  const data::Interactions& in = ds.interactions;
  if (model.feedback() == Feedback::Explicit) {
    std::vector<Id> users, items;
    std::vector<float> truth, pred(rows.size());
    for (const std::int32_t r : rows) {
      users.push_back(in.users[r]);
      items.push_back(in.items[r]);
      truth.push_back(in.ratings[r]);
    }
    model.predict(users, items, pred);
    data::EvalResult result;
    result.rmse = data::rmse(pred, truth);
    result.mae = data::mae(pred, truth);
    return result;
  }
  const data::UserItems relevant = ds.user_items(rows);
  data::EvalOptions eval;
  eval.k = options.k;
  eval.threads = options.threads;
  return data::evaluate_ranking(score_source(model), exclude, relevant, eval);
}

}  // namespace recgrad
