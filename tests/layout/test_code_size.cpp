// The size rules of our code, checked rather than hoped for: no source file over 400
// lines and no function over 80 (README, "How we like the code"). Functions are found by
// their braces: a block that opens at namespace or class scope and is not a type, a
// namespace or a brace-initialised table. Comments and string literals are skipped.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int kMaxFileLines = 400;
constexpr int kMaxFunctionLines = 80;

const char* const kFolders[] = {"autodiff", "bench", "cli",    "data",     "evaluation", "examples", "export",
                                "io",       "layers", "models", "optim", "retrieval",  "tests",    "training"};

std::vector<fs::path> sources() {
  std::vector<fs::path> out;
  for (const char* folder : kFolders)
    for (const auto& e : fs::recursive_directory_iterator(folder))
      if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp"))
        out.push_back(e.path());
  return out;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The line without its // comment and with string and character literals emptied.
std::string code_of(const std::string& line) {
  static const std::regex literal(R"("(\\.|[^"\\])*"|'(\\.|[^'\\])*')");
  std::string code = std::regex_replace(line, literal, "\"\"");
  if (const auto comment = code.find("//"); comment != std::string::npos) code.erase(comment);
  return code;
}

enum class Block { Scope, Table, Body };

// What a brace opens, judged by the code before it on its line.
Block kind_of(const std::string& before) {
  static const std::regex scope(R"(\b(namespace|class|struct|union|enum)\b[^;()]*$|^\s*$)");
  static const std::regex table(R"((=|\[\]|return|,|\()\s*$)");
  if (std::regex_search(before, table)) return Block::Table;
  if (std::regex_search(before, scope)) return Block::Scope;
  return Block::Body;
}

struct Function {
  int first_line, length;
};

// Function bodies (blocks opened directly inside scopes) and their lengths in lines.
std::vector<Function> functions_of(const std::vector<std::string>& lines) {
  struct Open {
    Block kind;
    int line;
  };
  std::vector<Open> open;
  std::vector<Function> out;
  std::string previous;
  for (int n = 0; n < static_cast<int>(lines.size()); ++n) {
    const std::string code = code_of(lines[static_cast<std::size_t>(n)]);
    for (std::size_t c = 0; c < code.size(); ++c) {
      if (code[c] == '{') {
        std::string before = code.substr(0, c);
        if (before.find_first_not_of(" \t") == std::string::npos) before = previous;  // brace on its own line
        const bool nested = !open.empty() && open.back().kind != Block::Scope;
        open.push_back({nested ? Block::Table : kind_of(before), n});
      } else if (code[c] == '}' && !open.empty()) {
        if (open.back().kind == Block::Body) out.push_back({open.back().line + 1, n - open.back().line + 1});
        open.pop_back();
      }
    }
    if (code.find_first_not_of(" \t") != std::string::npos) previous = code;
  }
  return out;
}

}  // namespace

TEST_CASE("the function finder sees functions and leaves tables and scopes alone") {
  const std::vector<std::string> code = {"namespace x {",       "struct S {",       "  int f() {",
                                         "    return 1;",        "  }",              "};",
                                         "const int t[] = {",   "  1, 2,",          "};",
                                         "void g()",            "{",                "  if (true) {",
                                         "  }",                 "}",                "}  // namespace x"};
  const std::vector<Function> found = functions_of(code);
  REQUIRE(found.size() == 2);
  CHECK(found[0].first_line == 3);
  CHECK(found[0].length == 3);
  CHECK(found[1].first_line == 11);
  CHECK(found[1].length == 4);
}

TEST_CASE("no source file is over 400 lines and no function over 80") {
  const std::vector<fs::path> files = sources();
  CHECK(files.size() > 200);  // the walk found the sources (run from the project folder)
  for (const fs::path& file : files) {
    const std::vector<std::string> lines = lines_of(file);
    INFO(file.string());
    CHECK(static_cast<int>(lines.size()) <= kMaxFileLines);
    for (const Function& f : functions_of(lines)) {
      INFO("the function at line " << f.first_line << " has " << f.length << " lines");
      CHECK(f.length <= kMaxFunctionLines);
    }
  }
}
