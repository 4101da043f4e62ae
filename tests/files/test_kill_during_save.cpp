// Stopping a save from outside at random moments, many times over: the model file is
// always the old file byte for byte or the whole new one (which loads), never a mix; a
// SIGKILL's temporary file goes with the next writer (remove_stale_temps), a SIGTERM's
// or SIGINT's at once (io/temp_cleanup.hpp); and a training log killed mid-run keeps the
// earlier runs' lines as they were and only ever gains whole lines.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>

#include "files/child_process.hpp"
#include "files/files_test_util.hpp"
#include "io/atomic_file.hpp"
#include "io/training_log.hpp"

using namespace files_test;
namespace fs = std::filesystem;
using std::chrono::microseconds;

namespace {

// How long one save of `run` to `path` takes here, in a child as the test does it (the
// best of three, so a busy machine still gets kills across the whole save).
microseconds save_time(const fs::path& path, const RunOutcome& run, const ModelInfo& info) {
  microseconds best = microseconds::max();
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    Child child([&] { save_model(path, *run.model, info); });
    REQUIRE(child.wait() == kChildDone);
    best = std::min(best, std::chrono::duration_cast<microseconds>(std::chrono::steady_clock::now() - start));
  }
  return best;
}

struct Outcomes {
  int old_file = 0, new_file = 0, temps_left = 0;
};

// `runs` saves of `next` over a file holding `before`, each stopped by `sig` at a random
// moment between its start and 1.3 times its usual length; checks each outcome.
Outcomes stop_saves(int sig, int runs, const RunOutcome& next, const std::vector<char>& before) {
  const ScratchDir dir;
  const fs::path path = dir / "model.rgm";
  const ModelInfo info = model_info(next, builtin(), split());
  save_model(dir / "expected.rgm", *next.model, info);
  const std::vector<char> after = read_bytes(dir / "expected.rgm");
  fs::remove(dir / "expected.rgm");
  const auto span = save_time(path, next, info) * 13 / 10;
  std::mt19937 rng(static_cast<unsigned>(sig) * 7919u);
  std::uniform_int_distribution<long> delay(0, span.count());
  Outcomes seen;
  for (int r = 0; r < runs; ++r) {
    write_bytes(path, before);
    {
      Child child([&] { save_model(path, *next.model, info); });
      child.signal_after(microseconds(delay(rng)), sig);
      child.wait();
    }
    const std::vector<char> now = read_bytes(path);
    CAPTURE(r);
    REQUIRE((now == before || now == after));
    if (now == after) {
      CHECK(load_model(path).type() == next.model->name());
      ++seen.new_file;
    } else {
      ++seen.old_file;
    }
    if (dir.entries().size() > 1) ++seen.temps_left;
    remove_stale_temps(path);  // what the next save does first
    REQUIRE(dir.entries() == std::vector<std::string>{"model.rgm"});
  }
  return seen;
}

}  // namespace

TEST_CASE("a save killed at a random moment leaves the old file or the whole new one, never a mix") {
  const ScratchDir dir;
  const std::vector<char> before = read_bytes(saved_file(dir, "lmf"));
  const Outcomes seen = stop_saves(SIGKILL, 150, trained("bpr"), before);
  MESSAGE("SIGKILL: old file " << seen.old_file << ", new file " << seen.new_file << ", temporary files left "
                               << seen.temps_left);
  // The kills spanned the save: some before the rename, some after.
  CHECK(seen.old_file > 0);
  CHECK(seen.new_file > 0);
}

TEST_CASE("a save stopped by SIGTERM or SIGINT at a random moment leaves no temporary file") {
  const ScratchDir dir;
  const std::vector<char> before = read_bytes(saved_file(dir, "lmf"));
  for (const int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    const Outcomes seen = stop_saves(sig, 60, trained("bpr"), before);
    MESSAGE("signal " << sig << ": old file " << seen.old_file << ", new file " << seen.new_file
                      << ", temporary files left " << seen.temps_left);
    CHECK(seen.temps_left == 0);
    CHECK(seen.old_file > 0);
    CHECK(seen.new_file > 0);
  }
}

TEST_CASE("a training run killed while it logs leaves the earlier runs' lines intact, and the next run reads") {
  const ScratchDir dir;
  const fs::path path = dir / "train.log";
  {
    TrainingLogWriter first(path, {{"model", "lmf"}, {"run", 1}});
    first(EpochRecord{.epoch = 1, .train_loss = 0.5});
  }
  std::mt19937 rng(11);
  std::uniform_int_distribution<long> delay(0, 3000);
  int torn = 0;
  for (int r = 0; r < 100; ++r) {
    const std::vector<char> before = read_bytes(path);
    {
      Child child([&] {
        TrainingLogWriter log(path, {{"model", "lmf"}, {"run", r + 2}});
        for (std::int64_t e = 1; e <= 2000; ++e) log(EpochRecord{.epoch = e, .train_loss = 1.0 / static_cast<double>(e)});
      });
      child.signal_after(microseconds(delay(rng)), SIGKILL);
      child.wait();
    }
    const std::vector<char> now = read_bytes(path);
    CAPTURE(r);
    REQUIRE(now.size() >= before.size());
    REQUIRE(std::equal(before.begin(), before.end(), now.begin()));
    if (now.back() != '\n') ++torn;  // a write the kill stopped part-way
    // The next run appends after whatever the killed one left, and its epochs are what the log reads.
    {
      TrainingLogWriter next(path, {{"model", "lmf"}, {"run", "after"}});
      next(EpochRecord{.epoch = 7, .train_loss = 0.25});
    }
    const TrainingLog log = read_training_log(path);
    REQUIRE(log.epochs.size() == 1);
    CHECK(log.epochs[0].epoch == 7);
  }
  MESSAGE("training log: " << torn << " of 100 kills left a torn last line");
}
