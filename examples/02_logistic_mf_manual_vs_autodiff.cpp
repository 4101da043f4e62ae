// Lesson 2: logistic matrix factorisation (Johnson 2014), its gradient derived by hand,
// recorded by the tape, and checked by finite differences; then trained both ways.
//
// The model. Every observed (user, item) pair is a positive (y = 1); a few unobserved
// items per positive are sampled as negatives (y = 0). With user factors p_u, item
// factors q_i and biases b_u, b_i,
//
//     z_ui = p_u . q_i + b_u + b_i,           P(y_ui = 1) = σ(z_ui) = 1 / (1 + e^{-z_ui})
//
// and on a batch of B examples r = (u, i, y, w), w a confidence weight (1 + α·rating),
//
//     L = (1/B) Σ_r w_r ℓ(z_r, y_r)  +  (λ/B) Σ_r (|p_u|² + |q_i|² + b_u² + b_i²)
//     ℓ(z, y) = -y log σ(z) - (1 - y) log(1 - σ(z)) = softplus(z) - y z.
//
// The gradient. softplus'(z) = σ(z), so dℓ/dz = σ(z) - y. Call d_r = w_r (σ(z_r) - y_r) / B.
// Since dz/dp_u = q_i, dz/dq_i = p_u and dz/db = 1, the chain rule gives, per example,
//
//     dL/dp_u += d_r q_i + (2λ/B) p_u         dL/db_u += d_r + (2λ/B) b_u
//     dL/dq_i += d_r p_u + (2λ/B) q_i         dL/db_i += d_r + (2λ/B) b_i
//
// summed over every example that touches the row (a user appears in many). These are
// the formulas in models/lmf/lmf.cpp's manual_gradients(); the tape reaches the same numbers
// by applying each op's local rule backwards (gather, dot, add, weighted BCE, mean).
//
// Run: example_02_logistic_mf_manual_vs_autodiff [ML-100K-DIR] [--epochs N]
// Expected output of `example_02_logistic_mf_manual_vs_autodiff --epochs 2` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     == 1. one batch, three gradients (double)
//
//     loss on the batch: tape 1.384982430862, by hand 1.384982430862
//
//     coordinate                        tape           by hand      finite diff.
//     dL/dp_0[0]              0.026364996250    0.026364996250    0.026364996264
//     dL/dp_2[3]              0.010355319332    0.010355319332    0.010355319313
//     dL/dq_1[1]              0.041452324067    0.041452324067    0.041452324073
//     dL/dq_3[2]              0.004970744665    0.004970744665    0.004970744683
//     dL/db_u=1              -0.069107504664   -0.069107504664   -0.069107504674
//     dL/db_i=0              -0.259538800374   -0.259538800374   -0.259538800385
//
//     every coordinate of every parameter:
//     lmf, one random batch in double, loss 1.171170926917 by the tape and 1.171170926917 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter     tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_factors          2.3e-16               4.6e-11                 208/208 (0)
//       item_factors          2.0e-16               3.3e-11                 240/240 (0)
//       …
//       tolerance 1e-06: all agree
//
//     == 2. training with each, same seed (float)
//
//     builtin, split random: train 80000, validation 0, test 20000
//
//     test metric                 tape     by hand
//     precision@10              0.3144      0.3144
//     recall@10                 0.1770      0.1770
//     ndcg@10                   0.3654      0.3654
//     auc                       0.8807      0.8807
//     selected epoch                 2           2
//     seconds per epoch         0.0620      0.0518
//     (tape / by hand = 1.20)
//
// Without arguments (20 epochs, built-in data): P@10 0.3784 and AUC 0.9049 both ways, epoch 8 selected.
// On ML-100K (ml-100k/ --epochs 2, split u1): P@10 0.4200 and AUC 0.9086 both ways.
// Exits non-zero when the gradients or the two trained models disagree.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "lesson.hpp"
#include "models/registry.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

// One batch by hand: 3 users, 4 items, labels and confidence weights.
const std::vector<Id> kUsers = {0, 0, 1, 1, 2, 2, 0, 2};
const std::vector<Id> kItems = {1, 3, 0, 1, 2, 3, 2, 0};
const std::vector<double> kLabels = {1, 0, 1, 0, 1, 0, 0, 1};
const std::vector<double> kWeights = {3, 1, 2, 1, 5, 1, 1, 2};

// dL/dx by central differences: nudge one entry, re-run the forward pass only.
double numeric(Model<double>& model, const Batch<double>& batch, Param<double>& p, std::int64_t r, std::int64_t c) {
  const double h = 1e-5, x = p.value(r, c);
  auto loss_at = [&](double v) {
    p.value(r, c) = v;
    Tape<double> tape;
    return model.loss(tape, batch).item();
  };
  const double g = (loss_at(x + h) - loss_at(x - h)) / (2 * h);
  p.value(r, c) = x;
  return g;
}

