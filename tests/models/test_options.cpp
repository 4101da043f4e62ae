// Declared options: parsing from the command line's text, ranges and choices, and the
// JSON a model file records them as.
#include <doctest/doctest.h>

#include <stdexcept>

#include "models/common/standard_options.hpp"
#include "models/options.hpp"

using namespace recgrad;

namespace {

std::vector<OptionSpec> declared() {
  return {option::dim(16), option::lr(0.1), option::optim("adam"), option::refit(false), option::metric(),
          {.name = "share", .kind = OptionKind::Real, .fallback = 0.5, .help = "a share", .min = 0, .max = 1},
          {.name = "drop", .kind = OptionKind::Real, .fallback = 0.0, .help = "a probability below 1", .min = 0,
           .max = 1, .below_max = true},
          {.name = "floor", .kind = OptionKind::Real, .fallback = std::string("all"), .help = "a number or none",
           .none_word = "all"}};
}

std::string error_of(Options& o, const std::string& name, const std::string& text) {
  try {
    o.set_text(name, text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("options start at their defaults and take text of their kind") {
  Options o(declared());
  CHECK(o.integer("dim") == 16);
  CHECK(o.text("optim") == "adam");
  CHECK_FALSE(o.flag("refit"));
  o.set_text("dim", "64");
  o.set_text("lr", "1e-3");
  o.set_text("optim", "sgd");
  o.set_text("refit", "yes");
  o.set_text("metric", "hr@5");
  CHECK(o.integer("dim") == 64);
  CHECK(o.real("lr") == 1e-3);
  CHECK(o.text("optim") == "sgd");
  CHECK(o.flag("refit"));
  CHECK(o.text("metric") == "hr@5");
}

TEST_CASE("options refuse text of another kind or outside their range, naming the option and what it takes") {
  Options o(declared());
  CHECK(error_of(o, "dim", "0") == "--dim: got 0, expected a whole number >= 1");
  CHECK(error_of(o, "dim", "8x") == "--dim: got \"8x\", expected a whole number >= 1");
  CHECK(error_of(o, "dim", "") == "--dim: got \"\", expected a whole number >= 1");
  CHECK(error_of(o, "share", "1.5") == "--share: got 1.5, expected a number in [0, 1]");
  CHECK(error_of(o, "share", "inf") == "--share: got inf, expected a number in [0, 1]");
  CHECK(error_of(o, "drop", "1") == "--drop: got 1, expected a number in [0, 1)");
  CHECK(error_of(o, "drop", "0.999").empty());
  CHECK(error_of(o, "share", "1").empty());  // the same bound, included
  CHECK(error_of(o, "floor", "none") == "--floor: got \"none\", expected a number or all");
  CHECK(error_of(o, "share", "all") == "--share: got \"all\", expected a number in [0, 1]");  // no word of its own
  CHECK(error_of(o, "floor", "3.5").empty());
  CHECK(o.real("floor") == 3.5);
  CHECK(error_of(o, "floor", "all").empty());
  CHECK(o.text("floor") == "all");
  CHECK(error_of(o, "optim", "lbfgs") == "--optim: got \"lbfgs\", expected one of sgd, adagrad or adam");
  CHECK(error_of(o, "refit", "true") == "--refit: got \"true\", expected yes or no");
  // A huge value is quoted in part, with its size: one line of stderr, not megabytes.
  const std::string huge = error_of(o, "dim", std::string(1 << 20, '9') + "x");
  CHECK(huge.size() < 200);
  CHECK(huge.find("(1048577 bytes)") != std::string::npos);
  CHECK(o.integer("dim") == 16);  // a refused value changes nothing
  CHECK_THROWS_AS(o.set_text("nothing", "1"), std::out_of_range);
}

TEST_CASE("options survive JSON exactly, and JSON that does not fit the declarations is refused") {
  Options o(declared());
  o.set_text("lr", "0.1234567890123456789");
  o.set_text("share", "1");
  const nlohmann::json j = o.to_json();
  CHECK(Options::from_json(declared(), j).text("floor") == "all");  // the word survives too
  o.set_text("floor", "4");
  const Options back = Options::from_json(declared(), nlohmann::json::parse(j.dump()));
  CHECK(back.real("lr") == o.real("lr"));
  CHECK(back.real("share") == 1.0);  // JSON writes 1.0 as 1: still a real
  CHECK(back.to_json() == j);

  nlohmann::json missing = j;
  missing.erase("dim");
  CHECK_THROWS_WITH_AS(Options::from_json(declared(), missing), "option 'dim' is missing", std::invalid_argument);
  nlohmann::json extra = j;
  extra["colour"] = "red";
  CHECK_THROWS_WITH_AS(Options::from_json(declared(), extra), "option 'colour' is not one the model declares",
                       std::invalid_argument);
  nlohmann::json wrong = j;
  wrong["dim"] = "sixteen";
  CHECK_THROWS_AS(Options::from_json(declared(), wrong), std::invalid_argument);
  wrong["dim"] = 2.5;
  CHECK_THROWS_AS(Options::from_json(declared(), wrong), std::invalid_argument);
  // Beyond a signed 64-bit whole number: refused as it stands, not wrapped to -1.
  wrong["dim"] = std::uint64_t{18446744073709551615u};
  CHECK_THROWS_WITH_AS(Options::from_json(declared(), wrong),
                       "option 'dim': 18446744073709551615 is too large for a whole number", std::invalid_argument);
}

TEST_CASE("a declaration whose default its own range refuses is caught when the options are made") {
  const std::vector<OptionSpec> bad = {
      {.name = "k", .kind = OptionKind::Integer, .fallback = std::int64_t{0}, .help = "k", .min = 1}};
  CHECK_THROWS_AS(Options{bad}, std::invalid_argument);
}
