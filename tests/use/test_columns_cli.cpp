// --columns and columns by header name through the CLI: data-info says which field held
// what and which were not read; train reads a log whose header puts the item first; a
// format whose columns are fixed refuses --columns.
#include <doctest/doctest.h>

#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("data-info and train read the columns the header names, and --columns where it names them otherwise") {
  const ScratchDir dir;
  std::string log = "movieId,userId,rating,note\n";
  for (int u = 1; u <= 40; ++u)
    for (int i = 1; i <= 12; ++i) log += std::to_string(100 + (u * i) % 30) + "," + std::to_string(u) + ",4,x\n";
  const std::string file = dir.write("log.csv", log).string();
  Result r = run_recgrad("data-info --data " + file);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("users 40,") != std::string::npos);
  CHECK(r.out.find("columns: user=userId (field 2), item=movieId (field 1), rating=rating (field 3)") !=
        std::string::npos);
  CHECK(r.out.find("columns not read: note") != std::string::npos);

  r = run_recgrad("data-info --data " + file + " --columns user=movieId,item=userId");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("items 40,") != std::string::npos);

  r = run_recgrad("train --quiet --model lmf --epochs 1 --dim 4 --show 0 --data " + file);
  CHECK(r.status == 0);

  r = run_recgrad("data-info --data " + file + " --columns user=userId,item=film");
  CHECK(r.status != 0);
  CHECK(r.err.find("--columns item=film to name a column of the header") != std::string::npos);
}

TEST_CASE("--columns is refused for formats whose columns are fixed, and when malformed") {
  Result r = run_recgrad("data-info --format builtin --columns user=1,item=2");
  CHECK(r.status != 0);
  CHECK(r.err.find("--columns names the columns of an interactions file; the builtin format's columns are fixed") !=
        std::string::npos);
  r = run_recgrad("data-info --columns owner=1");
  CHECK(r.status != 0);
  CHECK(r.err.find("--columns: expected role=column pairs") != std::string::npos);
}
