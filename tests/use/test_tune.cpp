// recgrad tune through the CLI: a JSON line per trial, then the chosen setting with its
// validation figure and its one test; a bad search is refused before any data is read.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("tune runs a grid on validation and tests the chosen setting once") {
  ScratchDir dir;
  const std::string saved = (dir / "chosen.rgm").string();
  const Result r = run_recgrad("tune --model lmf --epochs 2 --search dim=4,8 --search lr=0.05,0.3 --save " + saved);
  REQUIRE(r.status == 0);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 5);
  double best = -1;
  nlohmann::json best_search;
  for (int i = 0; i < 4; ++i) {
    CHECK(lines[i]["trial"] == i + 1);
    CHECK(lines[i]["score"] == lines[i]["validation"]["ndcg@10"]);
    if (lines[i]["score"].get<double>() > best) {
      best = lines[i]["score"];
      best_search = lines[i]["search"];
    }
  }
  const nlohmann::json& result = lines[4];
  CHECK(result["chosen"] == best_search);
  CHECK(result["validation"]["ndcg@10"] == best);
  CHECK(result["settings"]["dim"] == std::stoi(best_search["dim"].get<std::string>()));
  CHECK(result["test"].contains("ndcg@10"));
  CHECK(result["baseline"]["model"] == "pop");
  CHECK(load_model(saved, "lmf").config.dim == result["settings"]["dim"]);
  CHECK(r.err.find("the test part is not read until the end") != std::string::npos);
}

TEST_CASE("tune draws random settings within their ranges") {
  const Result r = run_recgrad("tune --model mf --epochs 2 --random 3 --search lr=5..50 --search dim=4..8");
  REQUIRE(r.status == 0);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 4);
  for (int i = 0; i < 3; ++i) {
    const double lr = std::stod(lines[i]["search"]["lr"].get<std::string>());
    CHECK(lr >= 5);
    CHECK(lr <= 50);
  }
  CHECK(lines[3]["selected_on"].get<std::string>().find("validation rmse") == 0);
}

TEST_CASE("tune refuses a bad search or an option both fixed and searched") {
  const std::pair<const char*, const char*> cases[] = {
      {"--model lmf --search fields=ids", "lmf has no option --fields"},
      {"--model lmf --search dim=0,4", "--dim: got 0"},
      {"--model lmf --search lr=0.01..1", "a grid tries listed values"},
      {"--model lmf --dim 8 --search dim=4,8", "--dim is both fixed and searched"},
      {"--model lmf", "--search is required"}};
  for (const auto& [args, message] : cases) {
    const std::string arguments = args;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(arguments);
    const Result r = run_recgrad(std::string("tune ") + args);
    CHECK(r.status != 0);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(r.out.empty());
  }
}
