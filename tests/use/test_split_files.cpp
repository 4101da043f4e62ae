// Splits you can see (issue 16 item 3): `recgrad split --out DIR` writes the parts as CSV
// in the data's own ids, `--split-from DIR` reads them back so that training, selection
// and the test are exactly those of the split they came from, and files that do not fit
// the data are refused with the file named.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

nlohmann::json metrics_of(const std::string& args) {
  const Result r = run_recgrad(args + " --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return nlohmann::json::parse(r.out).at("metrics");
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::vector<std::string> out;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("split --out writes the parts with a header in the data's ids, and --split-from trains on exactly them") {
  const ScratchDir dir;
  const std::string out = (dir / "random").string();
  const Result written = run_recgrad("split --split random --seed 3 --json --out " + out);
  REQUIRE_MESSAGE(written.status == 0, written.err);
  const nlohmann::json info = nlohmann::json::parse(written.out);
  const std::vector<std::string> train = lines_of(dir / "random/train.csv");
  const std::vector<std::string> validation = lines_of(dir / "random/validation.csv");
  const std::vector<std::string> test = lines_of(dir / "random/test.csv");
  CHECK(train.front() == "user,item,rating,timestamp");
  CHECK(train.size() - 1 == info.at("train"));
  CHECK(validation.size() - 1 == info.at("validation"));
  CHECK(test.size() - 1 == info.at("test"));
  CHECK(train.size() + validation.size() + test.size() - 3 == static_cast<std::size_t>(builtin().num_interactions()));
  CHECK(nlohmann::json::parse(read_text(dir / "random/split.json")) == info);
  // random has no validation part of its own: train carves it from train.csv by --seed.
  CHECK(validation.size() == 1);
  CHECK(info.at("validation_from").get<std::string>().find("by its --seed") != std::string::npos);
  // A record names a user and an item of the data by their ids.
  const std::string first = train[1];
  const std::string user = first.substr(0, first.find(','));
  CHECK(builtin().users.find(user).has_value());

  for (const char* model : {"lmf --epochs 2", "mf --epochs 3"}) {  // mf refits on train + validation
    CAPTURE(model);
    const std::string common = std::string("train --quiet --model ") + model + " --dim 8 --seed 3";
    CHECK(metrics_of(common + " --split-from " + out) == metrics_of(common + " --split random"));
  }
  // The model file records the folder: eval finds the same parts and repeats the figures.
  const std::string saved = (dir / "lmf.rgm").string();
  const nlohmann::json trained = metrics_of("train --quiet --model lmf --epochs 2 --dim 8 --seed 3 --split-from " + out +
                                            " --save " + saved);
  CHECK(metrics_of("eval --model-file " + saved) == trained);
}

TEST_CASE("a cold-start split keeps its held-out items in cold_items.csv and trains the same from the files") {
  const ScratchDir dir;
  const std::string out = (dir / "cold").string();
  REQUIRE(run_recgrad("split --split coldstart --seed 1 --out " + out).status == 0);
  const std::vector<std::string> cold = lines_of(dir / "cold/cold_items.csv");
  CHECK(cold.front() == "item");
  CHECK(cold.size() - 1 == 170);  // 10% of the built-in data's 1700 items
  const std::string common = "train --quiet --model hybrid --epochs 1 --dim 8 --seed 1";
  CHECK(metrics_of(common + " --split-from " + out) == metrics_of(common + " --split coldstart"));
}

TEST_CASE("split files that do not fit the data are refused with the file named, and a split is never overwritten") {
  const ScratchDir dir;
  const std::string out = (dir / "s").string();
  REQUIRE(run_recgrad("split --split last --out " + out).status == 0);
  // last's own validation part, the second-to-last interactions: one per user with three or more.
  CHECK(lines_of(dir / "s/validation.csv").size() > 900);
  // Read back, its own validation part included, it trains as the split it was written from.
  const std::string common = "train --quiet --model lmf --epochs 2 --dim 8 --seed 0";
  CHECK(metrics_of(common + " --split-from " + out) == metrics_of(common + " --split last"));
  const std::string before = read_text(dir / "s/train.csv");
  const Result again = run_recgrad("split --split random --out " + out);
  CHECK(again.status != 0);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK(read_text(dir / "s/train.csv") == before);

  auto refused = [&](const std::string& name, const std::string& content, const std::string& expected) {
    const std::filesystem::path copy = dir / name;
    std::filesystem::copy(dir / "s", copy);
    std::ofstream(copy / "test.csv", std::ios::app) << content;
    const Result r = run_recgrad("train --quiet --model lmf --epochs 1 --split-from " + copy.string());
    CHECK(r.status != 0);
    CHECK(r.err.find("test.csv") != std::string::npos);
    CHECK(r.err.find(expected) != std::string::npos);
  };
  refused("unknown", "1,99999,4,1\n", "99999");
  const std::vector<std::string> train = lines_of(dir / "s/train.csv");
  refused("twice", train[1] + "\n", "also in");
  const Result missing = run_recgrad("train --quiet --model lmf --split-from " + (dir / "nowhere").string());
  CHECK(missing.status != 0);
  CHECK(missing.err.find("nowhere") != std::string::npos);
  const Result both = run_recgrad("train --quiet --model lmf --split random --split-from " + out);
  CHECK(both.status != 0);
}
