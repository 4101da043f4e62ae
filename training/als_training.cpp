#include "training/als_training.hpp"

#include <omp.h>

#include <chrono>

#include "training/evaluate.hpp"

namespace recgrad {

TrainResult train_als(ImplicitAls& model, const data::Dataset& ds, const data::Split& split, const TrainConfig& config) {
  if (config.threads > 0) omp_set_num_threads(config.threads);
  FitRows rows = fit_rows(split, config.validation_fraction, config.seed);
  if (rows.train.empty() || rows.validation.empty())
    throw std::invalid_argument("train: the split leaves no training or no validation interactions");
  const data::UserItems user_items = ds.user_items(rows.train);
  std::vector<std::int32_t> users, items;
  for (const std::int32_t r : rows.train) {
    users.push_back(ds.interactions.users[r]);
    items.push_back(ds.interactions.items[r]);
  }
  const data::UserItems item_users = data::UserItems::from_pairs(ds.num_items(), ds.num_users(), items, users);

  EpochSelection selection({&model.user_factors(), &model.item_factors()},
                           config.metric.empty() ? default_metric(model.feedback(), config.k) : config.metric,
                           config.patience, config.log);
  std::vector<double> seconds;
  for (std::int64_t sweep = 0; sweep < config.epochs; ++sweep) {
    const auto start = std::chrono::steady_clock::now();
    model.sweep(user_items, item_users);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    EpochRecord record;
    record.epoch = sweep + 1;
    record.seconds = seconds.back();
    record.validation = evaluate(model, ds, rows.validation, user_items, {config.k, config.threads});
    if (!selection.record(record)) break;
  }
  selection.restore_best();
  return result_of(selection, std::move(rows), seconds);
}

}  // namespace recgrad
