// Evaluating a next-item model (Feedback::NextItem) on a set of interactions: each
// evaluated interaction is a row whose target is its item, scored against every item
// with the user's context = the last `max_history` items of the user's `exclude`
// history in time order, and with that history masked. The metrics are
// evaluation/metrics.hpp's next-item ones: hr@k, ndcg@k, mrr. On the `last` split this is the
// leave-last-out protocol of the PyTorch reference: one row per user, the last item.
#pragma once

#include <span>

#include "data/dataset.hpp"
#include "evaluation/metrics.hpp"
#include "models/model.hpp"

namespace recgrad {

struct EvaluateOptions;

// A model that is not a NextItemRecommender ranks each row by its user's scores.
EvalResult evaluate_next_items(const Recommender<float>& model, const data::Dataset& ds,
                                     std::span<const std::int32_t> rows, const data::UserItems& exclude,
                                     const EvaluateOptions& options);

}  // namespace recgrad
