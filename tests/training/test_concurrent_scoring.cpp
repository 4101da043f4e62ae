// Scoring is const and safe from several threads at once: every model, trained briefly,
// gives byte-identical top-10 lists whether its users are scored from 1, 2 or 8 OpenMP
// threads, through score_users and through predict. `recgrad recommend --all-users` and
// the evaluator both score blocks of users from an OpenMP team, so a model that writes
// shared scratch while scoring (widedeep once did) crashes or mixes up its lists there.
//
// In the training suite (not tests/models) because it needs a trained model of every
// kind, which only run_training (training/run.hpp, in recgrad_training) builds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <mutex>
#include <numeric>
#include <string>
#include <vector>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "retrieval/topk.hpp"
#include "training/run.hpp"
#include "use/use_test_util.hpp"

using namespace recgrad;

namespace {

constexpr std::int32_t kTopK = 10;
constexpr Id kBlockUsers = 4;  // users per score_users call: the same blocks at every thread count

const data::Dataset& small() {
  static const data::Dataset ds =
      data::generate_dataset({.users = 120, .items = 160, .interactions = 3000, .seed = 11});
  return ds;
}

// GCC's libgomp starts and joins a team through futexes ThreadSanitizer cannot see, so
// under TSan the parameters written before a region and the lists read after it would
// look raced. Each thread passing through one mutex on entering and on leaving gives
// TSan those happens-before edges (which the region has anyway); otherwise harmless.
// The mutex is a global, built before any team: a local one would be rebuilt by each
// call at the stack address the last team locked, a write TSan could not order either.
std::mutex team_sync;
void tsan_visible_barrier() { const std::lock_guard lock(team_sync); }

// A user's top-10 (ids and scores) as raw bytes, so lists compare bit for bit.
std::string encode(const TopK& top) {
  std::string bytes(top.items.size() * (sizeof(std::int32_t) + sizeof(float)), '\0');
  std::memcpy(bytes.data(), top.items.data(), top.items.size() * sizeof(std::int32_t));
  std::memcpy(bytes.data() + top.items.size() * sizeof(std::int32_t), top.scores.data(),
              top.scores.size() * sizeof(float));
  return bytes;
}

// Scores users [first, first + count) against every item into `scores`, row-major:
// through score_users, or through predict on (user, every item) pairs.
void score_block(const Recommender<float>& model, Id first, Id count, bool via_predict, std::vector<float>& scores) {
  const auto items = static_cast<std::size_t>(model.num_items());
  if (!via_predict)
    return model.score_users(first, count, std::span(scores).first(items * static_cast<std::size_t>(count)));
  std::vector<Id> users(items), all_items(items);
  std::iota(all_items.begin(), all_items.end(), 0);
  for (Id r = 0; r < count; ++r) {
    std::fill(users.begin(), users.end(), first + r);
    model.predict(users, all_items, std::span(scores).subspan(items * static_cast<std::size_t>(r), items));
  }
}

// Every user's top-10 list, users scored by `threads` OpenMP threads in blocks of
// kBlockUsers. An exception (which may not leave the region) becomes that user's list,
// so it fails the comparison instead of terminating the test.
std::vector<std::string> top_lists(const Recommender<float>& model, int threads, bool via_predict) {
  const Id users = model.num_users();
  const auto items = static_cast<std::size_t>(model.num_items());
  std::vector<std::string> lists(static_cast<std::size_t>(users));
  tsan_visible_barrier();
#pragma omp parallel num_threads(threads)
  {
    tsan_visible_barrier();
    std::vector<float> scores(items * kBlockUsers);
#pragma omp for schedule(dynamic, 1)
    for (Id first = 0; first < users; first += kBlockUsers) {
      const Id count = std::min(kBlockUsers, users - first);
      try {
        score_block(model, first, count, via_predict, scores);
        for (Id r = 0; r < count; ++r)
          lists[static_cast<std::size_t>(first + r)] =
              encode(top_k(std::span(scores).subspan(items * static_cast<std::size_t>(r), items), kTopK));
      } catch (const std::exception& e) {
        for (Id r = 0; r < count; ++r) lists[static_cast<std::size_t>(first + r)] = std::string("threw: ") + e.what();
      }
    }
    tsan_visible_barrier();
  }
  tsan_visible_barrier();
  return lists;
}

std::size_t differing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  for (std::size_t u = 0; u < a.size(); ++u) n += a[u] != b[u];
  return n;
}

}  // namespace

TEST_CASE("every model scores the same top-10 lists from 1, 2 and 8 threads, by score_users and by predict") {
  const data::Split split = data::make_split(small(), {.name = "last"});
  for (const std::string& name : model_names()) {
    CAPTURE(name);
    const RunOutcome run = use_test::train_short(name, small(), split);  // one epoch, dim 8
    const Recommender<float>& model = *run.model;
    for (const bool via_predict : {false, true}) {
      CAPTURE(via_predict);
      const std::vector<std::string> one = top_lists(model, 1, via_predict);
      for (const std::string& list : one) REQUIRE(list.rfind("threw: ", 0) != 0);
      for (const int threads : {2, 8}) {
        CAPTURE(threads);
        CHECK(differing(top_lists(model, threads, via_predict), one) == 0);
      }
    }
  }
}
