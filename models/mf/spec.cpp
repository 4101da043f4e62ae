// mf's registry entry: options, defaults and factory.
#include <algorithm>
#include <cmath>
#include <string>

#include "models/common/standard_options.hpp"
#include "models/mf/mf.hpp"
#include "models/registry.hpp"
#include "training/setup.hpp"

namespace recgrad {

namespace {

constexpr double kSgdLr = 40.0;        // plain SGD's declared step, at the declared batch
constexpr double kSgdBatch = 1024.0;

// Plain SGD on the batch-mean loss moves a row by the sum of its examples' steps, and a
// batch holds about batch x busiest / rows examples of the busiest user or item: with
// |q|^2 near 1 the step stays stable while lr < rows / (2 busiest). Its default keeps a
// margin, 0.36 rows / busiest (42 on ML-100K u1: 40 stands; 12 on a 600-user log with a
// 2,300-rating user, where 40 diverged in the first epoch).
// The step also follows --batch, by its square root: on ML-100K u1's validation the best
// step was 10 at batch 256 (40 diverged there, and on the built-in data) and 80 at 4096
// (160 diverged), where linear scaling would take 10 and 160. Computed from the declared
// values, not the current one, so that applying it twice changes nothing.
void follow_data_and_batch(TrainingSetup& setup, const DataScale& data) {
  if (!setup.is_default("lr") || setup.train.optimizer.kind != "sgd") return;
  const double bound = data.busiest > 0 ? 0.36 * static_cast<double>(data.rows) / static_cast<double>(data.busiest)
                                        : kSgdLr;
  const double batch = static_cast<double>(setup.train.batches.batch_size);
  const double lr = std::min(kSgdLr, bound) * std::sqrt(batch / kSgdBatch);
  if (lr == setup.train.optimizer.lr) return;
  setup.train.optimizer.lr = lr;
  std::string why = bound < kSgdLr ? "0.36 x " + std::to_string(data.rows) + " training ratings / " +
                                         std::to_string(data.busiest) + " of the busiest user or item"
                                   : "mf's " + std::to_string(static_cast<int>(kSgdLr));
  if (batch != kSgdBatch) why += " x sqrt(batch " + std::to_string(setup.train.batches.batch_size) + " / 1024)";
  setup.from_data.push_back("lr " + std::to_string(lr) + ": " + why +
                            ", the most a plain SGD step takes without diverging");
}

}  // namespace

ModelSpec mf_spec() {
  // Plain SGD on the batch-mean loss: lr 40 at batch 1024 is a step of about 0.04 per
  // rating, shrinking by 15% an epoch, as in classic per-rating SGD for MF. Once
  // validation has chosen the epoch count, the model is refitted on all of train.
  // Its Adam and AdaGrad steps, chosen on validation alone (ML-100K u1's training part,
  // 20% held out; mean of 3 seeds; `recgrad tune --model mf --data ml-100k --split u1
  // --optim adam --seeds 3 --search lr=0.005,0.01,0.02 --search lr-decay=0.85,1`):
  // Adam 0.01, rmse 0.9200 (0.005: 0.9220, 0.02: 0.9204); AdaGrad 0.1, rmse 0.9179
  // (0.06: 0.9196, 0.15: 0.9187). The 15% decay stays: without it each was worse
  // (Adam 0.01: 0.9217, AdaGrad 0.1: 0.9192), so lr-decay does not follow the optimiser.
  // Factors start at N(0, 0.01^2): validation rmse 0.9110 (3 seeds, 0.9105-0.9116) against
  // 0.9150 (0.9142-0.9156) at 0.1 (docs/defaults.md, round 2).
  return {.name = "mf",
          .summary = "biased matrix factorisation, explicit ratings, MSE + L2",
          .feedback = Feedback::Explicit,
          .options = option::join({option::dim(64), option::init_std(0.01), option::l2(0.1)},
                                  option::minibatch_training(
                                      {.epochs = 60, .optim = "sgd", .lr = kSgdLr, .lr_decay = 0.85, .refit = true,
                                       .lr_for = {{"adam", 0.01}, {"adagrad", 0.1}}})),
          .manual_gradients = true,
          .make = build_from_counts<BiasedMf, float>,
          .make_double = build_from_counts<BiasedMf, double>,
          .follow_data = follow_data_and_batch};
}

}  // namespace recgrad
