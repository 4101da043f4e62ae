// What every harness shares: a scratch folder for the files a loader reads (the loaders
// take paths, so the input is written to a file on tmpfs first), splitting one input into
// the several files of a data layout, and the rule for what a harness may see thrown.
//
// A harness calls the library's public entry and lets `expect_clean_errors` run it: an
// error the library reports on purpose (std::runtime_error, its subclasses DataError and
// ModelFileError, or std::invalid_argument) with a message is a correct answer to bad
// input; any other exception (std::out_of_range from an unchecked .at(), nlohmann's
// json errors leaking out, an empty message) is a finding, reported by aborting so that
// libFuzzer saves the input. Crashes, sanitizer reports, leaks, timeouts and memory over
// -rss_limit_mb are findings by libFuzzer's own rules.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace recgrad::fuzz {

// This process's scratch folder, on /dev/shm when there is one (no disk writes per run),
// emptied by `fresh_scratch` before each input and removed at exit.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
            ? std::filesystem::path("/dev/shm")
            : std::filesystem::temp_directory_path();
    std::string pattern = (base / "recgrad-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("recgrad fuzz: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch(), ignored);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

// The scratch folder with nothing in it: no file of the previous input survives into this one.
inline const std::filesystem::path& fresh_scratch() {
  const auto& dir = scratch();
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) std::filesystem::remove_all(e.path(), ec);
  return dir;
}

inline std::filesystem::path write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "recgrad fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

// The line that separates the files of one input ("u.data\n##\nu.item\n##\nu.user").
inline constexpr std::string_view kPartSeparator = "\n##\n";

// Splits an input into at most `n` parts at kPartSeparator (the last part keeps any further
// separators). Fewer parts than `n` means the later files are missing, which the loaders
// must report too.
inline std::vector<std::string_view> split_parts(const std::uint8_t* data, std::size_t size, std::size_t n) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    const std::size_t at = rest.find(kPartSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kPartSeparator.size());
  }
  parts.push_back(rest);
  return parts;
}

// Writes parts[i] to dir/names[i] for the parts there are.
inline void write_parts(const std::filesystem::path& dir, const std::vector<std::string_view>& parts,
                        std::initializer_list<const char*> names) {
  std::size_t i = 0;
  for (const char* name : names) {
    if (i == parts.size()) break;
    write_file(dir / name, parts[i++]);
  }
}

[[noreturn]] inline void finding(const char* what, const char* message) {
  std::fprintf(stderr, "recgrad fuzz: finding: %s: %s\n", what, message);
  std::abort();
}

// Runs `body`; the library's deliberate errors pass, anything else aborts (see above).
template <class Body>
void expect_clean_errors(Body&& body) {
  try {
    body();
  } catch (const std::invalid_argument& e) {
    if (*e.what() == '\0') finding("std::invalid_argument without a message", "");
  } catch (const std::runtime_error& e) {
    if (*e.what() == '\0') finding(typeid(e).name(), "thrown without a message");
  } catch (const std::exception& e) {
    finding(typeid(e).name(), e.what());
  }
}

}  // namespace recgrad::fuzz
