// Helpers for the loader tests: small data files written into a fresh temporary
// directory (removed again at the end of the test), and error-message checks.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "data/line_reader.hpp"
#include "support/temp_dir.hpp"

namespace recgrad::data::testing {

using recgrad::testing::TempDir;

// Runs `load`, requires a DataError, and requires each of `parts` in its message.
inline std::string require_data_error(const std::function<void()>& load,
                                      std::initializer_list<std::string_view> parts) {
  std::string message;
  try {
    load();
  } catch (const DataError& e) {
    message = e.what();
  }
  REQUIRE_MESSAGE(!message.empty(), "expected a DataError");
  for (const auto part : parts)
    CHECK_MESSAGE(message.find(part) != std::string::npos, "\"" << part << "\" not in: " << message);
  return message;
}

}  // namespace recgrad::data::testing
