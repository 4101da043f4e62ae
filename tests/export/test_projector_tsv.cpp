// The Embedding Projector's TSV files: row and column counts, values that read back
// exactly, the header rule (two or more columns: a header; one column: none), and tabs
// and line breaks inside titles turned into spaces so they cannot add columns or rows.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/text.hpp"
#include "export/projector_tsv.hpp"
#include "support/temp_dir.hpp"

using namespace recgrad;

namespace {

std::vector<std::vector<std::string>> read_tsv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, '\t');) fields.push_back(f);
    if (!line.empty() && line.back() == '\t') fields.push_back("");
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_CASE("vectors TSV: one row per vector, one column per dimension, values read back exactly") {
  const testing::TempDir dir;
  const std::vector<float> v = {0.1f,       -2.5f, 1e-7f,   3.0f, 0.33333334f, -0.0f,  //
                                123456.79f, 7.0f,  -1e-30f, 2.0f, 0.5f,        1.0f};
  write_vectors_tsv(dir / "v.tsv", v, 3, 4);
  const auto rows = read_tsv(dir / "v.tsv");
  REQUIRE(rows.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) {
    REQUIRE(rows[r].size() == 4);
    for (std::size_t c = 0; c < 4; ++c) {
      float back = 0;
      REQUIRE(data::parse_number(rows[r][c], back));
      CHECK(back == v[r * 4 + c]);
    }
  }
  CHECK(dir.entries() == std::vector<std::string>{"v.tsv"});  // no temporary file left behind
  CHECK_THROWS_AS(write_vectors_tsv(dir / "w.tsv", v, 5, 4), std::invalid_argument);
}

TEST_CASE("metadata TSV: a header for two columns, titles with tabs and line breaks stay one field") {
  const testing::TempDir dir;
  const std::vector<MetadataColumn> columns = {
      {"title", {"Toy Story (1995)", "Tab\there", "Two\nlines\r\nthree", ""}},
      {"genres", {"Animation|Children's|Comedy", "Drama", "", "Horror"}}};
  write_metadata_tsv(dir / "m.tsv", columns);
  const auto rows = read_tsv(dir / "m.tsv");
  REQUIRE(rows.size() == 5);  // header + 4 items
  CHECK(rows[0] == std::vector<std::string>{"title", "genres"});
  for (const auto& row : rows) CHECK(row.size() == 2);
  CHECK(rows[1][0] == "Toy Story (1995)");
  CHECK(rows[2][0] == "Tab here");
  CHECK(rows[3][0] == "Two lines  three");
  CHECK(rows[3][1] == "");
  CHECK(rows[4] == std::vector<std::string>{"", "Horror"});
  CHECK(tsv_field("a\tb\nc\rd") == "a b c d");
}

TEST_CASE("metadata TSV: a single column has no header row") {
  const testing::TempDir dir;
  const MetadataColumn titles{"title", {"A", "B\tC"}};
  write_metadata_tsv(dir / "m.tsv", {&titles, 1});
  const auto rows = read_tsv(dir / "m.tsv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"A"});
  CHECK(rows[1] == std::vector<std::string>{"B C"});
}

TEST_CASE("metadata TSV refuses columns of different lengths, and no columns") {
  const testing::TempDir dir;
  const std::vector<MetadataColumn> columns = {{"title", {"A", "B"}}, {"genres", {"Drama"}}};
  CHECK_THROWS_WITH_AS(write_metadata_tsv(dir / "m.tsv", columns), doctest::Contains("'genres' has 1"),
                       std::invalid_argument);
  CHECK_THROWS_AS(write_metadata_tsv(dir / "m.tsv", {}), std::invalid_argument);
  CHECK(dir.entries().empty());
}
