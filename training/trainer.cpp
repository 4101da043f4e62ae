#include "training/trainer.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "training/evaluate.hpp"
#include "training/progress.hpp"

namespace recgrad {

namespace {

bool all_finite(const float* x, std::int64_t n) {
  float acc = 0;
  for (std::int64_t i = 0; i < n; ++i) acc += x[i] * 0.0f;  // NaN or inf anywhere makes acc NaN
  return acc == 0.0f;
}

// The first parameter with a non-finite gradient entry, or null.
const Param<float>* non_finite_gradient(const std::vector<Param<float>*>& params) {
  for (const Param<float>* p : params) {
    if (p->has_dense_grad() && !all_finite(p->grad.data(), p->grad.size())) return p;
    const auto g = p->sparse_grad.values();
    if (!all_finite(g.data, g.size())) return p;
  }
  return nullptr;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0.0 : (n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

}  // namespace

std::string default_metric(Feedback feedback, std::int32_t k) {
  return feedback == Feedback::Explicit ? "rmse" : "ndcg@" + std::to_string(k);
}

TrainResult result_of(const EpochSelection& selection, FitRows rows, const std::vector<double>& epoch_seconds) {
  TrainResult out;
  out.epochs = selection.epochs();
  out.metric = selection.metric();
  out.best_epoch = selection.best_epoch();
  out.best_metric = selection.best_metric();
  out.stopped_early = selection.stopped_early();
  out.seconds_per_epoch = median(epoch_seconds);
  out.train_rows = std::move(rows.train);
  out.validation_rows = std::move(rows.validation);
  return out;
}

TrainResult train(Model<float>& model, const data::Dataset& ds, const data::Split& split, const TrainConfig& config) {
  if (config.threads > 0) omp_set_num_threads(config.threads);
  FitRows rows = fit_rows(split, config.validation_fraction, config.seed);
  if (rows.train.empty()) throw std::invalid_argument("train: the split leaves no training interactions");
  if (rows.validation.empty()) throw std::invalid_argument("train: the split leaves no validation interactions");

  BatchSourceConfig source_config = config.batches;
  source_config.seed = config.seed;
  BatchSource source(ds, rows.train, model.feedback(), source_config);
  const auto params = model.params();
  auto optimizer = make_optimizer<float>(params, config.optimizer);
  std::vector<Tensor<float>*> state;
  for (Param<float>* p : params) state.push_back(&p->value);
  EpochSelection selection(state, config.metric.empty() ? default_metric(model.feedback(), config.k) : config.metric,
                           config.patience, config.log);
  Tape<float> tape;
  ProgressBar progress(config.progress, config.epochs, source.batches_per_epoch());
  const EvaluateOptions eval_options{config.k, config.threads};

  std::vector<double> epoch_seconds;
  for (std::int64_t epoch = 0; epoch < config.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    progress.start_epoch(epoch);
    source.start_epoch(epoch);
    double loss_sum = 0;
    std::int64_t batch_index = 0, examples = 0;
    for (Batch<float> batch; source.next(batch); ++batch_index) {
      float loss;
      if (config.manual_gradients) {
        loss = model.manual_gradients(batch);
      } else {
        tape.reset();
        const Var<float> l = model.loss(tape, batch);
        loss = l.item();
        tape.backward(l);
      }
      const Param<float>* bad = std::isfinite(loss) ? non_finite_gradient(params) : nullptr;
      if (!std::isfinite(loss) || bad != nullptr) {
        selection.restore_last_good();
        throw TrainingDiverged("training diverged in epoch " + std::to_string(epoch + 1) + ", batch " +
                               std::to_string(batch_index + 1) + ": " +
                               (bad ? "gradient of '" + bad->name() + "' is not finite"
                                    : "the loss is " + std::to_string(loss)) +
                               "; the parameters of epoch " + std::to_string(epoch) +
                               " were kept (try a smaller --lr)");
      }
      optimizer->step();
      loss_sum += loss;
      examples += batch.size();
      progress.update(batch_index, examples, loss_sum / static_cast<double>(batch_index + 1));
    }
    epoch_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    progress.finish_epoch();

    EpochRecord record;
    record.epoch = epoch + 1;
    record.train_loss = batch_index > 0 ? loss_sum / static_cast<double>(batch_index) : 0.0;
    record.seconds = epoch_seconds.back();
    record.validation = evaluate(model, ds, rows.validation, source.positives(), eval_options);
    if (!selection.record(record)) break;
  }
  selection.restore_best();
  return result_of(selection, std::move(rows), epoch_seconds);
}

}  // namespace recgrad
