#include "training/run.hpp"

#include <algorithm>

#include "models/next_item.hpp"
#include "training/memory.hpp"
#include "training/sweep_training.hpp"
#include "evaluation/evaluate.hpp"

namespace recgrad {

namespace {

// A sweep model's sweeps (ALS, lmf-full); a resumed model's count on from the sweeps it
// already had.
TrainResult fit_sweeps(SweepModel<float>& m, const data::Dataset& ds, const data::Split& split,
                       const TrainConfig& config, std::int64_t sweeps_done) {
  SweepFit fit = prepare_sweep_fit(ds, split, config);
  // The model reads these during its sweeps: copies that outlive `fit`, which moves on.
  const data::UserItems user_items = fit.user_items, item_users = fit.item_users;
  m.begin_sweeps(user_items, item_users, {config.optimizer.lr, config.manual_gradients});
  std::vector<Tensor<float>*> state;
  for (const auto& [name, tensor] : m.tensors()) state.push_back(tensor);
  return fit_by_sweeps(m, std::move(state), std::move(fit), ds, config, [&] { m.sweep(); }, sweeps_done);
}

// Trains `model` as its kind is trained: minibatch gradient steps or whole sweeps.
TrainResult fit(Recommender<float>& model, const data::Dataset& ds, const data::Split& split,
                const TrainConfig& config, const TrainStart& start) {
  if (auto* sweeps = dynamic_cast<SweepModel<float>*>(&model))
    return fit_sweeps(*sweeps, ds, split, config, start.epochs_done);
  if (auto* gradient = dynamic_cast<Model<float>*>(&model)) return train(*gradient, ds, split, config, start);
  throw std::logic_error("model '" + model.name() + "' is neither trained by gradient steps nor by sweeps");
}

}  // namespace

data::Split positive_part(const data::Dataset& ds, const data::Split& split, const ModelConfig& config) {
  if (!config.own.has("positive-rating")) return split;  // explicit and binary models: every rating is data
  const double* min_rating = std::get_if<double>(&config.own.value("positive-rating"));
  return min_rating ? data::rated_at_least(ds, split, *min_rating) : split;  // else "all"
}

EvalResult test_model(Recommender<float>& model, const data::Dataset& ds, const data::Split& given,
                      const TrainingSetup& setup, std::optional<Feedback> protocol) {
  const data::Split split = positive_part(ds, given, setup.model);
  const data::UserItems history = non_test_history(ds, split);
  EvaluateOptions options{setup.train.k, setup.train.threads, setup.model.positive_rating};
  options.protocol = protocol;
  // On a cold-start split the rankers rank only the held-out items: the question is how
  // well the model orders items it never saw, not whether it can tell them from the
  // items it trained on.
  if (!split.cold_items.empty()) {
    options.candidate_items = split.cold_items;
    options.candidate_name = "cold";
  }
  options.max_history = setup.train.batches.max_history;
  options.sampling = setup.train.test_candidates;
  // A next-item model's top-k lists follow each user's latest items (models/next_item.hpp).
  if (auto* next_item = dynamic_cast<NextItemRecommender<float>*>(&model))
    next_item->set_user_contexts(data::last_items(data::user_sequences(ds, history), options.max_history));
  return evaluate(model, ds, split.test, history, options);
}

std::int64_t test_candidate_count(const data::Dataset& ds, const data::Split& split) {
  return split.cold_items.empty() ? ds.num_items() : static_cast<std::int64_t>(split.cold_items.size());
}

void require_rankable(const std::string& model, const CandidateSampling& sampling) {
  const Feedback protocol = model_spec(model).feedback;
  if (sampling.negatives != 0 && !is_ranking_protocol(protocol))
    throw std::invalid_argument("--candidates sampled:" + std::to_string(sampling.negatives) + ": " + model +
                                " is judged by " + protocol_metrics(protocol) +
                                ", not by ranking a user's candidates; only all candidates apply");
}

data::UserItems non_test_history(const data::Dataset& ds, const data::Split& split) {
  // The trainer's train and validation rows together, whether validation is the
  // split's own part or carved from its train part.
  std::vector<std::int32_t> rows = split.train;
  rows.insert(rows.end(), split.validation.begin(), split.validation.end());
  return ds.user_items(rows);
}

void require_unseen_item_scoring(const std::string& model, const data::Dataset& ds, const data::Split& split) {
  if (split.cold_items.empty()) return;
  if (model_spec(model).scores_unseen_items) {
    // Field 0 is the item's own id, which a held-out item never trained: only the other
    // fields (genres, decade, the user's own item features) can tell cold items apart.
    const data::FeatureMatrix& f = ds.item_features;
    const bool any = std::any_of(split.cold_items.begin(), split.cold_items.end(), [&](std::int32_t item) {
      const auto ids = f.ids_of(item);
      return std::any_of(ids.begin(), ids.end(), [&](std::int32_t id) { return f.field_of(id) != 0; });
    });
    if (any) return;
    throw std::invalid_argument(model + " would rank the " + std::to_string(split.cold_items.size()) +
                                " items split " + split.name + " holds out by nothing: none of them has a feature "
                                "besides its id (" + ds.name + " has no item metadata), so every score is a tie");
  }
  const std::vector<std::string> able = cold_start_model_names();
  std::string names;
  for (const std::string& n : able) names += (names.empty() ? "" : " or ") + n;
  throw std::invalid_argument(model + " cannot rank items it never saw in training, and split " + split.name +
                              " tests only such items (" + std::to_string(split.cold_items.size()) +
                              " held out); use a model that scores items from their features: " + names);
}

// What the data decides rather than the user: the training ratings' mean and range,
// which the models that predict ratings centre on and clip to.
static void set_rating_statistics(ModelConfig& config, const data::Dataset& ds, std::span<const std::int32_t> rows) {
  const auto& ratings = ds.interactions.ratings;
  double sum = 0, lo = ratings[rows[0]], hi = lo;
  for (const std::int32_t r : rows) {
    sum += ratings[r];
    lo = std::min<double>(lo, ratings[r]);
    hi = std::max<double>(hi, ratings[r]);
  }
  config.global_mean = sum / static_cast<double>(rows.size());
  config.rating_min = lo;
  config.rating_max = hi;
}

// The scale of the training part that a model's data-following defaults read.
static DataScale data_scale(const ModelConfig& config, const data::Dataset& ds, std::span<const std::int32_t> rows) {
  std::vector<std::int64_t> users(static_cast<std::size_t>(ds.num_users()), 0);
  const std::vector<std::int64_t> items = ds.item_counts(rows);
  for (const std::int32_t r : rows) ++users[ds.interactions.users[r]];
  const std::int64_t busiest = std::max(*std::max_element(users.begin(), users.end()),
                                        *std::max_element(items.begin(), items.end()));
  return {config.rating_min, config.rating_max, static_cast<std::int64_t>(rows.size()), busiest};
}

void settle_on_data(const ModelSpec& spec, TrainingSetup& setup, const data::Dataset& ds, const data::Split& given) {
  const data::Split split = positive_part(ds, given, setup.model);
  set_rating_statistics(setup.model, ds, split.train);
  if (spec.follow_data) spec.follow_data(setup, data_scale(setup.model, ds, split.train));
}

RunOutcome run_training(const std::string& name, const data::Dataset& ds, const data::Split& given,
                        TrainingSetup setup, std::uint64_t seed) {
  const ModelSpec& spec = model_spec(name);
  const data::Split split = positive_part(ds, given, setup.model);
  if (split.train.empty()) throw std::invalid_argument("train: the split has no training interactions");
  if (setup.train.manual_gradients && !spec.manual_gradients)
    throw std::invalid_argument("--grad manual: " + name + " has no hand-derived gradients");
  if (setup.model.dim <= 0) throw std::invalid_argument("--dim must be positive, got " + std::to_string(setup.model.dim));
  settle_on_data(spec, setup, ds, split);
  refuse_beyond_memory(model_memory(spec, setup, model_data(ds), static_cast<std::int64_t>(split.train.size())));
  return continue_training(spec.make(setup.model, model_data(ds), seed), ds, split, setup, {});
}

RunOutcome continue_training(std::unique_ptr<Recommender<float>> model, const data::Dataset& ds,
                             const data::Split& given, TrainingSetup setup, const TrainStart& start) {
  const data::Split split = positive_part(ds, given, setup.model);
  require_unseen_item_scoring(model->name(), ds, split);
  require_rankable(model->name(), setup.train.test_candidates);
  if (split.train.empty()) throw std::invalid_argument("train: the split has no training interactions");
  setup.train.batches.positive_rating = setup.model.positive_rating;
  RunOutcome out;
  out.training = fit(*model, ds, split, setup.train, start);
  out.model = std::move(model);
  out.setup = setup;
  out.history = non_test_history(ds, split);
  out.test = test_model(*out.model, ds, split, setup);
  return out;
}

}  // namespace recgrad
