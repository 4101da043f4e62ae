// Outputs on a full disk: a file size limit (RLIMIT_FSIZE in a child, so a write past it
// fails with EFBIG as a full disk fails with ENOSPC) and /dev/full (ENOSPC on every
// write). A save, a CSV or SVG output and the training log fail with an error naming the
// file; the previous file is left as it was and no temporary file remains.
#include <doctest/doctest.h>

#include <string>

#include "files/child_process.hpp"
#include "files/files_test_util.hpp"
#include "io/atomic_file.hpp"
#include "io/training_log.hpp"

using namespace files_test;
namespace fs = std::filesystem;

namespace {

// Runs `body` in a child whose files may not exceed `limit` bytes; returns its error.
template <class Body>
std::string error_under_limit(rlim_t limit, Body&& body) {
  Child child([&] {
    limit_file_size(limit);
    body();
  });
  const int status = child.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == kChildThrew);
  return child.message();
}

}  // namespace

TEST_CASE("a model save that runs out of room fails naming the file and keeps the previous one") {
  const ScratchDir dir;
  const fs::path path = saved_file(dir, "lmf");
  const std::vector<char> before = read_bytes(path);
  const RunOutcome& next = trained("bpr");
  const ModelInfo info = model_info(next, builtin(), split());
  for (const rlim_t limit : {rlim_t{0}, rlim_t{4096}, static_cast<rlim_t>(before.size() / 2)}) {
    CAPTURE(limit);
    const std::string error = error_under_limit(limit, [&] { save_model(path, *next.model, info); });
    // Named by the file asked for, not by the temporary file it was being written as.
    CHECK(error.rfind(path.string() + ": write failed (any file already there is left as it was): File too large", 0) == 0);
    CHECK(error.find(".tmp-") == std::string::npos);
    CHECK(read_bytes(path) == before);
    CHECK(dir.entries() == std::vector<std::string>{"lmf.rgm"});
  }
}

TEST_CASE("a CSV output that runs out of room fails naming the file and keeps the previous one") {
  const ScratchDir dir;
  const fs::path path = dir.write("top.csv", "user,item\n1,2\n");
  const std::string error = error_under_limit(1024, [&] {
    AtomicFile out(path);
    for (int i = 0; i < 100000; ++i) out.write("42,4242\n");
    out.commit();
  });
  CHECK(error.rfind(path.string() + ": write failed (any file already there is left as it was)", 0) == 0);
  CHECK(error.find(".tmp-") == std::string::npos);
  CHECK(recgrad::testing::read_text(path) == "user,item\n1,2\n");
  CHECK(dir.entries() == std::vector<std::string>{"top.csv"});
}

TEST_CASE("writing to /dev/full fails with ENOSPC naming the device, for a save and for a plain output") {
  const TinyLmf tiny;
  CHECK_THROWS_WITH_AS(save_model("/dev/full", *tiny.model, tiny.info),
                       doctest::Contains("/dev/full: write failed: No space left on device"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      [] {
        AtomicFile out("/dev/full");
        out.write("user,item\n");
        out.commit();
      }(),
      doctest::Contains("/dev/full: write failed: No space left on device"), std::runtime_error);
}

TEST_CASE("a training log that runs out of room fails naming the log and keeps the lines before") {
  const ScratchDir dir;
  const fs::path path = dir / "train.log";
  {
    TrainingLogWriter first(path, {{"model", "lmf"}});
    first(EpochRecord{.epoch = 1, .train_loss = 0.5});
  }
  const std::vector<char> before = read_bytes(path);
  const std::string error = error_under_limit(static_cast<rlim_t>(before.size()) + 300, [&] {
    TrainingLogWriter log(path, {{"model", "lmf"}});
    for (std::int64_t e = 1; e <= 100; ++e) log(EpochRecord{.epoch = e, .train_loss = 0.5});
  });
  CHECK(error.find("cannot append to the training log " + path.string()) != std::string::npos);
  CHECK(error.find("File too large") != std::string::npos);
  const std::vector<char> now = read_bytes(path);
  CHECK(std::equal(before.begin(), before.end(), now.begin()));
  CHECK_THROWS_WITH_AS(
      [] {
        TrainingLogWriter log("/dev/full", {{"model", "lmf"}});
        log(EpochRecord{.epoch = 1});
      }(),
      doctest::Contains("/dev/full: No space left on device"), std::runtime_error);
}
