#include "io/saved_run.hpp"

#include "models/registry.hpp"

namespace recgrad {

ModelInfo model_info(const RunOutcome& run, const data::Dataset& ds, const data::Split& split) {
  ModelInfo info;
  info.options = options_of(model_spec(run.model->name()), run.setup);
  info.config = run.setup.model;
  const TrainConfig& c = run.setup.train;
  TrainingRecord& t = info.training;
  t.epochs_done = run.training.best_epoch;
  t.seed = c.seed;
  t.data = ds.name;
  t.split = split.name;
  t.refitted = run.training.refitted;
  t.validation_fraction = c.validation_fraction;
  t.optimizer = run.training.optimizer;
  info.test.k = c.k;
  info.test.cold_items = split.cold_items;
  info.test.recorded = true;
  info.users = ds.users;
  info.items = ds.items;
  info.titles = ds.item_titles;
  if (model_spec(run.model->name()).reads_features) {
    info.user_features = ds.user_features;
    info.item_features = ds.item_features;
  }
  info.history = data::user_sequences(ds, run.history);
  info.has_history = true;
  return info;
}

TrainingSetup saved_setup(const SavedModel& saved) {
  TrainingSetup s = setup_from_options(model_spec(saved.type()), saved.options);
  s.model = saved.config;  // with what the data decided
  const TrainingRecord& t = saved.training;
  s.train.seed = t.seed;
  s.train.validation_fraction = t.validation_fraction;
  s.train.k = saved.test.k;
  // The rate the next step would take, after every decay so far.
  if (t.optimizer) s.train.optimizer = t.optimizer->config;
  return s;
}

RunOutcome resume_training(SavedModel saved, const data::Dataset& ds, const data::Split& split, TrainingSetup setup) {
  require_same_ids(saved, ds);
  setup.model = saved.config;
  const auto& optimizer = saved.training.optimizer;
  const TrainStart start{saved.training.epochs_done, optimizer ? &*optimizer : nullptr};
  return continue_training(std::move(saved.model), ds, split, setup, start);
}

EvalResult evaluate_saved(SavedModel& saved, const data::Dataset& ds, const data::Split& split, int threads,
                          const CandidateSampling& candidates) {
  require_same_ids(saved, ds);
  require_unseen_item_scoring(saved.type(), ds, split);
  require_rankable(saved.type(), candidates);
  if (saved.test.recorded && split.name == saved.training.split && split.cold_items != saved.test.cold_items)
    throw std::invalid_argument(saved.path.string() + ": split " + split.name + " of this data holds out " +
                                std::to_string(split.cold_items.size()) + " items, not the " +
                                std::to_string(saved.test.cold_items.size()) + " the model was tested on");
  TrainingSetup setup = saved_setup(saved);
  setup.train.threads = threads;
  setup.train.test_candidates = candidates;
  return test_model(*saved.model, ds, split, setup);
}

}  // namespace recgrad
