// `generate --profile ml-latest` writes MovieLens latest-small's shape; the profile fixes
// the shape, so shape options beside it are refused, as is an unknown profile.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("generate --profile ml-latest writes latest-small's shape and refuses shape options beside it") {
  const ScratchDir dir;
  const std::string out = (dir / "latest").string();
  const Result r = run_recgrad("generate --json --profile ml-latest --seed 4 --out " + out);
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out).at("rows") == 100836);
  const Result info = run_recgrad("data-info --json --data " + out);
  REQUIRE(info.status == 0);
  CHECK(info.out.find("\"users\": 610") != std::string::npos);

  const Result both = run_recgrad("generate --profile ml-latest --users 50 --out " + (dir / "x").string());
  CHECK(both.status != 0);
  CHECK(both.err.find("--users") != std::string::npos);
  const Result unknown = run_recgrad("generate --profile ml-huge --out " + (dir / "y").string());
  CHECK(unknown.status != 0);
  CHECK(unknown.err.find("ml-huge") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x"));
  CHECK_FALSE(std::filesystem::exists(dir / "y"));
}
