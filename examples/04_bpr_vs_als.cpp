// Lesson 4: two ways to learn a ranking from implicit feedback, on the same data,
// judged by the same evaluator: BPR (stochastic gradients on sampled pairs) and
// implicit ALS (closed-form alternating solves), against "recommend what is popular".
//
// BPR (Rendle et al. 2009). Score s(u, i) = b_i + p_u . q_i. For an observed item i
// and a sampled item j the user did not touch, ask that i outrank j:
//
//     x = s(u, i) - s(u, j),      ℓ = -log σ(x)  (+ λ(|p_u|² + |q_i|² + |q_j|² + b_i² + b_j²))
//
// d/dx[-log σ(x)] = -σ(-x) =: g, and dx/dp_u = q_i - q_j, dx/dq_i = p_u, dx/dq_j = -p_u,
// dx/db_i = 1, dx/db_j = -1, so one triple adds g (q_i - q_j) + 2λ p_u to dL/dp_u,
// g p_u + 2λ q_i to dL/dq_i, -g p_u + 2λ q_j to dL/dq_j (averaged over the batch).
// Training is minibatch AdaGrad over one fresh negative per positive per epoch.
//
// Implicit ALS (Hu, Koren & Volinsky 2008). No sampling: every (u, i) pair counts, with
// preference p_ui = 1 if observed else 0 and confidence c_ui = 1 + α if observed else 1:
//
//     L = Σ_{u,i} c_ui (p_ui - x_u . y_i)²  +  λ (Σ_u |x_u|² + Σ_i |y_i|²)
//
// With the item factors Y fixed, L is a least-squares problem in each x_u. Setting its
// gradient -2 Σ_i c_ui (p_ui - x_u . y_i) y_i + 2λ x_u to zero gives the normal equations
//
//     (YᵀY + α Σ_{i∈I(u)} y_i y_iᵀ + λ I) x_u = (1 + α) Σ_{i∈I(u)} y_i
//
// YᵀY is shared by every user, so a user costs O(k² + |I(u)| k) per conjugate-gradient
// step; three CG steps from the previous x_u suffice. Then the same for items, and repeat.
//
// Most popular: every user gets the items with the most training interactions.
//
// Run: example_04_bpr_vs_als [ML-100K-DIR] [--epochs N]
// Expected output of `example_04_bpr_vs_als --epochs 3` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split random: train 80000, validation 0, test 20000: every interaction is a positive
//
//     method              AUC     P@10     R@10  NDCG@10  time
//     most popular     0.8307   0.1550   0.0835   0.1802  -
//     bpr              0.8806   0.3120   0.1773   0.3619  0.0167 s/epoch, 3 epochs (best 3), 0.11 s in all
//     als              0.9019   0.3700   0.2134   0.4358  0.0060 s/epoch, 3 epochs (best 3), 0.06 s in all
//
//     bpr, one random batch in double, loss 0.738827225946 by the tape and 0.738827225946 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter     tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_factors          2.3e-16               2.7e-11                 232/232 (0)
//       item_factors          4.9e-16               3.2e-11                 304/304 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments: P@10 BPR 0.3646, ALS 0.3828, most popular 0.1550 (AUC 0.9026, 0.9046,
// 0.8307). On ML-100K (ml-100k/ --epochs 3, u1): P@10 0.4111, 0.4758, 0.3048.
// Exits non-zero unless both models beat most-popular on P@10 and AUC and BPR's gradients agree.
#include <cstdio>
#include <string>
#include <vector>

#include "lesson.hpp"
#include "training/run.hpp"

using namespace recgrad;

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv);
  const auto [ds, split] = lesson::load(args, "", ": every interaction is a positive");

  // The evaluator's inputs, the same for all three: rank, for each test user, every item
  // they have no training interaction with; the relevant ones are their test items.
  const std::vector<std::int32_t> train_rows(split.train.begin(), split.train.end());
  const data::UserItems seen = ds.user_items(train_rows);
  const data::UserItems relevant = ds.user_items(split.test);
  const EvalOptions options{.k = 10, .threads = 1};

  // Train the two models with their defaults, one core each so the times compare.
  // run_training carves 5% of the training part out to pick the epoch on.
  struct Fitted {
    RunOutcome run;
    double seconds = 0;
  };
  std::vector<Fitted> fitted;
  for (const char* name : {"bpr", "als"}) {
    TrainingSetup setup = lesson::setup(name, args);
    setup.train.threads = 1;
    const lesson::Stopwatch clock;
    RunOutcome run = run_training(name, ds, split, setup, /*seed=*/0);
    fitted.push_back({std::move(run), clock.seconds()});
  }

  // Most popular as a scoring source: every user's row is the items' training counts.
  const std::vector<std::int64_t> counts = ds.item_counts(train_rows);
  const std::vector<float> popularity(counts.begin(), counts.end());
  const ScoreSource popular = lesson::same_for_every_user(ds, popularity);

  std::printf("\n");
  const lesson::Table table({{"method", 14, true}, {"AUC", 7}, {"P@10", 7}, {"R@10", 7}, {"NDCG@10", 7}, {"time", 0, true}});
  const auto row = [&table](const std::string& name, const EvalResult& r, const std::string& timing) {
    table.row({name, lesson::fixed(*r.auc), lesson::fixed(*r.precision), lesson::fixed(*r.recall),
               lesson::fixed(*r.ndcg), timing});
  };
  const EvalResult pop = evaluate_ranking(popular, seen, relevant, options);
  row("most popular", pop, "-");
  bool beat_popular = true;
  for (const Fitted& f : fitted) {
    const EvalResult r = evaluate_ranking(score_source(*f.run.model), seen, relevant, options);
    char timing[120];
    std::snprintf(timing, sizeof timing, "%.4f s/epoch, %lld epochs (best %lld), %.2f s in all",
                  f.run.training.seconds_per_epoch, static_cast<long long>(f.run.training.epochs.size()),
                  static_cast<long long>(f.run.training.best_epoch), f.seconds);
    row(f.run.model->name(), r, timing);
    beat_popular = beat_popular && *r.precision > *pop.precision && *r.auc > *pop.auc;
  }

  // BPR's gradient above is its hand-derived path (models/bpr); ALS solves in closed
  // form and has no gradient to compare.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("bpr");

  if (!beat_popular) std::printf("FAILED: a model does not beat most-popular\n");
  if (!gradients_agree) std::printf("FAILED: BPR's gradients disagree\n");
  return beat_popular && gradients_agree ? 0 : 1;
}
