// The commands never lose a file the user had: an output that is one of the inputs is
// refused before any work (the input intact, exit not 0); --save where a directory
// stands is refused before training; /dev/null stays a device; a log is appended to; a
// file size limit fails the save with an error, not a signal.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

// A small ratings file of the built-in data's shape: user,item,rating,timestamp.
std::filesystem::path ratings_file(const ScratchDir& dir) {
  std::string text;
  for (int u = 1; u <= 30; ++u)
    for (int i = 1; i <= 20; ++i)
      if ((u * 7 + i * 3) % 4 != 0) text += std::to_string(u) + "," + std::to_string(i) + "," +
                                             std::to_string(1 + (u + i) % 5) + "," + std::to_string(u * 100 + i) + "\n";
  return dir.write("ratings.csv", text);
}

}  // namespace

TEST_CASE("train refuses --save or --log over its --data or --resume file, before any work, keeping them") {
  const ScratchDir dir;
  const std::filesystem::path data = ratings_file(dir);
  const std::string before = read_text(data);
  for (const std::string output : {"--save", "--log"}) {
    CAPTURE(output);
    const Result r = run_recgrad("train --quiet --model lmf --epochs 1 --data " + data.string() + " " + output +
                                 " " + data.string());
    CHECK(r.status != 0);
    CHECK(r.err.find(output + " " + data.string() + " would overwrite --data") != std::string::npos);
    CHECK(r.err.find("train lmf on") == std::string::npos);  // refused before loading or training
    CHECK(read_text(data) == before);
  }
  const std::string model = saved_lmf().path.string();
  const std::string saved_bytes = read_text(model);
  const Result log_over_model = run_recgrad("train --quiet --epochs 1 --resume " + model + " --log " + model);
  CHECK(log_over_model.status != 0);
  CHECK(log_over_model.err.find("would overwrite --resume") != std::string::npos);
  CHECK(read_text(model) == saved_bytes);
}

TEST_CASE("train --resume without --save is refused before training: its epochs would be thrown away") {
  const std::string model = saved_lmf().path.string();
  const std::string saved_bytes = read_text(model);
  const Result r = run_recgrad("train --quiet --epochs 1 --resume " + model);
  CHECK(r.status != 0);
  CHECK(r.err.find("--resume " + model + ": the epochs it trains are kept only with --save FILE") != std::string::npos);
  CHECK(r.err.find("train lmf on") == std::string::npos);
  CHECK(r.out.empty());
  CHECK(read_text(model) == saved_bytes);
}

TEST_CASE("train refuses --save where a directory stands before training, and one file for --save and --log") {
  const ScratchDir dir;
  std::filesystem::create_directories(dir / "models");
  const Result r = run_recgrad("train --quiet --model lmf --epochs 1 --save " + (dir / "models").string());
  CHECK(r.status != 0);
  CHECK(r.err.find("a directory stands there") != std::string::npos);
  CHECK(r.err.find("train lmf on") == std::string::npos);
  const std::string both = (dir / "both").string();
  const Result same = run_recgrad("train --quiet --model lmf --epochs 1 --save " + both + " --log " + both);
  CHECK(same.status != 0);
  CHECK(!std::filesystem::exists(both));
}

TEST_CASE("recommend --out /dev/null writes through the device and leaves it a device") {
  const Result r = run_recgrad("recommend --model-file " + saved_lmf().path.string() + " --all-users --out /dev/null");
  CHECK(r.status == 0);
  CHECK(std::filesystem::is_character_file("/dev/null"));
  const Result over = run_recgrad("recommend --model-file " + saved_lmf().path.string() + " --all-users --out " +
                                  saved_lmf().path.string());
  CHECK(over.status != 0);
  CHECK(over.err.find("would overwrite --model-file") != std::string::npos);
}

TEST_CASE("train --log appends a run to an existing log rather than truncating it") {
  const ScratchDir dir;
  const std::string log = (dir / "train.log").string();
  REQUIRE(run_recgrad("train --quiet --model lmf --epochs 2 --log " + log).status == 0);
  const std::string first = read_text(log);
  REQUIRE(run_recgrad("train --quiet --model lmf --epochs 1 --log " + log).status == 0);
  const std::string both = read_text(log);
  CHECK(both.rfind(first, 0) == 0);  // the first run is still there, unchanged
  CHECK(both.size() > first.size());
  CHECK(both.find(R"({"run":{)", first.size()) == first.size());
}

TEST_CASE("under a file size limit a save fails with an error naming the file, and leaves no temporary") {
  const ScratchDir dir;
  const std::filesystem::path model = dir / "pop.rgm";
  // The limit is the test's own while recgrad runs (a child inherits it), with SIGXFSZ at
  // its default: what a shell's `ulimit -f` gives recgrad.
  std::signal(SIGXFSZ, SIG_DFL);
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  rlimit small = saved;
  small.rlim_cur = 2048;  // the error message fits; the model file (1 700 items' counts) does not
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  const Result r = run_recgrad("train --model pop --save " + model.string());
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
  CHECK(r.status == 1);
  CHECK(r.err.find(model.string()) != std::string::npos);
  CHECK(r.err.find("File too large") != std::string::npos);
  CHECK(dir.entries().empty());
}
