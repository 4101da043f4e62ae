// recgrad recommend, end to end: the lists it prints against recommend_top_k on
// the same model and history, the --all-users CSV, unknown ids and the popular-items
// fallback for a user without training history.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "data/load.hpp"
#include "evaluation/metrics.hpp"
#include "retrieval/topk.hpp"
#include "evaluation/evaluate.hpp"
#include "use_test_util.hpp"

using namespace use_test;

namespace {

const std::vector<TopK>& expected_lists() {
  static const std::vector<TopK> lists = [] {
    const data::UserItems history = non_test_history(builtin(), split());
    return recommend_top_k(score_source(*saved_lmf().run.model), history, {.k = 10});
  }();
  return lists;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("recommend lists k distinct unseen items, best first, as recommend_top_k does") {
  const SavedLmf& m = saved_lmf();
  const data::UserItems history = non_test_history(builtin(), split());
  for (const std::int32_t u : {0, 17, 503}) {
    const std::string raw = builtin().users.raw(u);
    const Result r = run_recgrad("recommend --model-file " + m.path.string() + " --user " + raw + " --k 10 --json");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["fallback"].is_null());
    CHECK(j["seen_items"] == history.of(u).size());
    const auto& items = j["items"];
    REQUIRE(items.size() == 10);
    const TopK& want = expected_lists()[static_cast<std::size_t>(u)];
    std::set<std::string> distinct;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item = items[i]["item"];
      const std::int32_t index = *builtin().items.find(item);
      distinct.insert(item);
      CHECK_FALSE(history.contains(u, index));
      CHECK(items[i]["rank"] == i + 1);
      CHECK(index == want.items[i]);
      // One user's row and a block of 64 go through different kernel paths: same
      // order, scores equal up to float rounding.
      CHECK(items[i]["score"].get<float>() == doctest::Approx(want.scores[i]).epsilon(1e-5));
      if (i > 0) {
        const float prev = items[i - 1]["score"].get<float>(), cur = items[i]["score"].get<float>();
        CHECK(prev >= cur);
        if (prev == cur) CHECK(*builtin().items.find(items[i - 1]["item"].get<std::string>()) < index);
      }
    }
    CHECK(distinct.size() == 10);
  }
}

