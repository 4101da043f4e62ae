// Lesson 7: what comes next? A softmax over the whole catalogue, trained on all of it
// or on a sample, and what the log-Q correction does.
//
// The model (YouTube DNN, Covington et al. 2016; models/softmax/softmax.cpp): a user who last
// saw items j_1..j_n is the vector v_u = tower([mean of e_j ; user features]), and item i
// scores z_i = v_u . w_i + b_i. Training asks that the item t that came next win a
// softmax over the C items:
//
//     L = log Σ_c e^{z_c} - z_t,          dL/dz_c = p_c - [c = t],   p = softmax(z)
//
// Every item gets a gradient from every example: O(C k) per example (C = 1682 here).
//
// Sampled softmax keeps the target and S items drawn from a proposal Q (here log-uniform
// over popularity rank: popular items are drawn far more often) and treats them as the
// whole catalogue. Left as is, that is biased: a popular item is a negative in almost
// every batch, so it is pushed down far more often than the full softmax would push it.
// The log-Q correction subtracts log Q(c) from each kept logit,
//
//     L_S = log (e^{z_t - log Q(t)} + Σ_s e^{z_s - log Q(s)}) - (z_t - log Q(t)),
//
// because Σ_c e^{z_c} = E_{s~Q}[e^{z_s} / Q(s)]: each draw is weighted by 1 / Q, so a
// frequently drawn item counts for less each time, and the sampled normaliser estimates
// the full one. A draw equal to the target (an accidental hit) is dropped.
//
// The lesson trains the same model three ways on the same batches (train + validation
// of split `last`, a fixed number of epochs) and tests on each user's last item:
// full softmax; sampled with the correction; the same samples with log Q set to 0.
// "popular@10" is the share of the users' top-10 lists taken from the 50 most popular
// items: without the correction it collapses, and hit-rate goes with it.
//
// Run: example_07_next_item_sampled_softmax [ML-100K-DIR] [--epochs N]
// Expected output of `example_07_next_item_sampled_softmax --epochs 2` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split last: train 98000, validation 1000, test 1000; 2 epochs each, one thread
//
//     softmax                       HR@10   NDCG@10      MRR   popular@10    s/epoch
//     full (all items)             0.1120    0.0533   0.0481        0.415      0.629
//     sampled, log-Q corrected     0.0720    0.0294   0.0287        0.592      0.251
//     sampled, no correction       0.0150    0.0062   0.0091        0.000      0.193
//
//     the full softmax (--softmax full):
//     softmax, one random batch in double, loss 3.681709963504 by the tape and 3.681709963504 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter           tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       item_input                  1.1e-16               1.4e-09            275 (37)
//       user_age                    0.0e+00               3.3e-10             25 (31)
//       …
//       tolerance 1e-06: all agree
//
//     the sampled softmax (--softmax sampled):
//     softmax, one random batch in double, loss 2.858281058853 by the tape and 2.858281058853 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter           tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       item_input                  2.4e-16               9.8e-10            275 (37)
//       user_age                    1.1e-16               6.1e-11             25 (31)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments (10 epochs): HR@10 0.1150 / 0.1140 / 0.0310, popular@10 0.248 / 0.333 / 0.000.
// On ML-100K (ml-100k/ --epochs 2): HR@10 0.0848 / 0.0689 / 0.0445, popular@10 0.253 / 0.285 / 0.002.
// Exits non-zero unless dropping the correction lowers both popular@10 and hit-rate,
// and the gradients of both softmaxes agree.
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "data/sequences.hpp"
#include "lesson.hpp"
#include "models/registry.hpp"
#include "models/next_item.hpp"
#include "optim/optimizer.hpp"
#include "training/batch_source.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

struct Outcome {
  EvalResult test;
  double seconds_per_epoch = 0, popular_share = 0;
};

