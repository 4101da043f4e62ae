// Lesson 6: wide & deep (Cheng et al. 2016), or memorisation and generalisation in one model.
//
// The question: will user u rate item i 4 or more? A logistic model answers with a logit z,
// p = σ(z), trained on the log loss ℓ = softplus(z) - y z, whose slope is dℓ/dz = σ(z) - y.
//
// WIDE: a linear model over sparse binary features of the pair (models/widedeep/wide_features.hpp):
//
//     z_wide = Σ_j w_j x_j,    x = [user id | item id | gender x genre | age x genre | occupation x genre]
//
// A cross "age=18-24 x genre=Horror" is one weight, learnt from exactly the ratings where it
// is on: dL/dw_j = 1/B Σ_r (σ(z_r) - y_r) x_rj. That is memorisation. It is sharp (an
// exception gets a weight of its own) but it cannot say anything about a combination it has
// not seen, and it shares nothing between "18-24 x Horror" and "25-34 x Horror".
//
// DEEP: every field gets an embedding (user id, age, gender, occupation; item id, genres
// averaged), side by side into an MLP with ReLUs:
//
//     z_deep = MLP([e_user | e_age | e_gender | e_occupation | e_item | mean_g e_genre])
//
// The slope σ(z) - y flows back through the MLP into the embeddings of every field the
// example has, so values that behave alike get nearby vectors, and any combination gets a
// score. That is generalisation; its risk is over-generalising, blurring the exceptions.
//
// JOINT: z = b + z_wide + z_deep, one loss, one optimiser (Adam). Each part receives the same
// σ(z) - y, i.e. it learns what the other one leaves unexplained: the deep part carries the
// broad structure and the wide part corrects it where memorised crosses know better. Both
// are penalised per example with λ |looked-up row|² as in the factor models.
//
// Run: example_06_wide_and_deep [ML-100K-DIR] [--epochs N]
// Expected output of `example_06_wide_and_deep --epochs 3` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split random: train 80000, validation 0, test 20000; a positive is a rating >= 4
//
//     model             AUC   log loss  time
//     wide alone     0.6396     0.6755  0.009 s/epoch, best epoch 3, 0.0 s in all
//     deep alone     0.6863     0.6370  0.082 s/epoch, best epoch 3, 0.4 s in all
//     wide & deep    0.6881     0.6358  0.089 s/epoch, best epoch 3, 0.3 s in all
//
//     the wide part's strongest crosses (weight added to the logit):
//       +0.077  occupation=educator x genre=Action
//       +0.076  occupation=healthcare x genre=Crime
//       …
//
//     widedeep, one random batch in double, loss 0.836459488943 by the tape and 0.836459488943 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter          tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       wide                       1.7e-16               6.3e-12                 160/160 (0)
//       bias                       0.0e+00               2.9e-13                     1/1 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments (up to 20 epochs): AUC wide 0.6842, deep 0.6892, both 0.6911.
// On ML-100K (ml-100k/ --epochs 3, u1): wide 0.6816, deep 0.7751, both 0.7758.
// Exits non-zero unless every model beats the base rate's log loss, the joint model's AUC
// is at least that of each part alone less 0.005, and the gradients agree.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "lesson.hpp"
#include "models/widedeep/widedeep.hpp"
#include "evaluation/evaluate.hpp"

using namespace recgrad;

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv);
  const auto [ds, split] = lesson::load(args, "", "; a positive is a rating >= 4");

  // The same settings for all three (widedeep's defaults, one core so the times compare).
  TrainingSetup setup = lesson::setup("widedeep", args);
  setup.train.threads = 1;
  setup.train.refit = false;
  setup.train.batches.positive_rating = setup.model.positive_rating;

  struct Variant {
    const char* name;
    WideDeep<float>::Parts parts;
  };
  const Variant variants[] = {{"wide alone", {.wide = true, .deep = false}},
                              {"deep alone", {.wide = false, .deep = true}},
                              {"wide & deep", {.wide = true, .deep = true}}};
  std::printf("\n");
  const lesson::Table table({{"model", 12, true}, {"AUC", 7}, {"log loss", 9}, {"time", 0, true}});
  std::vector<double> aucs;
  bool beat_base_rate = true;
  std::unique_ptr<WideDeep<float>> joint;
  for (const Variant& v : variants) {
    auto model = std::make_unique<WideDeep<float>>(setup.model, model_data(ds), /*seed=*/0, v.parts);
    const lesson::Stopwatch clock;
    const TrainResult fit = train(*model, ds, split, setup.train);
    const double seconds = clock.seconds();
    std::vector<std::int32_t> seen = fit.train_rows;
    seen.insert(seen.end(), fit.validation_rows.begin(), fit.validation_rows.end());
    const EvalResult test = evaluate(*model, ds, split.test, ds.user_items(seen),
                                           {.k = 10, .threads = 1, .positive_rating = setup.model.positive_rating});
    table.row({v.name, lesson::fixed(*test.auc), lesson::fixed(*test.logloss),
               lesson::fixed(fit.seconds_per_epoch, 3) + " s/epoch, best epoch " + lesson::count(fit.best_epoch) + ", " +
                   lesson::fixed(seconds, 1) + " s in all"});
    const double p = *test.positive_rate;
    beat_base_rate = beat_base_rate && *test.logloss < -(p * std::log(p) + (1 - p) * std::log(1 - p));
    aucs.push_back(*test.auc);
    if (v.parts.wide && v.parts.deep) joint = std::move(model);
  }

  // What the wide part memorised: its crosses with the largest weights, for and against.
  const WideFeatures& features = joint->wide_features();
  const auto& w = joint->wide_weights()->table().value;
  std::vector<std::int64_t> crosses;
  for (std::int64_t j = ds.num_users() + ds.num_items(); j < features.size(); ++j)
    if (w(j, 0) != 0) crosses.push_back(j);
  std::sort(crosses.begin(), crosses.end(), [&](std::int64_t a, std::int64_t b) { return w(a, 0) > w(b, 0); });
  std::printf("\nthe wide part's strongest crosses (weight added to the logit):\n");
  for (std::size_t k = 0; k < std::min<std::size_t>(4, crosses.size()); ++k)
    std::printf("  %+.3f  %s\n", w(crosses[k], 0), features.name(crosses[k]).c_str());
  for (std::size_t k = crosses.size() - std::min<std::size_t>(4, crosses.size()); k < crosses.size(); ++k)
    std::printf("  %+.3f  %s\n", w(crosses[k], 0), features.name(crosses[k]).c_str());

  // One slope σ(z) - y into both parts: the tape's gradient through the MLP and the
  // wide weights against the hand-derived one (models/widedeep) and finite differences.
  // A nudge that crosses a ReLU's kink has no derivative, so those coordinates are left out.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("widedeep");

  const bool joint_holds = aucs[2] >= std::max(aucs[0], aucs[1]) - 0.005;
  if (!beat_base_rate) std::printf("FAILED: a model does not beat the base rate's log loss\n");
  if (!joint_holds) std::printf("FAILED: wide & deep ranks worse than one of its parts alone\n");
  if (!gradients_agree) std::printf("FAILED: wide & deep's gradients disagree\n");
  return beat_base_rate && joint_holds && gradients_agree ? 0 : 1;
}
