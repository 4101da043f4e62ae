// Test names ctest can carry. doctest_discover_tests hands each TEST_CASE's name to CMake
// as an element of a list: a ';' splits one test into two whose filters match nothing, so
// both "pass" having run nothing, and an unbalanced '[' or ']' joins names. Such a test
// never runs, silently; this refuses the characters in every test's name.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("no test's name holds a character that would keep ctest from running it") {
  const std::regex test_case(R"re(TEST_CASE\("((?:[^"\\]|\\.)*)")re");
  int names = 0;
  for (const auto& e : fs::recursive_directory_iterator("tests")) {
    if (!e.is_regular_file() || e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator m(source.begin(), source.end(), test_case), end; m != end; ++m) {
      const std::string name = (*m)[1];
      ++names;
      INFO(e.path().string() << ": \"" << name << "\"");
      CHECK(name.find_first_of(";[]") == std::string::npos);
    }
  }
  CHECK(names > 300);  // the walk found the tests (run from the project folder)
}
