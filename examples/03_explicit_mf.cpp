// Lesson 3: biased matrix factorisation on explicit ratings (Koren, Bell & Volinsky 2009).
//
// The model. A rating is the overall mean, plus how generous the user is, plus how
// well liked the item is, plus how well the user's tastes match the item's traits:
//
//     r̂_ui = μ + b_u + b_i + p_u . q_i
//
// μ is fixed at the mean training rating; b_u, b_i (biases) and p_u, q_i (k factors
// each) are learned. Predictions are clipped to the training ratings' range (1..5).
//
// The loss, on a batch of B ratings r = (u, i, y), with an L2 penalty on what each reads:
//
//     L = (1/B) Σ_r (r̂_r - y_r)²  +  (λ/B) Σ_r (|p_u|² + |q_i|² + b_u² + b_i²)
//
// The per-example gradient. With the error e_r = r̂_r - y_r, d(e²)/dr̂ = 2e, and
// dr̂/dp_u = q_i, dr̂/dq_i = p_u, dr̂/db_u = dr̂/db_i = 1, so one example adds
//
//     dL/dp_u += (2/B) (e_r q_i + λ p_u)        dL/db_u += (2/B) (e_r + λ b_u)
//     dL/dq_i += (2/B) (e_r p_u + λ q_i)        dL/db_i += (2/B) (e_r + λ b_i)
//
// With B = 1 and a step of size η this is classic per-rating SGD, p_u ← p_u - 2η (e q_i + λ p_u).
// Our default is the same thing in batches: plain SGD on the batch mean with lr 40 at
// B = 1024 (a step of about 0.04 per rating), the learning rate shrinking by 15% an epoch.
//
// The baseline any model must beat: predict μ for everyone (RMSE ≈ 1.15 on ML-100K u1).
//
// Run: example_03_explicit_mf [ML-100K-DIR] [--epochs N]
// Expected output of `example_03_explicit_mf --epochs 4` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split random: train 80000, validation 0, test 20000
//     settings: k = 64, lambda = 0.10, sgd lr 40 (x0.85 per epoch), batch 1024, up to 4 epochs
//       epoch  4  train loss 1.0835  validation rmse 1.0551  (best)
//
//     test RMSE: biased MF 1.0837 (MAE 0.8853), global mean 3.53 predicts with RMSE 1.1456
//
//     user 358: 185 test ratings, the first 10:
//       item                                          rating  predicted
//       1114                                               3       3.09
//       331                                                5       3.15
//       801                                                5       3.41
//       …
//       within one star: 112 of 185
//
//     mf, one random batch in double, loss 2.231765984343 by the tape and 2.231765984343 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter     tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_factors          1.3e-16               2.1e-11                 240/240 (0)
//       item_factors          1.2e-16               2.1e-11                 264/264 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments (up to 60 epochs): test RMSE 1.0465 against the global mean's 1.1456, best
// epoch 13, 114 of 185 within one star. On ML-100K (ml-100k/ --epochs 4, u1): 0.9711 against 1.1537.
// Exits non-zero unless the model beats the global mean and the gradients agree.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "lesson.hpp"
#include "training/run.hpp"

using namespace recgrad;

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv);
  const auto [ds, split] = lesson::load(args);

  // 1. Train with the defaults. run_training sets μ and the rating range from the
  //    training part, holds out 5% of it to choose the epoch, then refits on all of it.
  const TrainingSetup setup = lesson::setup("mf", args);
  std::printf("settings: k = %lld, lambda = %.2f, %s lr %.0f (x%.2f per epoch), batch %lld, up to %lld epochs\n",
              static_cast<long long>(setup.model.dim), setup.model.l2, setup.train.optimizer.kind.c_str(),
              setup.train.optimizer.lr, setup.train.lr_decay, static_cast<long long>(setup.train.batches.batch_size),
              static_cast<long long>(setup.train.epochs));
  const RunOutcome run = run_training("mf", ds, split, setup, /*seed=*/0);
  for (const EpochRecord& e : run.training.epochs)
    if (e.epoch % 5 == 0 || e.epoch == run.training.best_epoch)
      std::printf("  epoch %2lld  train loss %.4f  validation rmse %.4f%s\n", static_cast<long long>(e.epoch),
                  e.train_loss, e.metric, e.epoch == run.training.best_epoch ? "  (best)" : "");

  // 2. The global-mean baseline on the same test ratings.
  const lesson::MeanBaseline baseline = lesson::global_mean_baseline(ds, split);
  std::printf("\ntest RMSE: biased MF %.4f (MAE %.4f), global mean %.2f predicts with RMSE %.4f\n", *run.test.rmse,
              *run.test.mae, baseline.mean, baseline.rmse);

  // 3. One user up close: the test user with the most test ratings.
  std::map<Id, std::vector<Id>> test_items;
  for (const std::int32_t r : split.test) test_items[ds.interactions.users[r]].push_back(r);
  const auto busiest = std::max_element(test_items.begin(), test_items.end(),
                                        [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  const Id user = busiest->first;
  std::vector<Id> users, items;
  for (const Id r : busiest->second) {
    users.push_back(user);
    items.push_back(ds.interactions.items[r]);
  }
  std::vector<float> predicted(items.size());
  run.model->predict(users, items, predicted);
  std::printf("\nuser %s: %zu test ratings, the first 10:\n", ds.users.raw(user).c_str(), items.size());
  const lesson::Table table({{"item", 44, true}, {"rating", 6}, {"predicted", 9}}, "  ");
  int within_one = 0;
  for (std::size_t n = 0; n < items.size(); ++n) {
    const float actual = ds.interactions.ratings[busiest->second[n]];
    within_one += std::abs(predicted[n] - actual) <= 1.0f;
    if (n < 10) table.row({ds.item_label(items[n]).substr(0, 44), lesson::fixed(actual, 0), lesson::fixed(predicted[n], 2)});
  }
  std::printf("  within one star: %d of %zu\n", within_one, items.size());

  // 4. The gradient formulas above are the model's hand-derived path (models/mf); the
  //    tape and finite differences must reach the same numbers.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("mf");

  const bool beats_mean = *run.test.rmse < baseline.rmse;
  if (!beats_mean) std::printf("FAILED: the model does not beat the global mean\n");
  if (!gradients_agree) std::printf("FAILED: the gradients disagree\n");
  return beats_mean && gradients_agree ? 0 : 1;
}