TEST_CASE("recommend --include-seen ranks every item, seen ones included") {
  const SavedLmf& m = saved_lmf();
  const std::int32_t u = 3;
  std::vector<float> scores(static_cast<std::size_t>(builtin().num_items()));
  m.run.model->score_users(u, 1, scores);
  const TopK want = top_k(scores, 50);
  const Result r = run_recgrad("recommend --model-file " + m.path.string() + " --user " + builtin().users.raw(u) +
                               " --k 50 --include-seen --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j["items"].size() == 50);
  const data::UserItems history = non_test_history(builtin(), split());
  int seen = 0;
  for (std::size_t i = 0; i < 50; ++i) {
    const std::int32_t index = *builtin().items.find(j["items"][i]["item"].get<std::string>());
    CHECK(index == want.items[i]);
    seen += history.contains(u, index);
  }
  // A trained model ranks some of the user's own training items near the top.
  CHECK(seen > 0);
}

TEST_CASE("recommend --all-users writes every user's list as CSV with original ids") {
  const SavedLmf& m = saved_lmf();
  ScratchDir dir;
  const auto csv = dir / "lists.csv";
  const Result r = run_recgrad("recommend --model-file " + m.path.string() + " --all-users --k 5 --out " + csv.string());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::vector<std::string> lines = lines_of(read_text(csv));
  REQUIRE(lines.size() == 1 + static_cast<std::size_t>(builtin().num_users()) * 5);
  CHECK(lines[0] == "user,item,rank,score");
  for (const std::int32_t u : {0, 250, builtin().num_users() - 1}) {
    const TopK& want = expected_lists()[static_cast<std::size_t>(u)];
    for (std::int32_t rank = 1; rank <= 5; ++rank) {
      std::stringstream row(lines[1 + static_cast<std::size_t>(u) * 5 + static_cast<std::size_t>(rank - 1)]);
      std::string user, item, rank_text, score;
      std::getline(row, user, ',');
      std::getline(row, item, ',');
      std::getline(row, rank_text, ',');
      std::getline(row, score);
      CHECK(user == builtin().users.raw(u));
      CHECK(item == builtin().items.raw(want.items[static_cast<std::size_t>(rank - 1)]));
      CHECK(rank_text == std::to_string(rank));
      CHECK(std::stof(score) == want.scores[static_cast<std::size_t>(rank - 1)]);
    }
  }
}

TEST_CASE("recommend rejects an unknown user id, naming it, and writes no file") {
  const SavedLmf& m = saved_lmf();
  const Result r = run_recgrad("recommend --model-file " + m.path.string() + " --user no-such-user-42");
  CHECK(r.status != 0);
  CHECK(r.err.find("no-such-user-42") != std::string::npos);
  CHECK(r.out.empty());
  ScratchDir dir;
  const Result both = run_recgrad("recommend --model-file " + m.path.string() + " --user 1 --all-users --out " +
                                  (dir / "x.csv").string());
  CHECK(both.status != 0);
  CHECK_FALSE(std::filesystem::exists(dir / "x.csv"));
}

TEST_CASE("a user without training history gets the popular items, and the output says so") {
  // 20 users with early interactions; user 99's interactions are all later than
  // everyone else's, so the temporal split puts every one of them in the test part.
  ScratchDir dir;
  const auto data_path = dir / "events.csv";
  {
    std::ofstream f(data_path);
    f << "user,item,rating,timestamp\n";
    std::int64_t t = 1000;
    for (int u = 1; u <= 20; ++u)
      for (int i = 1; i <= 30; ++i)
        if ((u * 7 + i * 3) % 5 != 0 && i <= 10 + u) f << u << "," << i << ",4," << t++ << "\n";
    for (int i = 1; i <= 8; ++i) f << 99 << "," << i << ",5," << 1000000 + i << "\n";
  }
  const data::Dataset ds = data::load_dataset({.path = data_path});
  const data::Split sp = data::make_split(ds, {.name = "temporal", .seed = 7});
  const std::int32_t late = *ds.users.find("99");
  const data::UserItems history = non_test_history(ds, sp);
  REQUIRE(history.of(late).empty());
  const RunOutcome run = train_short("lmf", ds, sp);
  const auto model_path = dir / "small.rgm";
  save_model(model_path, *run.model, model_info(run, ds, sp));

  std::vector<std::int32_t> rows = sp.train;
  rows.insert(rows.end(), sp.validation.begin(), sp.validation.end());
  const std::vector<std::int64_t> counts = ds.item_counts(rows);
  const TopK popular = top_k(std::vector<float>(counts.begin(), counts.end()), 5);

  const std::string base = "recommend --model-file " + model_path.string() + " --data " + data_path.string() +
                           " --user 99 --k 5";
  const Result r = run_recgrad(base + " --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["fallback"] == "popular");
  CHECK(j["note"].get<std::string>().find("most popular") != std::string::npos);
  REQUIRE(j["items"].size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(j["items"][i]["item"] == ds.items.raw(popular.items[i]));
    CHECK(j["items"][i]["score"].get<float>() == popular.scores[i]);
  }
  const Result text = run_recgrad(base);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("no training history") != std::string::npos);
  CHECK(text.out.find("most popular") != std::string::npos);

  // A user with history gets model scores, no note.
  const Result normal = run_recgrad(
      "recommend --model-file " + model_path.string() + " --data " + data_path.string() + " --user 5 --k 5 --json");
  REQUIRE(normal.status == 0);
  CHECK(nlohmann::json::parse(normal.out)["fallback"].is_null());
}
