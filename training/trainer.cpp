#include "training/trainer.hpp"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

#include "evaluation/evaluate.hpp"
#include "training/progress.hpp"

namespace recgrad {

namespace {

// A float is NaN or infinite exactly when its exponent bits are all ones. Testing the
// bits with integer ORs lets the compiler vectorise the scan, which runs every step.
bool all_finite(const float* x, std::int64_t n) {
  constexpr std::uint32_t kExponent = 0x7f800000u;
  std::uint32_t non_finite = 0;
  for (std::int64_t i = 0; i < n; ++i) non_finite |= (std::bit_cast<std::uint32_t>(x[i]) & kExponent) == kExponent;
  return non_finite == 0;
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
  if (feedback == Feedback::Explicit) return "rmse";
  if (feedback == Feedback::Binary) return "auc";
  return "ndcg@" + std::to_string(k);
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

namespace {

// Puts a saved optimiser state into a fresh optimiser of the same kind: the same
// tensors by name and shape, and the step count (Adam's bias correction reads it).
void restore_optimizer(Optimizer<float>& optimizer, const SavedOptimizer& saved) {
  if (saved.config.kind != optimizer.config().kind)
    throw std::invalid_argument("resume: the saved optimiser state is " + saved.config.kind + "'s, not " +
                                optimizer.config().kind + "'s (leave --optim out to keep " + saved.config.kind + ")");
  const auto state = optimizer.state();
  if (state.size() != saved.state.size())
    throw std::invalid_argument("resume: the saved " + saved.config.kind + " state has " +
                                std::to_string(saved.state.size()) + " tensors, the optimiser " +
                                std::to_string(state.size()));
  for (const auto& slot : state) {
    const auto it = std::find_if(saved.state.begin(), saved.state.end(),
                                 [&](const NamedTensor& t) { return t.name == slot.name; });
    if (it == saved.state.end()) throw std::invalid_argument("resume: the saved optimiser state has no '" + slot.name + "'");
    if (it->value.shape() != slot.tensor->shape())
      throw std::invalid_argument("resume: optimiser state '" + slot.name + "' is " + to_string(it->value.shape()) +
                                  ", the optimiser's " + to_string(slot.tensor->shape()));
    *slot.tensor = it->value;
  }
  optimizer.set_steps_taken(saved.steps);
}

// One optimiser, one batch source and one tape over a fixed set of training rows:
// runs epochs and reports each epoch's mean loss and time.
class EpochRunner {
 public:
  EpochRunner(Model<float>& model, const data::Dataset& ds, std::span<const std::int32_t> rows,
              const TrainConfig& config, const TrainStart& start)
      : model_(model),
        config_(config),
        first_epoch_(start.epochs_done),
        source_(ds, rows, model.feedback(), with_seed(config.batches, config.seed)),
        params_(model.params()),
        optimizer_(make_optimizer<float>(params_, config.optimizer)),
        progress_(config.progress, config.epochs, source_.batches_per_epoch()) {
    if (start.optimizer != nullptr) restore_optimizer(*optimizer_, *start.optimizer);
  }

  const data::UserItems& positives() const { return source_.positives(); }

  // A copy of the optimiser's settings (its current learning rate), steps and state.
  SavedOptimizer snapshot() {
    SavedOptimizer s{optimizer_->config(), optimizer_->steps_taken(), {}};
    for (const auto& slot : optimizer_->state()) s.state.push_back({slot.name, *slot.tensor});
    return s;
  }

  // Trains the run's epoch number `e` (from 0); on a non-finite loss or gradient calls
  // `diverged` (which puts good parameters back) and throws TrainingDiverged.
  EpochRecord run(std::int64_t e, const std::function<void()>& diverged) {
    const std::int64_t epoch = first_epoch_ + e;  // counted over the model's whole training
    const auto start = std::chrono::steady_clock::now();
    progress_.start_epoch(e);
    source_.start_epoch(epoch);
    double loss_sum = 0;
    std::int64_t batch_index = 0, examples = 0;
    for (Batch<float> batch; source_.next(batch); ++batch_index) {
      float loss;
      if (config_.manual_gradients) {
        loss = model_.manual_gradients(batch);
      } else {
        tape_.reset();
        const Var<float> l = model_.loss(tape_, batch);
        loss = l.item();
        tape_.backward(l);
      }
      const Param<float>* bad = std::isfinite(loss) ? non_finite_gradient(params_) : nullptr;
      if (!std::isfinite(loss) || bad != nullptr) {
        diverged();
        throw TrainingDiverged("training diverged in epoch " + std::to_string(epoch + 1) + ", batch " +
                               std::to_string(batch_index + 1) + ": " +
                               (bad ? "gradient of '" + bad->name() + "' is not finite"
                                    : "the loss is " + std::to_string(loss)) +
                               "; the parameters of epoch " + std::to_string(epoch) +
                               " were kept (try a smaller --lr)");
      }
      optimizer_->step();
      loss_sum += loss;
      examples += batch.size();
      progress_.update(batch_index, examples, loss_sum / static_cast<double>(batch_index + 1));
    }
    progress_.finish_epoch();
    optimizer_->set_learning_rate(optimizer_->config().lr * config_.lr_decay);
    EpochRecord record;
    record.epoch = epoch + 1;
    record.train_loss = batch_index > 0 ? loss_sum / static_cast<double>(batch_index) : 0.0;
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return record;
  }

 private:
  static BatchSourceConfig with_seed(BatchSourceConfig c, std::uint64_t seed) {
    c.seed = seed;
    return c;
  }

  Model<float>& model_;
  const TrainConfig& config_;
  std::int64_t first_epoch_;
  BatchSource source_;
  std::vector<Param<float>*> params_;
  std::unique_ptr<Optimizer<float>> optimizer_;
  ProgressBar progress_;
  Tape<float> tape_;
};

}  // namespace

TrainResult train(Model<float>& model, const data::Dataset& ds, const data::Split& split, const TrainConfig& config,
                  const TrainStart& start) {
  if (config.threads > 0) omp_set_num_threads(config.threads);
  FitRows rows = fit_rows(split, config.validation_fraction, config.seed);
  if (rows.train.empty()) throw std::invalid_argument("train: the split leaves no training interactions");
  if (rows.validation.empty()) throw std::invalid_argument("train: the split leaves no validation interactions");

  std::vector<Tensor<float>*> state;
  for (Param<float>* p : model.params()) state.push_back(&p->value);
  std::vector<Tensor<float>> initial;
  for (const Tensor<float>* t : state) initial.push_back(*t);
  EpochSelection selection(state, config.metric.empty() ? default_metric(model.feedback(), config.k) : config.metric,
                           config.patience, config.on_epoch);
  EvaluateOptions eval_options{config.k, config.threads, config.batches.positive_rating};
  eval_options.max_history = config.batches.max_history;
  std::vector<double> epoch_seconds;
  std::optional<SavedOptimizer> best_optimizer;  // the optimiser's state after the best epoch
  {
    EpochRunner runner(model, ds, rows.train, config, start);
    best_optimizer = runner.snapshot();
    for (std::int64_t e = 0; e < config.epochs; ++e) {
      EpochRecord record = runner.run(e, [&] { selection.restore_last_good(); });
      epoch_seconds.push_back(record.seconds);
      record.validation = evaluate(model, ds, rows.validation, runner.positives(), eval_options);
      const bool go_on = selection.record(record);
      if (selection.best_epoch() == record.epoch) best_optimizer = runner.snapshot();
      if (!go_on) break;
    }
  }
  selection.restore_best();
  TrainResult result = result_of(selection, std::move(rows), epoch_seconds);
  if (result.best_epoch == 0) result.best_epoch = start.epochs_done;  // no epoch ran: the starting parameters
  result.optimizer = std::move(best_optimizer);
  if (config.refit && result.best_epoch > start.epochs_done) {
    // Start again from the same initial parameters on train + validation, for as many
    // epochs as validation chose: the final model sees every non-test interaction.
    for (std::size_t i = 0; i < state.size(); ++i) *state[i] = initial[i];
    std::vector<std::int32_t> all = result.train_rows;
    all.insert(all.end(), result.validation_rows.begin(), result.validation_rows.end());
    EpochRunner runner(model, ds, all, config, start);
    for (std::int64_t e = 0; e < result.best_epoch - start.epochs_done; ++e)
      runner.run(e, [&] { selection.restore_best(); });
    result.refitted = true;
    result.optimizer = runner.snapshot();
  }
  return result;
}

}  // namespace recgrad
