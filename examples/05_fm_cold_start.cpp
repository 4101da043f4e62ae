// Lesson 5: factorisation machines, and items nobody has rated yet (Rendle 2010).
//
// The problem. A new film arrives with a title, genres and a year, but no ratings.
// Matrix factorisation (lesson 3) scores an item through its own learned vector q_i,
// which for a new item is still its random start: it has nothing to say. The split
// `coldstart` plays this out: 10% of the items are held out with all their ratings,
// and every test rating is of an item the model never saw in training.
//
// The model. Describe each (user, item) pair by a sparse vector x of features: the
// user's id, age bucket, gender and occupation, the item's id, genres (each 1/#genres)
// and decade. A factorisation machine scores it with a bias per feature and a factor
// vector v_j per feature, every pair of features interacting through <v_j, v_l>:
//
//     s(x) = w0 + Σ_j w_j x_j + Σ_{j<l} <v_j, v_l> x_j x_l
//
// With the ids alone this is biased MF again (w_user + w_item + <v_user, v_item>); with
// metadata it also learns "this user likes comedies" (<v_user, v_comedy>) and "women
// over 50 rate dramas higher" (<v_female, v_drama>, <v_50-55, v_drama>).
//
// The trick that makes it cheap: the pair sum is O(nnz · k), not O(nnz² · k),
//
//     Σ_{j<l} <v_j, v_l> x_j x_l = ½ Σ_f [ (Σ_j x_j v_jf)² − Σ_j x_j² v_jf² ]
//
// and so is the gradient, with s_f = Σ_i x_i v_if computed once per example:
//
//     ∂s/∂w_j = x_j          ∂s/∂v_jf = x_j (s_f − x_j v_jf)
//
// For squared error L = (s − y)², multiply both by 2 (s − y) (models/fm/fm.cpp writes it
// out, with the L2 term; the autodiff op autodiff/ops/fm.cpp does the same on the tape).
//
// Why metadata helps a cold item: its id was never trained, but its genres and decade
// were read by every warm item that shares them, so w_genre and v_genre carry what the
// catalogue taught about such films. Two details make that work:
//   * a feature no training batch read is left out of a score (x_j = 0), so the cold
//     item's random id vector adds no noise;
//   * training sees a fixed share of its ratings a second time without the item's id
//     (--id-free-copies, "id-free copies"), so that metadata must predict a rating on its own
//     and does not leave everything to the item ids.
//
// Run: example_05_fm_cold_start [ML-100K-DIR] [--epochs N]
// Expected output of `example_05_fm_cold_start --epochs 3` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split coldstart: train 90307, validation 0, test 9693, cold items 170
//
//     RMSE on the cold items' ratings (the training mean is 3.53):
//       predictor    fields  id-free copies     RMSE  epochs  s/epoch
//       global mean  -                    -   1.1257       -        -
//       fm           ids                0.0   1.0891       3     0.04
//       fm           all                0.0   1.0911       3     0.10
//       fm           all                0.3   1.0904       3     0.13
//
//     cold item 155, features: item_id=155 genre=Children's genre=Drama decade=1990s
//       406 test ratings: actual mean 3.33, fm's predictions average 3.47 (global mean 3.53)
//
//     metadata takes -0.0020 off the ids-only RMSE without the copies, -0.0013 with them
//
//     fm, one random batch in double, loss 2.813357996993 by the tape and 2.813357996993 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter     tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_weights          6.4e-16               8.3e-13                   47/47 (0)
//       item_weights          4.0e-16               1.2e-12                   40/40 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments: RMSE global mean 1.1257, ids 1.0893, all 1.0913, all with copies 1.0889.
// On ML-100K (ml-100k/ --epochs 3, 168 cold items): 1.1275, 1.0605, 1.0338, 1.0116.
// Exits non-zero unless fm with metadata beats the global mean and does no worse than ids only,
// and its gradients agree.
#include <cstdio>
#include <string>
#include <vector>

#include "lesson.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

