// MovieLens 1M: users.dat "UserID::Gender::Age::Occupation::Zip-code" (age and
// occupation are codes), movies.dat "MovieID::Title::Genres" with genres "A|B",
// ratings.dat "UserID::MovieID::Rating::Timestamp". Latin-1 text.
#include "data/movielens.hpp"
#include "data/movielens_parts.hpp"

namespace recgrad::data {

namespace {

constexpr const char* kLayout = "MovieLens 1M";

// Occupation codes 0..20, as the ML-1M README lists them.
const std::vector<std::string> kOccupations = {
    "other",          "academic/educator",    "artist",        "clerical/admin",
    "college/grad student", "customer service", "doctor/health care", "executive/managerial",
    "farmer",         "homemaker",            "K-12 student",  "lawyer",
    "programmer",     "retired",              "sales/marketing", "scientist",
    "self-employed",  "technician/engineer",  "tradesman/craftsman", "unemployed",
    "writer"};

void read_users(const std::filesystem::path& path, Dataset& ds, FeatureBuilder& users) {
  const auto fields = movielens::add_user_fields(users, kOccupations);
  LineReader reader(path);
  movielens::for_each_record(reader, "::", 5, "5 fields \"UserID::Gender::Age::Occupation::Zip-code\"",
                             [&](std::span<const std::string_view> f) {
    const std::int32_t row = movielens::declare_id(ds.users, f[0], reader, "user");
    if (f[1] != "M" && f[1] != "F") reader.fail("gender \"M\" or \"F\" in field 2");
    int age = 0;
    if (!parse_number(f[2], age) || age < 0) reader.fail("an age code (1, 18, 25, 35, 45, 50, 56) in field 3");
    int occupation = 0;
    if (!parse_number(f[3], occupation) || occupation < 0 ||
        occupation >= static_cast<int>(kOccupations.size()))
      reader.fail("an occupation code 0..20 in field 4");
    movielens::add_user(users, fields, row, age, f[1], kOccupations[static_cast<std::size_t>(occupation)]);
  });
}

void read_items(const std::filesystem::path& path, Dataset& ds, FeatureBuilder& items) {
  const auto fields = movielens::add_item_fields(items, {});
  LineReader reader(path);
  std::vector<std::string_view> genres;
  movielens::for_each_record(reader, "::", 3, "3 fields \"MovieID::Title::Genres\"",
                             [&](std::span<const std::string_view> f) {
    const std::int32_t row = movielens::declare_id(ds.items, f[0], reader, "item");
    ds.item_titles.push_back(latin1_to_utf8(f[1]));
    movielens::split_genre_list(f[2], genres);
    movielens::add_item(items, fields, row, genres, year_from_title(f[1]), ds.report);
  });
}

}  // namespace

Dataset load_movielens_1m(const std::filesystem::path& dir) {
  return movielens::load_layout(dir, {"ml1m", kLayout, "users.dat", "movies.dat", "ratings.dat", "::"},
                                read_users, read_items);
}

}  // namespace recgrad::data
