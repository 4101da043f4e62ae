// The real MovieLens 100K, when RECGRAD_ML100K points at it: skipped (with a message)
// when the variable is unset, failed when it is set but the files are not there.
#include <doctest/doctest.h>

#include <cstdlib>
#include <numeric>

#include "data/load.hpp"
#include "data/split.hpp"

using namespace recgrad::data;

TEST_CASE("ML-100K from RECGRAD_ML100K: 943 users, 1682 items, 100000 ratings, u1 = 80000/20000") {
  const char* dir = std::getenv("RECGRAD_ML100K");
  if (dir == nullptr || *dir == '\0') {
    MESSAGE("RECGRAD_ML100K is not set: skipping the real MovieLens 100K checks");
    return;
  }
  const Dataset ds = load_dataset({dir});
  CHECK(ds.format == "ml100k");
  CHECK(ds.num_users() == 943);
  CHECK(ds.num_items() == 1682);
  CHECK(ds.num_interactions() == 100000);
  CHECK(ds.report.duplicates == 0);
  CHECK(ds.item_label(0) == "Toy Story (1995)");
  CHECK(ds.user_features.field("occupation")->count == 21);
  CHECK(ds.item_features.field("genre")->count == 19);
  const double mean = std::accumulate(ds.interactions.ratings.begin(), ds.interactions.ratings.end(), 0.0) /
                      static_cast<double>(ds.num_interactions());
  CHECK(mean == doctest::Approx(3.52986));

  const Split u1 = make_split(ds, {"u1"});
  CHECK(u1.train.size() == 80000);
  CHECK(u1.test.size() == 20000);
  CHECK(u1.validation.empty());
  const Split ua = make_split(ds, {"ua"});
  CHECK(ua.test.size() == 9430);  // 10 ratings per user
  CHECK(ua.train.size() + ua.test.size() == 100000);
  const Split last = make_split(ds, {"last"});
  CHECK(last.test.size() == 943);
  CHECK(last.validation.size() == 943);
}