// Trains fm with its defaults and the given fields and id-free copies; the RMSE on the test part.
double cold_rmse(const data::Dataset& ds, const data::Split& split, const std::string& fields, double copies,
                 const lesson::Args& args, const lesson::Table& table, RunOutcome* keep = nullptr) {
  TrainingSetup setup = lesson::setup("fm", args);
  setup.model.own.set("fields", fields);
  setup.model.own.set("id-free-copies", copies);
  RunOutcome run = run_training("fm", ds, split, setup, /*seed=*/0);
  const double rmse = *run.test.rmse;
  table.row({"fm", fields, lesson::fixed(copies, 1), lesson::fixed(rmse), lesson::count(run.training.best_epoch),
             lesson::fixed(run.training.seconds_per_epoch, 2)});
  if (keep != nullptr) *keep = std::move(run);
  return rmse;
}

}  // namespace

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv);
  const auto [ds, split] = lesson::load(args, "coldstart", "\n");

  // 1. The baseline that needs no model: every cold rating predicted as the training mean.
  const lesson::MeanBaseline global = lesson::global_mean_baseline(ds, split);
  std::printf("RMSE on the cold items' ratings (the training mean is %.2f):\n", global.mean);
  const lesson::Table table({{"predictor", 11, true}, {"fields", 6, true}, {"id-free copies", 14}, {"RMSE", 7},
                             {"epochs", 6}, {"s/epoch", 7}},
                            "  ");
  table.row({"global mean", "-", "-", lesson::fixed(global.rmse), "-", "-"});

  // 2. fm over the ids only: for a cold item that is w0 + w_user, the user's generosity.
  const double ids = cold_rmse(ds, split, "ids", 0.0, args, table);
  // 3. fm over every field, without and with the id-free copies.
  const double plain = cold_rmse(ds, split, "all", 0.0, args, table);
  RunOutcome run;
  const double full = cold_rmse(ds, split, "all", default_setup("fm").model.own.real("id-free-copies"), args, table, &run);

  // 4. One cold item up close: the one with the most test ratings.
  std::vector<std::int64_t> count(static_cast<std::size_t>(ds.num_items()), 0);
  for (const std::int32_t r : split.test) ++count[static_cast<std::size_t>(ds.interactions.items[r])];
  Id item = split.cold_items.front();
  for (const Id i : split.cold_items)
    if (count[static_cast<std::size_t>(i)] > count[static_cast<std::size_t>(item)]) item = i;
  std::vector<Id> users, items;
  double actual = 0;
  for (const std::int32_t r : split.test)
    if (ds.interactions.items[r] == item) {
      users.push_back(ds.interactions.users[r]);
      items.push_back(item);
      actual += ds.interactions.ratings[r];
    }
  std::vector<float> predicted(users.size());
  run.model->predict(users, items, predicted);
  double mean_predicted = 0;
  for (const float p : predicted) mean_predicted += p;
  std::printf("\ncold item %s, features:", ds.item_label(item).c_str());
  for (const Id f : ds.item_features.ids_of(item)) std::printf(" %s", ds.item_features.names[static_cast<std::size_t>(f)].c_str());
  std::printf("\n  %zu test ratings: actual mean %.2f, fm's predictions average %.2f (global mean %.2f)\n",
              users.size(), actual / static_cast<double>(users.size()),
              mean_predicted / static_cast<double>(users.size()), global.mean);

  std::printf("\nmetadata takes %.4f off the ids-only RMSE without the copies, %.4f with them\n", ids - plain,
              ids - full);
  // The built-in data's ratings owe little to its metadata (its genres follow what users
  // pick more than how they rate), so there metadata can only be required to do no harm.
  const bool holds = full < global.rmse && full <= ids + 0.005;
  if (!holds) std::printf("FAILED: fm with metadata does worse than a baseline on cold items\n");

  // The pair-sum gradient above is fm's hand-derived path (models/fm), id-free copies
  // included; the tape and finite differences must reach the same numbers.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("fm");
  if (!gradients_agree) std::printf("FAILED: fm's gradients disagree\n");
  return holds && gradients_agree ? 0 : 1;
}
