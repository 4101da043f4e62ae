// Lesson 9: recommending items nobody has interacted with yet, from their metadata
// alone, with a LightFM-style hybrid model (Kula 2015).
//
// A factor model learns one vector per item id, so an item without interactions has a
// vector nobody trained: it cannot be ranked. The hybrid model learns one vector per
// *feature* instead, and a row (user or item) is the weighted sum of its features':
//
//     q_u = Σ_{f∈F(u)} w_uf e_f        (user id, age bucket, gender, occupation)
//     q_i = Σ_{g∈G(i)} w_ig e_g        (item id, genres with weights 1/#genres, decade)
//     b_i = Σ_{g∈G(i)} w_ig c_g        s(u, i) = q_u . q_i + b_i
//
// A new item shares its genre and decade embeddings with every trained item of that
// genre and decade, so it gets a meaningful q_i on day one.
//
// Training is BPR: for an observed item i and a sampled item j the user did not touch,
// x = s(u, i) - s(u, j) and ℓ = -log σ(x) (+ λ(|q_u|² + |q_i|² + |q_j|² + b_i² + b_j²)).
// With g = -σ(-x), dℓ/dq_u = g (q_i - q_j) + 2λ q_u, dℓ/dq_i = g q_u + 2λ q_i, and so on,
// exactly as in BPR on ids (lesson 4). The one new step is the chain rule into the
// features: q is linear in the embeddings, so each feature f of the row receives
//
//     dℓ/de_f = w_f dℓ/dq        (and dℓ/dc_f = w_f dℓ/db_i for the biases).
//
// The id of an unseen item. Its embedding starts at zero and only moves when the item is
// in a batch; negatives are drawn only among items with training interactions, so it
// stays zero, and the item is scored by its metadata alone.
//
// The split holds out 10% of the items with all their interactions. For each user, the
// candidates are those cold items only, and the relevant ones are the cold items the
// user interacted with.
//
// Run: example_09_hybrid_cold_start [ML-100K-DIR] [--epochs N]
// Expected output of `example_09_hybrid_cold_start --epochs 3` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split coldstart: train 90307, validation 0, test 9693, cold items 170
//
//     cold item 9 has the features: item_id=9 (1.00) genre=Sci-Fi (0.50) genre=War (0.50) decade=1990s (1.00)
//
//     bpr: bpr cannot rank items it never saw in training, and split coldstart tests only such items (170 held out); use a model that scores items from their features: fm or fm-bpr or hybrid
//     hybrid: 3 epochs (best 3), 0.0392 s/epoch
//
//     ranking the 170 cold items (cold-170)
//     method                AUC     P@10     R@10  NDCG@10
//     popular genres     0.5427   0.0902   0.1023   0.0949
//     hybrid             0.7030   0.1630   0.1822   0.2021
//
//     user 1, best cold items:
//       249
//       270
//       569
//
//     hybrid, one random batch in double, loss 0.693456639759 by the tape and 0.693456639759 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter          tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_features              1.4e-16               9.7e-12                 376/376 (0)
//       item_features              2.6e-16               8.5e-12                 432/432 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments: hybrid AUC 0.7084, P@10 0.1718; popular genres 0.5427, 0.0902.
// On ML-100K (ml-100k/ --epochs 3, 168 cold items): hybrid AUC 0.6958, P@10 0.2099; popular genres 0.6412, 0.2225.
// Exits non-zero unless the hybrid model beats the popular-genres baseline on AUC and its
// gradients agree.
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <string>
#include <vector>

#include "lesson.hpp"
#include "training/run.hpp"

using namespace recgrad;


int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv);
  const auto [ds, split] = lesson::load(args, "coldstart");

  // What the model knows about a cold item: its features, never its interactions.
  const data::FeatureMatrix& items = ds.item_features;
  const std::int32_t cold = split.cold_items.front();
  std::printf("\ncold item %s has the features:", ds.item_label(cold).c_str());
  for (std::size_t k = 0; k < items.ids_of(cold).size(); ++k)
    std::printf(" %s (%.2f)", items.names[items.ids_of(cold)[k]].c_str(), items.weights_of(cold)[k]);
  std::printf("\n\n");

  // A model of ids alone has nothing to say about these items, and says so.
  try {
    run_training("bpr", ds, split, default_setup("bpr"), 0);
  } catch (const std::invalid_argument& e) {
    std::printf("bpr: %s\n", e.what());
  }

  TrainingSetup setup = lesson::setup("hybrid", args);
  setup.train.threads = 1;
  const RunOutcome run = run_training("hybrid", ds, split, setup, /*seed=*/0);
  std::printf("hybrid: %lld epochs (best %lld), %.4f s/epoch\n", static_cast<long long>(run.training.epochs.size()),
              static_cast<long long>(run.training.best_epoch), run.training.seconds_per_epoch);

  // The baseline a metadata-only recommender starts from: pop, which ranks items nobody
  // trained on by the popularity of their features (genres, decade), tested alike.
  TrainingSetup pop_setup = default_setup("pop");
  pop_setup.train.threads = 1;
  const EvalResult baseline = run_training("pop", ds, split, pop_setup, 0).test;
  std::printf("\nranking the %zu cold items (%s)\n", split.cold_items.size(), run.test.candidates.c_str());
  const lesson::Table table({{"method", 16, true}, {"AUC", 7}, {"P@10", 7}, {"R@10", 7}, {"NDCG@10", 7}});
  for (const auto& [name, r] : {std::pair{"popular genres", &baseline}, std::pair{"hybrid", &run.test}})
    table.row({name, lesson::fixed(*r->auc), lesson::fixed(*r->precision), lesson::fixed(*r->recall),
               lesson::fixed(*r->ndcg)});

  // One user's best cold items, with what the model saw of them.
  std::vector<float> scores(static_cast<std::size_t>(ds.num_items()));
  run.model->score_users(0, 1, scores);
  std::vector<float> cold_scores;
  for (const std::int32_t i : split.cold_items) cold_scores.push_back(scores[i]);
  const TopK top = top_k(cold_scores, 3);
  std::printf("\nuser %s, best cold items:\n", ds.users.raw(0).c_str());
  for (const std::int32_t c : top.items) std::printf("  %s\n", ds.item_label(split.cold_items[c]).c_str());

  // The chain rule into the features above is the hybrid's hand-derived path (models/hybrid);
  // the tape and finite differences must reach the same numbers.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("hybrid");

  const bool beats_baseline = *run.test.auc > *baseline.auc;
  if (!beats_baseline) std::printf("FAILED: the hybrid model does not beat popular genres on the cold items\n");
  if (!gradients_agree) std::printf("FAILED: the hybrid's gradients disagree\n");
  return beats_baseline && gradients_agree ? 0 : 1;
}
