// Evaluating a trained model on a set of interactions, the way its kind is judged:
//
//   explicit models  rmse and mae of the predicted ratings;
//   implicit models  the ranking metrics of data/metrics.hpp: for each user, every
//                    item not in `exclude` (the training interactions) is a candidate
//                    and the user's evaluated interactions are the relevant items.
//
// The trainer uses it for validation every epoch, `recgrad train` and `recgrad eval`
// for the test part of a split.
#pragma once

#include <span>

#include "data/dataset.hpp"
#include "data/metrics.hpp"
#include "models/model.hpp"

namespace recgrad {

struct EvaluateOptions {
  std::int32_t k = 10;
  int threads = 0;  // 0: OpenMP's default
};

data::EvalResult evaluate(const Recommender<float>& model, const data::Dataset& ds, std::span<const std::int32_t> rows,
                          const data::UserItems& exclude, const EvaluateOptions& options = {});

// The model as a scoring source for data::evaluate_ranking and top-k lists.
data::ScoreSource score_source(const Recommender<float>& model);

}  // namespace recgrad
