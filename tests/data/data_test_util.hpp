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

namespace recgrad::data::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "recgrad-data-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` byte for byte to DIR/name and returns the full path.
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return file;
  }

 private:
  std::filesystem::path path_;
};

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
