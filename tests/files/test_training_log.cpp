// Reading `recgrad train --log` files back: a good log gives its epochs and metrics;
// every kind of malformed line is an error naming the file and the line.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "data/line_reader.hpp"
#include "io/training_log.hpp"
#include "support/temp_dir.hpp"

using namespace recgrad;

namespace {

std::string epoch_line(int epoch, double loss, double ndcg) {
  return R"({"epoch":)" + std::to_string(epoch) + R"(,"seconds":0.2,"train_loss":)" + std::to_string(loss) +
         R"(,"validation":{"auc":0.9,"ndcg@10":)" + std::to_string(ndcg) + R"(,"n_eval_users":811}})";
}

// The error reading `text` as a log gives (empty if none).
std::string error_of(const testing::TempDir& dir, const std::string& text) {
  const auto path = dir.write("train.log", text);
  try {
    read_training_log(path);
  } catch (const data::DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// Writes a run of `epochs` epochs (ndcg@10 = run + 0.1 epoch) to `path` as train --log does.
void write_run(const std::filesystem::path& path, int run, int epochs) {
  TrainingLogWriter write(path, {{"model", "lmf"}, {"run_number", run}});
  for (int e = 1; e <= epochs; ++e) {
    EpochRecord epoch{.epoch = e, .train_loss = 1.0 / e, .seconds = 0.25 * e};
    epoch.validation.k = 10;
    epoch.validation.ndcg = run + 0.1 * e;
    epoch.validation.auc = 0.8;
    write(epoch);
  }
}

TEST_CASE("the writer's lines read back as the epochs it was given, with every validation figure") {
  const testing::TempDir dir;
  const auto path = dir.path() / "written.log";
  write_run(path, 0, 2);
  const TrainingLog log = read_training_log(path);
  CHECK(log.runs == 1);
  REQUIRE(log.epochs.size() == 2);
  CHECK(log.epochs[1].epoch == 2);
  CHECK(log.epochs[1].train_loss == doctest::Approx(0.5));
  CHECK(log.epochs[1].seconds == doctest::Approx(0.5));
  CHECK(log.metric("ndcg@10") == std::vector<double>{0.1, 0.2});
  CHECK(log.metric("auc") == std::vector<double>{0.8, 0.8});
  CHECK_THROWS_AS(TrainingLogWriter(dir.path() / "no-such-dir" / "x.log", {}), std::runtime_error);
  CHECK_THROWS_WITH_AS(TrainingLogWriter(dir.path(), {}), doctest::Contains("a directory"), std::runtime_error);
}

TEST_CASE("a log is never truncated: each run appends after a header, and reading gives the last run") {
  const testing::TempDir dir;
  const auto path = dir.path() / "two.log";
  write_run(path, 1, 3);
  write_run(path, 2, 2);
  const TrainingLog log = read_training_log(path);
  CHECK(log.runs == 2);
  CHECK(log.metric("ndcg@10") == std::vector<double>{2.1, 2.2});
  // Both runs are in the file, each under its header.
  const std::string text = testing::read_text(path);
  CHECK(text.find(R"({"run":{"model":"lmf","run_number":1}})") == 0);
  CHECK(text.find(R"({"run":{"model":"lmf","run_number":2}})") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2 + 3 + 2);
}

TEST_CASE("a training log as train --log writes it: epochs, loss and the validation metrics") {
  const testing::TempDir dir;
  const auto path = dir.write("train.log", epoch_line(1, 0.5, 0.1) + "\n" + epoch_line(2, 0.4, 0.15) + "\n\n" +
                                               epoch_line(3, 0.35, 0.14) + "\n");
  const TrainingLog log = read_training_log(path);
  REQUIRE(log.epochs.size() == 3);
  CHECK(log.epochs[1].epoch == 2);
  CHECK(log.epochs[1].train_loss == doctest::Approx(0.4));
  CHECK(log.epochs[2].line == 4);  // the blank line is skipped but counted
  CHECK(log.epochs[0].validation.contains("auc"));
  CHECK_FALSE(log.epochs[0].validation.contains("n_eval_users"));  // a count, not a metric
  const std::vector<double> ndcg = log.metric("ndcg@10");
  REQUIRE(ndcg.size() == 3);
  CHECK(ndcg[1] == doctest::Approx(0.15));
}

TEST_CASE("malformed log lines are errors naming the file and the line") {
  const testing::TempDir dir;
  const std::string good = epoch_line(1, 0.5, 0.1) + "\n";
  const std::string where = (dir / "train.log").string();

  SUBCASE("not JSON (a line cut short)") {
    const std::string e = error_of(dir, good + R"({"epoch":2,"train_lo)" + "\n");
    CHECK(e.find(where + ":2: ") == 0);
    CHECK(e.find("not JSON") != std::string::npos);
  }
  SUBCASE("a JSON value that is not an object") {
    CHECK(error_of(dir, good + epoch_line(2, 0.4, 0.2) + "\n[1, 2]\n").find(where + ":3: ") == 0);
  }
  SUBCASE("train_loss missing or not a number") {
    const std::string e = error_of(dir, good + R"({"epoch":2,"train_loss":"x","validation":{}})" + "\n");
    CHECK(e.find(where + ":2: ") == 0);
    CHECK(e.find("\"train_loss\"") != std::string::npos);
  }
  SUBCASE("epoch missing or fractional") {
    CHECK(error_of(dir, R"({"epoch":1.5,"train_loss":0.1,"validation":{}})").find(where + ":1: ") == 0);
    CHECK(error_of(dir, R"({"train_loss":0.1,"validation":{}})").find(where + ":1: ") == 0);
  }
  SUBCASE("validation missing") {
    CHECK(error_of(dir, good + "\n" + R"({"epoch":2,"train_loss":0.1})").find(where + ":3: ") == 0);
  }
  SUBCASE("epochs that do not increase (two runs in one file)") {
    const std::string e = error_of(dir, good + epoch_line(2, 0.4, 0.2) + "\n" + good);
    CHECK(e.find(where + ":3: ") == 0);
    CHECK(e.find("follows epoch 2") != std::string::npos);
  }
  SUBCASE("an empty file") {
    CHECK(error_of(dir, "\n").find("end of file") != std::string::npos);
  }
}

TEST_CASE("a metric the log does not have is an error naming the line and the metrics it has") {
  const testing::TempDir dir;
  const TrainingLog log = read_training_log(dir.write("train.log", epoch_line(1, 0.5, 0.1) + "\n"));
  try {
    log.metric("rmse");
    FAIL("no error for a missing metric");
  } catch (const data::DataError& e) {
    const std::string what = e.what();
    CHECK(what.find((dir / "train.log").string() + ":1: ") == 0);
    CHECK(what.find("'rmse'") != std::string::npos);
    CHECK(what.find("auc, ndcg@10") != std::string::npos);
  }
  CHECK_THROWS_AS(read_training_log(dir / "no-such.log"), data::DataError);
}

TEST_CASE("a run killed mid-line leaves the log readable: the next run starts a line of its own and is read") {
  const testing::TempDir dir;
  const auto path = dir.write("killed.log", R"({"run":{"model":"lmf"}})" "\n" + epoch_line(1, 0.5, 0.1) + "\n" +
                                                R"({"epoch":2,"train_lo)");
  // Read as it stands, the torn line is the last run's: an error naming it.
  CHECK_THROWS_WITH_AS(read_training_log(path), doctest::Contains("killed.log:3: "), data::DataError);
  write_run(path, 2, 2);
  const std::string text = testing::read_text(path);
  CHECK(text.find(R"({"epoch":2,"train_lo)" "\n" R"({"run":{"model":"lmf","run_number":2}})") != std::string::npos);
  const TrainingLog log = read_training_log(path);
  CHECK(log.runs == 2);
  CHECK(log.metric("ndcg@10") == std::vector<double>{2.1, 2.2});
  // An error in an earlier run is no longer read; one in the last run still is.
  write_run(path, 3, 1);
  std::ofstream(path, std::ios::app) << "[1, 2]\n";
  CHECK_THROWS_WITH_AS(read_training_log(path), doctest::Contains("killed.log:9: "), data::DataError);
}
