// A model's options, declared once: each has a name (the command-line flag without its
// dashes), a kind, a default, the values it accepts and a line of help. The CLI's flags
// and --help, the settings a run prints, the defaults and what a model file records of
// a model's settings all come from these declarations (models/registry.hpp holds each
// model's list), so an option cannot be documented one way and read another.
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace recgrad {

// An option's value: a whole number, a real number, a word (free, or one of a fixed list), or yes/no.
using OptionValue = std::variant<std::int64_t, double, std::string, bool>;

enum class OptionKind { Integer, Real, Choice, Text, Flag };

struct OptionSpec {
  std::string name;  // "lr-decay": the flag --lr-decay
  OptionKind kind = OptionKind::Real;
  OptionValue fallback;  // the model's default
  std::string help;
  double min = -std::numeric_limits<double>::infinity();  // numbers: the accepted range, inclusive (but below_max)
  double max = std::numeric_limits<double>::infinity();
  bool below_max = false;  // numbers: max itself is refused, [min, max) (a probability that must stay below 1)
  // Real: a word accepted instead of a number, for "no number" (an implicit model's
  // --positive-rating all: no threshold). Empty: numbers only.
  std::string none_word{};
  std::vector<std::string> choices{};  // Choice: the accepted words
  // Part of what the model is (its shape, penalty, labels): a resumed model keeps it.
  bool part_of_model = false;
  // Read by the model alone, from ModelConfig::own, rather than a setting the trainer or
  // several models share (fm's fields, itemknn's neighbours): it lives in the model's folder.
  bool model_own = false;
  // A default that follows another option's choice (lr follows optim: Adam's step is not
  // SGD's): the option followed, and this option's default for each of its values. A value
  // with no entry has no default here: choosing it without this option is refused.
  std::string follows{};
  std::vector<std::pair<std::string, OptionValue>> default_for{};

  // The accepted values, in words, for --help and error messages: "a number in [0, 1]".
  std::string expected() const;
};

// Where an option's value came from, for the settings a run prints.
enum class OptionSource {
  Default,      // the model's declared default
  Followed,     // the model's default for the value of the option it follows (OptionSpec::follows)
  CommandLine,  // given by the user (a flag, or a point of a search)
  ModelFile,    // read from a saved model
  Rule,         // set by a rule of the model's (ModelSpec::settle), with why
};
struct OptionOrigin {
  OptionSource source = OptionSource::Default;
  std::string why{};  // Rule: the rule, in words
};

// Throws std::invalid_argument naming the option and what it accepts unless `value`
// is of the option's kind and within its range or choices.
void check_option_value(const OptionSpec& spec, const OptionValue& value);

std::string to_string(const OptionValue& value);
nlohmann::json to_json(const OptionValue& value);

// The values of one model's declared options, each at its default until set.
class Options {
 public:
  Options() = default;
  explicit Options(std::span<const OptionSpec> specs);

  bool has(const std::string& name) const { return find(name) != nullptr; }
  const OptionSpec& spec(const std::string& name) const;
  const std::vector<OptionSpec>& specs() const { return specs_; }

  // Parses `text` as the option's kind ("yes"/"no" for a flag) and checks it;
  // std::invalid_argument names --name, the text and what was expected.
  void set_text(const std::string& name, const std::string& text);
  void set(const std::string& name, OptionValue value);  // as given on the command line
  // A change to an option another follows (optim, for lr) also drops a value the follower
  // took from a model file (the saved lr was the saved optimiser's): ModelSpec::settled
  // then gives it the model's default for the new choice.
  void set(const std::string& name, OptionValue value, OptionOrigin origin);
  const OptionOrigin& origin(const std::string& name) const;
  // Every option as read from a model file (a resumed run's starting point).
  void mark_saved();

  std::int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  bool flag(const std::string& name) const;
  const OptionValue& value(const std::string& name) const;
  // Whether the option was set (on the command line, from a saved model, by a rule of the
  // model's) rather than left at its declared default: only a default may follow the data.
  // A default that followed another option is still a default.
  bool is_set(const std::string& name) const;
  // The option's value, or `fallback` when it is not declared here (a ModelConfig built
  // by hand, as the tests and examples do, holds none of a model's own options).
  std::int64_t integer_or(const std::string& name, std::int64_t fallback) const;
  double real_or(const std::string& name, double fallback) const;
  std::string text_or(const std::string& name, const std::string& fallback) const;

  // {"dim": 32, "optim": "adagrad", "refit": true, ...}, in declaration order.
  nlohmann::json to_json() const;
  // Reads every declared option from `object`; std::invalid_argument names a missing,
  // mistyped, out-of-range or undeclared key.
  static Options from_json(std::span<const OptionSpec> specs, const nlohmann::json& object);

 private:
  const OptionSpec* find(const std::string& name) const;
  std::size_t index(const std::string& name) const;

  std::vector<OptionSpec> specs_;
  std::vector<OptionValue> values_;
  std::vector<OptionOrigin> origins_;
};

}  // namespace recgrad
