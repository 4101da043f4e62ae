// What every gradient-trained model offers the trainer, the evaluator and the
// gradient checker. A model owns its layers (and so its parameters); it computes
// its loss either by recording ops on a tape (the automatic path) or by hand-derived
// formulas that write the same gradients (the manual path), so the two can be
// compared number by number and timed side by side.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "autodiff/tape.hpp"
#include "data/features.hpp"
#include "data/user_items.hpp"
#include "models/batch.hpp"
#include "models/options.hpp"

namespace recgrad::data {
struct Dataset;
}

namespace recgrad {

// What a model learns from, which decides how the trainer builds its batches.
enum class Feedback {
  Explicit,   // ratings: targets = rating
  Pointwise,  // implicit, positives and sampled negatives as separate examples: targets = 0/1, weights
  Pairwise,   // implicit, one sampled negative per positive: negatives
  Binary,     // ratings turned into labels: targets = 1 when rating >= ModelConfig::positive_rating, else 0;
              // judged by AUC and log loss of the predicted probabilities' logits
  NextItem,   // the next item of a user's time-ordered history: items = the target, and the
              // example's previous items in context_items / context_offsets
};

struct ModelConfig {
  std::int64_t dim = 32;      // factor size
  double init_std = 0.1;      // factors start as N(0, init_std^2); biases at 0
  double l2 = 0.01;           // lambda of the per-example L2 term in the loss
  double alpha = 0.0;         // logistic MF: a positive's weight is 1 + alpha * rating
  double global_mean = 0.0;   // biased MF: mu, the training ratings' mean
  double rating_min = 0.0;    // biased MF: predictions are clipped to the training
  double rating_max = 0.0;    // ratings' range (no clipping while min >= max)
  double positive_rating = 4.0;  // Binary feedback: a rating at least this is a positive
  // The options only this model reads (OptionSpec::model_own), declared in its folder's
  // spec.cpp; a model reads them with a fallback for a config built by hand.
  Options own{};

  bool clips_ratings() const { return rating_min < rating_max; }
  // A predicted rating on the training ratings' scale: what the rating models' predict
  // gives and what lists show (their ranking scores stay raw: clipping would tie the top).
  template <class T>
  T clip_rating(T r) const {
    return clips_ratings() ? std::clamp(r, static_cast<T>(rating_min), static_cast<T>(rating_max)) : r;
  }
};

// What a model is built over: the numbers of users and items and, for the models that
// use metadata (fm, hybrid, widedeep, softmax), the data's feature rows. A model copies
// what it keeps, so the data need not outlive it.
struct ModelData {
  Id num_users = 0;
  Id num_items = 0;
  const data::FeatureMatrix* user_features = nullptr;  // null: ids only
  const data::FeatureMatrix* item_features = nullptr;
};

// A data set's counts and feature rows (which it must outlive while models are built).
// Models registered in models/registry.hpp are built from it by name.
ModelData model_data(const data::Dataset& ds);

// A model's tensors by name, as model files hold them.
template <class T>
using NamedTensors = std::vector<std::pair<std::string, Tensor<T>*>>;

// State a model keeps besides its tensors, in a model file's precision.
struct StateTensor {
  std::string name;
  Tensor<float> value;
};

// Anything that scores users against items: every model, gradient-trained or not
// (implicit ALS). Evaluation, top-k lists and similar-item search need no more.
//
// Scoring (predict, score_users) is const in fact, not only in name: it reads the model
// and keeps its scratch per call, so any number of threads may score one model at once
// (the evaluator and `recommend --all-users` do). Training (Model::loss,
// manual_gradients) reuses member buffers between batches and is for one thread.
template <class T>
class Recommender {
 public:
  virtual ~Recommender() = default;

  // The tensors that make up the model (parameters, factor matrices, counts), by name:
  // what a model file holds, and what loading writes into.
  virtual NamedTensors<T> tensors() = 0;
  // Anything else the model must keep to score as it did (fm's record of the features
  // training read), as named tensors; empty for most models.
  virtual std::vector<StateTensor> extra_state() const { return {}; }
  // Puts back what extra_state() gave, as read from a file: the same names, but shapes
  // and values unchecked, so std::invalid_argument for any that do not fit.
  virtual void restore_extra_state(const std::vector<StateTensor>& state) {
    if (!state.empty()) throw std::invalid_argument("model '" + name() + "' keeps no state besides its tensors");
  }
  // One vector per item whose cosines say how alike items are, [items x k]; empty for a
  // model without such vectors. What `recgrad similar` searches.
  virtual Tensor<T> item_vectors() const { return {}; }

  virtual std::string name() const = 0;
  virtual Feedback feedback() const = 0;

  // The model's score of each (users[r], items[r]): a rating for explicit models,
  // a logit or ranking score for implicit ones.
  virtual void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const = 0;
  // Scores of users [first, first + count) against every item, row-major.
  virtual void score_users(Id first, Id count, std::span<T> out) const = 0;
  virtual Id num_users() const = 0;
  virtual Id num_items() const = 0;
};

template <class T>
class Model : public Recommender<T> {
 public:
  virtual std::vector<Param<T>*> params() = 0;
  NamedTensors<T> tensors() final {
    NamedTensors<T> out;
    for (Param<T>* p : params()) out.emplace_back(p->name(), &p->value);
    return out;
  }

  // The automatic path: the batch's loss, recorded on `tape`.
  virtual Var<T> loss(Tape<T>& tape, const Batch<T>& batch) = 0;
  // The manual path: adds the hand-derived gradient of the same loss into the
  // parameters' gradients and returns the loss value.
  virtual T manual_gradients(const Batch<T>& batch) = 0;
};

// A model that learns in whole sweeps over the training positives rather than by
// minibatch steps (implicit ALS, full-matrix logistic MF); the trainer runs its sweeps
// under the same selection rules as the minibatch models (training/sweep_training.hpp).
struct SweepSettings {
  double lr = 0;                  // the step size of models that take gradient steps
  bool manual_gradients = false;  // their gradients by hand rather than from the tape
};

template <class T>
class SweepModel : public Recommender<T> {
 public:
  // Called before the first sweep of a run: the training positives per user and per
  // item (the same pairs both ways round), which the caller keeps alive for the sweeps.
  virtual void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                            const SweepSettings& settings) = 0;
  virtual void sweep() = 0;
  // tensors() is what makes up the model between sweeps: copied for the best sweep.
};

}  // namespace recgrad
