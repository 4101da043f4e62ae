// Where each setting came from, as train prints it (defect 12): the command line, the
// model's default, a default that followed another option, a resumed model file, a
// rule of the model's, or the data; in the text line and in --json's "settings_source".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

nlohmann::json sources_of(const std::string& args) {
  const Result r = run_recgrad("train --quiet --json --epochs 1 " + args);
  REQUIRE(r.status == 0);
  const nlohmann::json out = nlohmann::json::parse(r.out);
  REQUIRE(out.contains("settings_source"));
  for (const auto& [name, value] : out["settings"].items()) CHECK(out["settings_source"].contains(name));
  return out["settings_source"];
}

}  // namespace

TEST_CASE("train says which settings were given, which are defaults and which followed --optim") {
  const nlohmann::json s = sources_of("--dim 4 --model mf --optim adam");
  CHECK(s["optim"]["from"] == "command line");
  CHECK(s["dim"]["from"] == "command line");
  CHECK(s["l2"]["from"] == "default");
  CHECK(s["l2"]["why"] == "mf's default");
  CHECK(s["lr"]["from"] == "followed");
  CHECK(s["lr"]["why"] == "adam's default for mf");
  CHECK(s["seed"]["from"] == "default");
  CHECK(s["grad"]["from"] == "default");
  CHECK(sources_of("--dim 4 --model mf --optim adam --lr 0.002 --seed 3")["lr"]["from"] == "command line");

  const Result text = run_recgrad("train --quiet --epochs 1 --dim 4 --model mf --optim adam");
  REQUIRE(text.status == 0);
  CHECK(text.err.find("optim adam (given), lr 0.") != std::string::npos);
  CHECK(text.err.find(" (adam's default for mf)") != std::string::npos);
  CHECK(text.err.find("l2 0.1,") != std::string::npos);  // a default: no mark
}

TEST_CASE("train names the softmax rule that set --negatives") {
  const nlohmann::json s = sources_of("--dim 4 --model softmax --softmax full");
  CHECK(s["negatives"]["from"] == "rule");
  CHECK(s["negatives"]["why"] == "the full softmax draws no negatives");
}

TEST_CASE("a resumed run's settings come from the model file, unless given again") {
  const ScratchDir dir;
  const std::string file = (dir / "mf.rgm").string();
  REQUIRE(run_recgrad("train --quiet --epochs 1 --dim 4 --model mf --save " + file).status == 0);
  const nlohmann::json s = sources_of("--resume " + file + " --seed 5 --save " + (dir / "more.rgm").string());
  CHECK(s["l2"]["from"] == "model file");
  CHECK(s["dim"]["from"] == "model file");
  CHECK(s["lr"]["from"] == "model file");
  CHECK(s["epochs"]["from"] == "command line");
  CHECK(s["seed"]["from"] == "command line");
}

TEST_CASE("a default that followed the data says so, with the reason") {
  const ScratchDir dir;
  const std::string data = (dir / "clicks").string();
  REQUIRE(run_recgrad("generate --out " + data + " --users 300 --items 500 --interactions 10000 --ratings clicks")
              .status == 0);
  const nlohmann::json s = sources_of("--dim 4 --model widedeep --data " + data);
  CHECK(s["positive-rating"]["from"] == "data");
  CHECK(s["positive-rating"]["why"].get<std::string>().find("top quarter") != std::string::npos);
}

TEST_CASE("the settings printed before training are the ones used: a data-derived step is shown, not the default") {
  const ScratchDir dir;
  const std::string data = (dir / "halfstars").string();
  REQUIRE(run_recgrad("generate --out " + data +
                      " --users 300 --items 2000 --interactions 30000 --ratings half-stars --seed 1")
              .status == 0);
  const Result r = run_recgrad("train --quiet --show 0 --epochs 1 --dim 4 --model mf --data " + data);
  REQUIRE(r.status == 0);
  // The one busiest user or item caps plain SGD's step well below mf's 40 on this log.
  CHECK(r.err.find(", lr 40,") == std::string::npos);
  const std::size_t at = r.err.find(", lr ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(r.err.substr(at + 5)) < 40);
  CHECK(r.err.find(" (from the data: 0.36 x ") != std::string::npos);
  CHECK(r.err.find("settings: ") < r.err.find("from the data"));
  CHECK(r.err.find("default from the data") == std::string::npos);  // said once, in the settings line
}