bool gradients_lesson() {
  ModelConfig config;
  config.dim = 4;
  config.l2 = 0.05;
  auto model = make_model<double>("lmf", config, ModelData{3, 4}, /*seed=*/1);
  const Batch<double> batch{kUsers, kItems, {}, kLabels, kWeights, {}, {}};
  std::vector<Param<double>*> params = model->params();  // user_factors, item_factors, user_bias, item_bias
  for (Param<double>* p : params)  // biases start at 0; move them so their terms show
    if (p->value.cols() == 1)
      for (std::int64_t r = 0; r < p->value.rows(); ++r) p->value(r, 0) = 0.1 * static_cast<double>(r) - 0.1;

  for (Param<double>* p : params) p->zero_grad();
  Tape<double> tape;
  const Var<double> loss = model->loss(tape, batch);
  tape.backward(loss);
  std::vector<Tensor<double>> from_tape;
  for (Param<double>* p : params) from_tape.push_back(dense_gradient(*p));

  for (Param<double>* p : params) p->zero_grad();
  const double manual_loss = model->manual_gradients(batch);
  std::printf("loss on the batch: tape %.12f, by hand %.12f\n\n", loss.item(), manual_loss);

  const lesson::Table table({{"coordinate", 20, true}, {"tape", 16}, {"by hand", 16}, {"finite diff.", 16}});
  const struct { int param; std::int64_t row, col; const char* label; } coords[] = {
      {0, 0, 0, "dL/dp_0[0]"}, {0, 2, 3, "dL/dp_2[3]"}, {1, 1, 1, "dL/dq_1[1]"},
      {1, 3, 2, "dL/dq_3[2]"}, {2, 1, 0, "dL/db_u=1"},  {3, 0, 0, "dL/db_i=0"}};
  double worst = 0;
  for (const auto& c : coords) {
    Param<double>& p = *params[c.param];
    const double t = from_tape[c.param](c.row, c.col), m = dense_gradient(p)(c.row, c.col);
    const double n = numeric(*model, batch, p, c.row, c.col);
    worst = std::max({worst, std::abs(t - m), std::abs(t - n)});
    table.row({c.label, lesson::fixed(t, 12), lesson::fixed(m, 12), lesson::fixed(n, 12)});
  }
  for (Param<double>* p : params) p->zero_grad();

  // The same three-way check over every coordinate of every parameter, on a random
  // batch with repeated users and items: the library's check behind `recgrad gradcheck`.
  std::printf("\nevery coordinate of every parameter:\n");
  const bool all_agree = lesson::print_gradient_table("lmf");
  return all_agree && worst < 1e-8;
}

}  // namespace

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv, 20);

  std::printf("== 1. one batch, three gradients (double)\n\n");
  const bool gradients_agree = gradients_lesson();

  std::printf("\n== 2. training with each, same seed (float)\n\n");
  const auto [ds, split] = lesson::load(args);
  RunOutcome runs[2];
  for (const bool manual : {false, true}) {
    TrainingSetup setup = default_setup("lmf");
    setup.train.epochs = args.epochs;
    setup.train.manual_gradients = manual;
    setup.train.threads = 1;  // one core each, so the timings compare
    runs[manual] = run_training("lmf", ds, split, setup, /*seed=*/0);
  }

  const EvalResult &a = runs[0].test, &m = runs[1].test;
  const double t_auto = runs[0].training.seconds_per_epoch, t_manual = runs[1].training.seconds_per_epoch;
  std::printf("\n");
  const lesson::Table table({{"test metric", 20, true}, {"tape", 10}, {"by hand", 10}});
  table.row({"precision@10", lesson::fixed(*a.precision), lesson::fixed(*m.precision)});
  table.row({"recall@10", lesson::fixed(*a.recall), lesson::fixed(*m.recall)});
  table.row({"ndcg@10", lesson::fixed(*a.ndcg), lesson::fixed(*m.ndcg)});
  table.row({"auc", lesson::fixed(*a.auc), lesson::fixed(*m.auc)});
  table.row({"selected epoch", lesson::count(runs[0].training.best_epoch), lesson::count(runs[1].training.best_epoch)});
  table.row({"seconds per epoch", lesson::fixed(t_auto), lesson::fixed(t_manual)});
  std::printf("(tape / by hand = %.2f)\n", t_auto / t_manual);

  // Same batches and formulas: only the order of float additions differs, so the
  // two runs must end at the same metrics up to round-off.
  const bool trained_alike = std::abs(*a.precision - *m.precision) < 2e-3 && std::abs(*a.auc - *m.auc) < 1e-3;
  if (!gradients_agree) std::printf("FAILED: the gradients disagree\n");
  if (!trained_alike) std::printf("FAILED: tape and hand-derived training ended at different metrics\n");
  return gradients_agree && trained_alike ? 0 : 1;
}
