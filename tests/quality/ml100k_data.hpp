// MovieLens 100K for the quality-floor tests, read from RECGRAD_ML100K. The data
// cannot be shipped (licence): with the variable unset the tests are skipped with a
// message; set to a folder without the data, they fail.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "data/load.hpp"

namespace recgrad::testing {

// The data set, or null when the variable is unset. A set variable naming a folder
// without u.data fails the calling test.
inline const data::Dataset* ml100k() {
  static const char* dir = std::getenv("RECGRAD_ML100K");
  if (dir == nullptr) return nullptr;
  static const data::Dataset ds = [] {
    REQUIRE_MESSAGE(std::filesystem::exists(std::filesystem::path(dir) / "u.data"),
                    "RECGRAD_ML100K=" << dir << " has no u.data");
    return data::load_dataset({.path = dir, .format = "ml100k"});
  }();
  return &ds;
}

}  // namespace recgrad::testing

#define SKIP_WITHOUT_ML100K()                                                   \
  if (recgrad::testing::ml100k() == nullptr) {                                  \
    MESSAGE("RECGRAD_ML100K is not set: MovieLens 100K quality floors skipped"); \
    return;                                                                     \
  }
