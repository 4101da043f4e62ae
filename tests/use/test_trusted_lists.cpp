// Lists a user can trust (issue 16 item 5): a rating model's scores shown on the rating
// scale with the raw score beside them, each item's support printed, --min-support
// leaving out items with too few training interactions (and refusing to find
// neighbours for one), and `similar` for fm and hybrid, whose item vectors are built
// from features.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "io/model_file.hpp"
#include "use_test_util.hpp"

using namespace use_test;

namespace {

// Generous raters: every rating 5 but those of users 41..60 on items 11..30, so biased MF
// learns raw scores above 5 for the generous users' favourite items.
std::string generous_log() {
  std::string log = "user,item,rating\n";
  for (int u = 1; u <= 60; ++u)
    for (int i = 1; i <= 30; ++i)
      if ((u * 7 + i * 3) % 5 != 0) log += std::to_string(u) + "," + std::to_string(i) + "," + (u <= 40 || i <= 10 ? "5" : "1") + "\n";
  return log;
}

nlohmann::json list_of(const std::string& args) {
  const Result r = run_recgrad(args + " --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return nlohmann::json::parse(r.out);
}

// Each item's interactions in the model file's history (outside the test part).
std::map<std::string, std::int64_t> support_in(const std::string& model_file) {
  const SavedModel saved = load_model(model_file);
  const data::UserItems history = saved.seen_items();
  std::map<std::string, std::int64_t> out;
  for (const std::int32_t i : history.items) ++out[saved.items.raw(i)];
  return out;
}

}  // namespace

TEST_CASE("a rating model's list shows scores clipped to the rating scale and the raw score it is ranked by") {
  const ScratchDir dir;
  const std::string data = dir.write("generous.csv", generous_log()).string();
  const std::string model = (dir / "mf.rgm").string();
  REQUIRE(run_recgrad("train --quiet --model mf --seed 1 --data " + data + " --save " + model).status == 0);
  const nlohmann::json j = list_of("recommend --model-file " + model + " --user 3 --k 30 --include-seen");
  int above = 0;
  double previous_raw = 1e30;
  for (const auto& item : j.at("items")) {
    const double score = item.at("score"), raw = item.at("raw_score");
    CHECK(score >= 1.0);
    CHECK(score <= 5.0);
    CHECK(score == doctest::Approx(std::clamp(raw, 1.0, 5.0)));
    CHECK(raw <= previous_raw);  // ranked by the raw score: clipping ties nothing
    previous_raw = raw;
    above += raw > 5.0;
  }
  CHECK(above > 0);
  // The CSV of every user's list carries both too.
  const std::string csv = (dir / "all.csv").string();
  REQUIRE(run_recgrad("recommend --model-file " + model + " --all-users --out " + csv).status == 0);
  CHECK(read_text(csv).starts_with("user,item,rank,score,raw_score\n"));
}

TEST_CASE("--min-support leaves out items with fewer training interactions and every list prints support") {
  const std::string model = saved_lmf().path.string();
  const std::map<std::string, std::int64_t> support = support_in(model);
  for (const int minimum : {0, 40}) {
    CAPTURE(minimum);
    const nlohmann::json j =
        list_of("recommend --model-file " + model + " --user 7 --k 20 --min-support " + std::to_string(minimum));
    REQUIRE(j.at("items").size() == 20);
    for (const auto& item : j.at("items")) {
      const std::string id = item.at("item");
      const std::int64_t expected = support.contains(id) ? support.at(id) : 0;
      CHECK(item.at("support") == expected);
      CHECK(expected >= minimum);
    }
  }
  // The plain list and the other command carry it too; a negative minimum is refused.
  const Result text = run_recgrad("recommend --model-file " + model + " --user 7 --k 5 --min-support 40");
  CHECK(text.out.find("training interactions left out") != std::string::npos);
  CHECK(run_recgrad("recommend --model-file " + model + " --user 7 --min-support -1").status != 0);
  const auto busiest = std::max_element(support.begin(), support.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
  const nlohmann::json near =
      list_of("similar --model-file " + model + " --item " + busiest->first + " --k 10 --min-support 40");
  CHECK(near.at("items").size() == 10);
  for (const auto& item : near.at("items")) CHECK(item.at("support").get<std::int64_t>() >= 40);
}

TEST_CASE("similar refuses an item below --min-support with the reason and lists it with --min-support 0") {
  const std::string model = saved_lmf().path.string();
  const std::map<std::string, std::int64_t> support = support_in(model);
  const auto rare = std::min_element(support.begin(), support.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  REQUIRE(rare->second < 5);
  const Result refused = run_recgrad("similar --model-file " + model + " --item " + rare->first);
  CHECK(refused.status != 0);
  CHECK(refused.err.find("--min-support") != std::string::npos);
  CHECK(refused.out.empty());
  const nlohmann::json j = list_of("similar --model-file " + model + " --item " + rare->first + " --min-support 0");
  CHECK(j.at("items").size() == 10);
}

TEST_CASE("similar answers for fm and hybrid from their item vectors") {
  const ScratchDir dir;
  for (const char* name : {"fm", "hybrid", "fm-bpr"}) {
    CAPTURE(name);
    const std::string model = (dir / (std::string(name) + ".rgm")).string();
    REQUIRE(run_recgrad("train --quiet --epochs 2 --dim 8 --model " + std::string(name) + " --save " + model).status == 0);
    const nlohmann::json j = list_of("similar --model-file " + model + " --item 5 --k 10 --min-support 0");
    REQUIRE(j.at("items").size() == 10);
    double previous = 2;
    for (const auto& item : j.at("items")) {
      CHECK(item.at("item") != "5");
      const double cosine = item.at("cosine");
      CHECK(cosine <= previous);
      CHECK(cosine >= -1.0);
      previous = cosine;
    }
    CHECK(previous < 1.0);  // not all the same direction: the vectors tell items apart
  }
}
