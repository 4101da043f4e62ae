#include "training/run.hpp"

#include <algorithm>

#include "models/als/als.hpp"
#include "models/next_item.hpp"
#include "training/sweep_training.hpp"
#include "training/evaluate.hpp"

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
  return fit_by_sweeps(m, m.sweep_state(), std::move(fit), ds, config, [&] { m.sweep(); }, sweeps_done);
}

// Trains `model` as its kind is trained: minibatch gradient steps or whole sweeps.
TrainResult fit(Recommender<float>& model, const data::Dataset& ds, const data::Split& split,
                const TrainConfig& config, const TrainStart& start) {
  if (auto* sweeps = dynamic_cast<SweepModel<float>*>(&model))
    return fit_sweeps(*sweeps, ds, split, config, start.epochs_done);
  if (auto* gradient = dynamic_cast<Model<float>*>(&model)) return train(*gradient, ds, split, config, start);
  throw std::logic_error("model '" + model.name() + "' is neither trained by gradient steps nor by sweeps");
}

// The final test of a trained model, on the split's test part. On a cold-start split the
// rankers rank only the held-out items: the question is how well the model orders items
// it never saw, not whether it can tell them from the items it trained on.
void finish(RunOutcome& out, const data::Dataset& ds, const data::Split& split, const TrainingSetup& setup) {
  out.setup = setup;
  out.history = non_test_history(ds, split);
  EvaluateOptions options{setup.train.k, setup.train.threads, setup.train.batches.positive_rating};
  if (!split.cold_items.empty()) {
    options.candidate_items = split.cold_items;
    options.candidate_name = "cold";
  }
  options.max_history = setup.train.batches.max_history;
  // A next-item model's top-k lists follow each user's latest items (models/next_item.hpp).
  if (auto* next_item = dynamic_cast<NextItemRecommender<float>*>(out.model.get()))
    next_item->set_user_contexts(data::last_items(data::user_sequences(ds, out.history), options.max_history));
  out.test = evaluate(*out.model, ds, split.test, out.history, options);
}

}  // namespace

data::UserItems non_test_history(const data::Dataset& ds, const data::Split& split) {
  // The trainer's train and validation rows together, whether validation is the
  // split's own part or carved from its train part.
  std::vector<std::int32_t> rows = split.train;
  rows.insert(rows.end(), split.validation.begin(), split.validation.end());
  return ds.user_items(rows);
}

void require_unseen_item_scoring(const std::string& model, const data::Split& split) {
  if (split.cold_items.empty()) return;
  if (model_spec(model).scores_unseen_items) return;
  const std::vector<std::string> able = cold_start_model_names();
  std::string names;
  for (const std::string& n : able) names += (names.empty() ? "" : " or ") + n;
  throw std::invalid_argument(model + " cannot rank items it never saw in training, and split " + split.name +
                              " tests only such items (" + std::to_string(split.cold_items.size()) +
                              " held out); use a model that scores items from their features: " + names);
}

// What the data decides rather than the user: the training ratings' mean and range,
// which the models that predict ratings centre on and clip to.
void set_rating_statistics(ModelConfig& config, const data::Dataset& ds, std::span<const std::int32_t> rows) {
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

RunOutcome run_training(const std::string& name, const data::Dataset& ds, const data::Split& split,
                        TrainingSetup setup, std::uint64_t seed) {
  const ModelSpec& spec = model_spec(name);
  require_unseen_item_scoring(name, split);
  if (split.train.empty()) throw std::invalid_argument("train: the split has no training interactions");
  if (setup.train.manual_gradients && !spec.manual_gradients)
    throw std::invalid_argument("--grad manual: " + name + " has no hand-derived gradients");
  if (setup.model.dim <= 0) throw std::invalid_argument("--dim must be positive, got " + std::to_string(setup.model.dim));
  setup.train.batches.positive_rating = setup.model.positive_rating;
  set_rating_statistics(setup.model, ds, split.train);
  RunOutcome out;
  out.model = spec.make(setup.model, model_data(ds), seed);
  out.training = fit(*out.model, ds, split, setup.train, {});
  finish(out, ds, split, setup);
  return out;
}

RunOutcome resume_training(SavedModel saved, const data::Dataset& ds, const data::Split& split, TrainingSetup setup) {
  require_unseen_item_scoring(saved.type(), split);
  require_same_ids(saved, ds);
  if (split.train.empty()) throw std::invalid_argument("train: the split has no training interactions");
  const std::int64_t done = saved.training.epochs_done;
  RunOutcome out;
  if (ImplicitAls* als = saved.als_model()) {
    const AlsConfig& c = als->config();
    setup.model.dim = c.dim;
    setup.model.l2 = c.l2;
    setup.model.alpha = c.alpha;
    setup.model.init_std = c.init_std;
    out.training = fit_sweeps(*als, ds, split, setup.train, done);
  } else if (Model<float>* m = saved.gradient_model()) {
    setup.model = saved.config;
    const auto& optimizer = saved.training.optimizer;
    out.training = train(*m, ds, split, setup.train, {done, optimizer ? &*optimizer : nullptr});
  } else {
    throw std::invalid_argument("train: cannot resume a '" + saved.type() + "' model");
  }
  out.model = std::move(saved.model);
  finish(out, ds, split, setup);
  return out;
}

TrainingSetup resume_setup(const SavedModel& saved) {
  TrainingSetup s = default_setup(saved.type());
  if (const ImplicitAls* als = saved.als_model()) {
    s.model.dim = als->config().dim;
    s.model.l2 = als->config().l2;
    s.model.alpha = als->config().alpha;
    s.model.init_std = als->config().init_std;
  } else {
    s.model = saved.config;
  }
  const TrainingRecord& t = saved.training;
  s.train.seed = t.seed;
  s.train.refit = t.refit;
  s.train.metric = t.metric;
  s.train.patience = t.patience;
  s.train.validation_fraction = t.validation_fraction;
  s.train.lr_decay = t.lr_decay;
  s.train.batches.batch_size = t.batch_size;
  s.train.batches.negatives = t.negatives;
  s.train.batches.sampling_alpha = t.sampling_alpha;
  s.train.batches.confidence_alpha = t.confidence_alpha;
  if (t.optimizer) s.train.optimizer = t.optimizer->config;
  return s;
}

ModelInfo model_info(const RunOutcome& run, const data::Dataset& ds, const data::Split& split) {
  ModelInfo info;
  info.config = run.setup.model;
  if (const auto* als = dynamic_cast<const ImplicitAls*>(run.model.get())) info.als = als->config();
  const TrainConfig& c = run.setup.train;
  TrainingRecord& t = info.training;
  t.epochs_done = run.training.best_epoch;
  t.seed = c.seed;
  t.data = ds.name;
  t.split = split.name;
  t.refit = c.refit;
  t.refitted = run.training.refitted;
  t.metric = c.metric;
  t.patience = c.patience;
  t.validation_fraction = c.validation_fraction;
  t.lr_decay = c.lr_decay;
  t.batch_size = c.batches.batch_size;
  t.negatives = c.batches.negatives;
  t.sampling_alpha = c.batches.sampling_alpha;
  t.confidence_alpha = c.batches.confidence_alpha;
  t.optimizer = run.training.optimizer;
  info.users = ds.users;
  info.items = ds.items;
  info.titles = ds.item_titles;
  if (model_file_holds_features(run.model->name())) {
    info.user_features = ds.user_features;
    info.item_features = ds.item_features;
  }
  return info;
}

}  // namespace recgrad