Outcome train_and_test(const data::Dataset& ds, const data::Split& split, const std::string& softmax,
                       bool log_q_correction, std::int64_t epochs) {
  TrainingSetup s = default_setup("softmax");
  s.model.own.set("softmax", softmax);
  if (softmax == "full") s.train.batches.negatives = 0;
  auto model = make_model<float>("softmax", s.model, model_data(ds), /*seed=*/0);
  std::vector<std::int32_t> rows = split.train;  // everything but the test items
  rows.insert(rows.end(), split.validation.begin(), split.validation.end());
  BatchSource batches(ds, rows, Feedback::NextItem, s.train.batches);
  auto optimizer = make_optimizer<float>(model->params(), s.train.optimizer);
  Tape<float> tape;
  const std::vector<float> zeros(static_cast<std::size_t>(s.train.batches.batch_size + s.train.batches.negatives), 0.0f);
  const lesson::Stopwatch clock;
  for (std::int64_t e = 0; e < epochs; ++e) {
    batches.start_epoch(e);
    for (Batch<float> b; batches.next(b);) {
      if (!log_q_correction) {  // the same sample, every log Q set to 0
        b.item_log_q = {zeros.data(), b.item_log_q.size()};
        b.negative_log_q = {zeros.data(), b.negative_log_q.size()};
      }
      tape.reset();
      const Var<float> loss = model->loss(tape, b);
      tape.backward(loss);
      optimizer->step();
    }
  }
  Outcome out;
  out.seconds_per_epoch = clock.seconds() / static_cast<double>(epochs);
  const data::UserItems history = non_test_history(ds, split);
  out.test = evaluate(*model, ds, split.test, history, {.k = 10, .threads = 1});

  // Top-10 lists after each user's latest 20 items, and how many come from the 50 most popular.
  dynamic_cast<NextItemRecommender<float>&>(*model).set_user_contexts(
      data::last_items(data::user_sequences(ds, history), 20));
  const std::vector<std::int64_t> counts = ds.item_counts(rows);
  std::vector<Id> by_count(counts.size());
  std::iota(by_count.begin(), by_count.end(), 0);
  std::stable_sort(by_count.begin(), by_count.end(), [&](Id a, Id b) { return counts[a] > counts[b]; });
  std::vector<bool> popular(counts.size(), false);
  for (std::size_t r = 0; r < std::min<std::size_t>(50, by_count.size()); ++r) popular[by_count[r]] = true;
  std::int64_t listed = 0, from_popular = 0;
  for (const TopK& top : recommend_top_k(score_source(*model), history, {.k = 10, .threads = 1}))
    for (const Id i : top.items) {
      ++listed;
      from_popular += popular[static_cast<std::size_t>(i)];
    }
  out.popular_share = listed > 0 ? static_cast<double>(from_popular) / static_cast<double>(listed) : 0.0;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv, 10);
  omp_set_num_threads(1);  // the batches' products are small: a second thread costs more than it saves
  const auto [ds, split] =
      lesson::load(args, "last", "; " + std::to_string(args.epochs) + " epochs each, one thread\n");
  const lesson::Table table({{"softmax", 26, true}, {"HR@10", 7}, {"NDCG@10", 8}, {"MRR", 7}, {"popular@10", 11},
                             {"s/epoch", 9}});
  const struct {
    const char* label;
    const char* softmax;
    bool correct;
  } runs[] = {{"full (all items)", "full", true},
              {"sampled, log-Q corrected", "sampled", true},
              {"sampled, no correction", "sampled", false}};
  std::vector<Outcome> outcomes;
  for (const auto& run : runs) {
    outcomes.push_back(train_and_test(ds, split, run.softmax, run.correct, args.epochs));
    const Outcome& o = outcomes.back();
    table.row({run.label, lesson::fixed(*o.test.hit_rate), lesson::fixed(*o.test.ndcg), lesson::fixed(*o.test.mrr),
               lesson::fixed(o.popular_share, 3), lesson::fixed(o.seconds_per_epoch, 3)});
  }
  const Outcome &corrected = outcomes[1], &uncorrected = outcomes[2];
  const bool holds = uncorrected.popular_share < corrected.popular_share &&
                     *uncorrected.test.hit_rate < *corrected.test.hit_rate;
  if (!holds) std::printf("FAILED: without the log-Q correction, popular items and hit-rate should both drop\n");

  // dL/dz_c = p_c - [c = t] is the hand-derived path (models/softmax), log Q included;
  // both softmaxes, against the tape and finite differences.
  bool gradients_agree = true;
  for (const char* softmax : {"full", "sampled"}) {
    ModelConfig config = gradient_check_config("softmax");
    config.own.set("softmax", std::string(softmax));
    std::printf("\nthe %s softmax (--softmax %s):\n", softmax, softmax);
    gradients_agree = lesson::print_gradient_table("softmax", config) && gradients_agree;
  }
  if (!gradients_agree) std::printf("FAILED: the softmax's gradients disagree\n");
  return holds && gradients_agree ? 0 : 1;
}
