#include "training/sweep_training.hpp"

#include <omp.h>

#include <chrono>

#include "evaluation/evaluate.hpp"

namespace recgrad {

SweepFit prepare_sweep_fit(const data::Dataset& ds, const data::Split& split, const TrainConfig& config) {
  if (config.threads > 0) omp_set_num_threads(config.threads);
  SweepFit fit;
  fit.rows = fit_rows(split, config.validation_fraction, config.seed);
  if (fit.rows.train.empty() || fit.rows.validation.empty())
    throw std::invalid_argument("train: the split leaves no training or no validation interactions");
  // With each pair's rating: a sweep model may weigh pairs by it (als --confidence rating).
  std::vector<std::int32_t> users, items;
  std::vector<float> ratings;
  for (const std::int32_t r : fit.rows.train) {
    users.push_back(ds.interactions.users[r]);
    items.push_back(ds.interactions.items[r]);
    ratings.push_back(ds.interactions.ratings[r]);
  }
  fit.user_items = data::UserItems::from_rated_pairs(ds.num_users(), ds.num_items(), users, items, ratings);
  fit.item_users = data::UserItems::from_rated_pairs(ds.num_items(), ds.num_users(), items, users, ratings);
  return fit;
}

TrainResult fit_by_sweeps(const Recommender<float>& model, std::vector<Tensor<float>*> state, SweepFit fit,
                          const data::Dataset& ds, const TrainConfig& config, const std::function<void()>& sweep,
                          std::int64_t sweeps_done) {
  EpochSelection selection(std::move(state),
                           config.metric.empty() ? default_metric(model.feedback(), config.k) : config.metric,
                           config.patience, config.on_epoch);
  std::vector<double> seconds;
  for (std::int64_t s = 0; s < config.epochs; ++s) {
    const auto start = std::chrono::steady_clock::now();
    sweep();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    EpochRecord record;
    record.epoch = sweeps_done + s + 1;
    record.seconds = seconds.back();
    record.validation = evaluate(model, ds, fit.rows.validation, fit.user_items, {config.k, config.threads});
    if (!selection.record(record)) break;
  }
  selection.restore_best();
  return result_of(selection, std::move(fit.rows), seconds);
}

}  // namespace recgrad
