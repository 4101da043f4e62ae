// IdMap, the line reader and the small text helpers the loaders are built on.
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "data/id_map.hpp"
#include "data/text.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;

TEST_CASE("IdMap round-trips raw ids and indices, integer-like or not") {
  IdMap ids;
  const std::vector<std::string> raw = {"196", "u17", "7", "007", "0", "-3", "12345678901"};
  for (std::size_t k = 0; k < raw.size(); ++k) CHECK(ids.insert(raw[k]) == static_cast<std::int32_t>(k));
  CHECK(ids.size() == 7);
  for (std::size_t k = 0; k < raw.size(); ++k) {
    CHECK(ids.raw(static_cast<std::int32_t>(k)) == raw[k]);
    REQUIRE(ids.find(raw[k]).has_value());
    CHECK(*ids.find(raw[k]) == static_cast<std::int32_t>(k));
    CHECK(ids.insert(raw[k]) == static_cast<std::int32_t>(k));  // no new index for a known id
  }
  CHECK(ids.size() == 7);
  CHECK_FALSE(ids.find("8").has_value());
  CHECK_FALSE(ids.find("70").has_value());
  CHECK_FALSE(ids.find("").has_value());
}

TEST_CASE("IdMap renumbers plain integer ids into numeric order, and only those") {
  IdMap ids;
  for (const char* r : {"30", "4", "100", "17"}) ids.insert(r);
  std::vector<std::int32_t> column = {0, 1, 2, 3, 0};  // "30" "4" "100" "17" "30"
  renumber_numerically(ids, column);
  CHECK(ids.raw(0) == "4");
  CHECK(ids.raw(1) == "17");
  CHECK(ids.raw(2) == "30");
  CHECK(ids.raw(3) == "100");
  CHECK(column == std::vector<std::int32_t>{2, 0, 3, 1, 2});
  CHECK(*ids.find("100") == 3);

  IdMap mixed;
  for (const char* r : {"b", "a", "10"}) mixed.insert(r);
  CHECK(mixed.renumber_numerically().empty());
  CHECK(mixed.raw(0) == "b");
  CHECK(*mixed.find("10") == 2);
}

TEST_CASE("LineReader: CRLF, a missing final newline, and lines longer than its chunk") {
  testing::TempDir dir;
  const std::string long_line(5'000'000, 'x');  // longer than the 4 MiB read chunk
  const auto path = dir.write("lines.txt", "a,b\r\n\r\n" + long_line + "\nlast");
  LineReader reader(path);
  std::string_view line;
  REQUIRE(reader.next(line));
  CHECK(line == "a,b");
  REQUIRE(reader.next(line));
  CHECK(line.empty());
  REQUIRE(reader.next(line));
  CHECK(line.size() == long_line.size());
  CHECK(reader.line_number() == 3);
  REQUIRE(reader.next(line));
  CHECK(line == "last");
  CHECK(reader.line_number() == 4);
  CHECK_FALSE(reader.next(line));
  CHECK(reader.bytes_read() == static_cast<std::int64_t>(std::filesystem::file_size(path)));
}

TEST_CASE("LineReader: a missing file is a DataError naming it") {
  testing::require_data_error([] { LineReader reader("/nonexistent/recgrad/file.csv"); },
                              {"/nonexistent/recgrad/file.csv", "cannot open"});
}

TEST_CASE("split_fields counts every field but stores only what fits, trimmed") {
  std::array<std::string_view, 4> f;
  CHECK(split_fields("1, 2 ,3.5,  99", ",", f) == 4);
  CHECK(f[0] == "1");
  CHECK(f[1] == "2");
  CHECK(f[2] == "3.5");
  CHECK(f[3] == "99");
  CHECK(split_fields("1::2::3", "::", f) == 3);
  CHECK(f[2] == "3");
  CHECK(split_fields("a\tb\tc\td\te\tf", "\t", f) == 6);
  CHECK(split_fields("", ",", f) == 1);
  CHECK(f[0].empty());
}

TEST_CASE("split_csv_quoted handles commas and doubled quotes inside quotes") {
  std::vector<std::string> f;
  REQUIRE(split_csv_quoted(R"x(11,"American President, The (1995)",Comedy|Drama|Romance)x", f));
  REQUIRE(f.size() == 3);
  CHECK(f[1] == "American President, The (1995)");
  REQUIRE(split_csv_quoted(R"x(7,"Say ""Hi"" (2001)",)x", f));
  REQUIRE(f.size() == 3);
  CHECK(f[1] == "Say \"Hi\" (2001)");
  CHECK(f[2].empty());
  CHECK_FALSE(split_csv_quoted(R"x(1,"unterminated,x)x", f));
}

TEST_CASE("parse_number accepts whole numbers only") {
  float r = 0;
  CHECK(parse_number("3.5", r));
  CHECK(r == 3.5f);
  CHECK(parse_number("+4", r));
  CHECK(r == 4.0f);
  CHECK_FALSE(parse_number("3.5x", r));
  CHECK_FALSE(parse_number("", r));
  CHECK_FALSE(parse_number(" 3", r));
  std::int64_t t = 0;
  CHECK(parse_number("881250949", t));
  CHECK(t == 881250949);
  CHECK_FALSE(parse_number("8.5", t));
}

TEST_CASE("Latin-1 becomes UTF-8, years and decades come from titles") {
  CHECK(latin1_to_utf8("Caf\xe9") == "Caf\xc3\xa9");
  CHECK(latin1_to_utf8("plain") == "plain");
  CHECK(year_from_title("Toy Story (1995)") == 1995);
  CHECK(year_from_title("  Heat (1995) ") == 1995);
  CHECK_FALSE(year_from_title("Babylon 5").has_value());
  CHECK_FALSE(year_from_title("Show (2007-)").has_value());
  CHECK(decade_name(1995) == "1990s");
  CHECK(decade_name(2000) == "2000s");
}

TEST_CASE("IdMap: memory follows the ids, not the largest one, and every id keeps one index") {
  IdMap ids;
  const std::int32_t one = ids.insert("1");
  const std::int32_t large = ids.insert("16777215");
  const std::int32_t three = ids.insert("3");
  CHECK(ids.dense_slots() <= (std::size_t{1} << 16));  // not 2^24 slots for one large id
  CHECK(ids.insert("16777215") == large);
  CHECK(ids.find("16777215") == large);
  // Enough ids that the direct array grows past 16777215: the id inserted into the hash
  // map while it did not fit keeps its index.
  for (int i = 10; i < 2'200'000; ++i) ids.insert(std::to_string(i * 8));
  CHECK(ids.dense_slots() > 16777215);
  CHECK(ids.insert("16777215") == large);
  CHECK(ids.find("16777215") == large);
  CHECK(ids.find("1") == one);
  CHECK(ids.find("3") == three);
  CHECK(ids.raw(large) == "16777215");
}
