// Evaluating a trained model on a set of interactions, the way its kind is judged:
//
//   explicit models  rmse and mae of the predicted ratings;
//   binary models    auc of the predicted logits and logloss of their sigmoids against
//                    the labels rating >= positive_rating, and the labels' positive rate;
//   next-item models hr@k, ndcg@k and mrr of each row's item given the user's latest
//                    items (evaluation/next_item_evaluation.hpp);
//   implicit models  the ranking metrics of evaluation/metrics.hpp: for each user, every
//                    item not in `exclude` (the training interactions) is a candidate
//                    and the user's evaluated interactions are the relevant items.
//
// A model can also be judged the way another kind is (EvaluateOptions::protocol), as the
// popularity baseline is beside the model it is compared with. A ranker's scores are
// not probabilities, so under the binary protocol it gets auc and no logloss; under the
// next-item protocol it ranks by user rather than by context; it predicts no ratings, so
// the explicit protocol refuses it.
//
// The trainer uses it for validation every epoch, `recgrad train` and `recgrad eval`
// for the test part of a split.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "data/dataset.hpp"
#include "evaluation/metrics.hpp"
#include "models/model.hpp"

namespace recgrad {

struct EvaluateOptions {
  std::int32_t k = 10;
  int threads = 0;  // 0: OpenMP's default
  double positive_rating = 4.0;  // binary models: the smallest rating that is a positive
  // Implicit models: only these items are candidates (ascending; empty = every item), named
  // "<candidate_name>-<count>" in the result. A cold-start split's test ranks its cold items.
  std::span<const std::int32_t> candidate_items = {};
  std::string candidate_name = "listed";
  std::int32_t max_history = 20;  // next-item models: context items per evaluated row
  std::optional<Feedback> protocol = {};  // judged as this kind of model; unset: as the model's own kind
  // Ranking protocols only: the user's relevant items against this many sampled negatives
  // instead of every candidate (metrics.hpp's CandidateSampling; 0: every candidate). The
  // other protocols have no candidates to sample and refuse it.
  CandidateSampling sampling = {};
};

EvalResult evaluate(const Recommender<float>& model, const data::Dataset& ds, std::span<const std::int32_t> rows,
                          const data::UserItems& exclude, const EvaluateOptions& options = {});

// True for the protocols that rank each user's candidates (implicit models): the ones
// whose candidates can be sampled.
bool is_ranking_protocol(Feedback protocol);
// The metrics a protocol judges by, in words, for messages.
std::string protocol_metrics(Feedback protocol);

// The model as a scoring source for evaluate_ranking and top-k lists.
ScoreSource score_source(const Recommender<float>& model);

}  // namespace recgrad
