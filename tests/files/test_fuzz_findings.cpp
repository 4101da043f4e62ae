// Inputs the fuzz harnesses (fuzz/, docs/reliability.md) found mishandled, kept as tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "data/line_reader.hpp"
#include "files_test_util.hpp"
#include "io/training_log.hpp"

using namespace files_test;

namespace {

// `bytes` with the first `from` replaced by `to` (the same length) and the checksum redone.
std::vector<char> edited(std::vector<char> bytes, const std::string& from, const std::string& to) {
  REQUIRE(from.size() == to.size());
  const auto at = std::search(bytes.begin(), bytes.end(), from.begin(), from.end());
  REQUIRE(at != bytes.end());
  std::copy(to.begin(), to.end(), at);
  reseal(bytes);
  return bytes;
}

}  // namespace

TEST_CASE("a model file whose integer settings are out of their type's range is refused, not converted") {
  // fuzz_model_file: "seed": 92233720368547758070, a number beyond 64 bits that JSON keeps as
  // a double, was converted to an unsigned integer: undefined behaviour, which UBSan (make asan)
  // stops at; without it the conversion went unnoticed before the integer check.
  const ScratchDir dir;
  TinyLmf tiny;
  tiny.info.training.seed = 10000000000000000000u;
  tiny.info.training.epochs_done = 1000000000000000000;
  const auto path = dir / "tiny.rgm";
  save_model(path, *tiny.model, tiny.info);
  const std::vector<char> good = read_bytes(path);
  const std::string huge = load_error(path, edited(good, "\"seed\":10000000000000000000", "\"seed\":99999999999999999999"));
  CHECK(huge.find("'seed' is not an integer") != std::string::npos);
  CHECK(huge.find(path.string()) != std::string::npos);
  const std::string wide =
      load_error(path, edited(good, "\"epochs_done\":1000000000000000000", "\"epochs_done\":9999999999999999999"));
  CHECK(wide.find("'epochs_done' is out of range") != std::string::npos);
}

TEST_CASE("a training log line with a number too large for a double is an error naming the line") {
  // fuzz_training_log: 7.7e375 made nlohmann's parser throw out_of_range, which escaped the
  // reader as a foreign exception instead of a DataError.
  const ScratchDir dir;
  const auto path = dir.write("train.log", R"({"run": {"model": "lmf"}})"
                                           "\n"
                                           R"({"epoch": 1, "train_loss": 7.7e375, "validation": {}})"
                                           "\n");
  CHECK_THROWS_WITH_AS(read_training_log(path), doctest::Contains("train.log:2: "), data::DataError);
  const auto header = dir.write("header.log", R"({"run": 7.7e375})"
                                              "\n");
  CHECK_THROWS_WITH_AS(read_training_log(header), doctest::Contains("header.log:1: "), data::DataError);
}
