#include "models/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "data/text.hpp"

namespace recgrad {

namespace {

std::string number_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

std::string range_text(const OptionSpec& s) {
  const bool low = std::isfinite(s.min), high = std::isfinite(s.max);
  if (low && high) return " in [" + number_text(s.min) + ", " + number_text(s.max) + (s.below_max ? ")" : "]");
  if (low) return " >= " + number_text(s.min);
  if (high) return (s.below_max ? " < " : " <= ") + number_text(s.max);
  return "";
}

bool above_max(const OptionSpec& spec, double x) { return spec.below_max ? x >= spec.max : x > spec.max; }

[[noreturn]] void refuse(const OptionSpec& spec, const std::string& given) {
  throw std::invalid_argument("--" + spec.name + ": got " + given + ", expected " + spec.expected());
}

// The whole of `text` as a T, or nothing.
template <class T>
bool parse_all(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

std::string OptionSpec::expected() const {
  switch (kind) {
    case OptionKind::Integer:
      return "a whole number" + range_text(*this);
    case OptionKind::Real:
      return "a number" + range_text(*this) + (none_word.empty() ? "" : " or " + none_word);
    case OptionKind::Flag:
      return "yes or no";
    case OptionKind::Text:
      return "a word";
    case OptionKind::Choice: {
      std::string words;
      for (std::size_t c = 0; c < choices.size(); ++c)
        words += (c == 0 ? "" : c + 1 == choices.size() ? " or " : ", ") + choices[c];
      return "one of " + words;
    }
  }
  return "";
}

std::string to_string(const OptionValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* x = std::get_if<double>(&value)) return number_text(*x);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
  return std::get<std::string>(value);
}

nlohmann::json to_json(const OptionValue& value) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

void check_option_value(const OptionSpec& spec, const OptionValue& value) {
  const std::string given = to_string(value);
  switch (spec.kind) {
    case OptionKind::Integer: {
      const auto* i = std::get_if<std::int64_t>(&value);
      if (i == nullptr || static_cast<double>(*i) < spec.min || above_max(spec, static_cast<double>(*i)))
        refuse(spec, given);
      return;
    }
    case OptionKind::Real: {
      if (const auto* word = std::get_if<std::string>(&value); word && !spec.none_word.empty() && *word == spec.none_word)
        return;
      const auto* x = std::get_if<double>(&value);
      if (x == nullptr || !std::isfinite(*x) || *x < spec.min || above_max(spec, *x)) refuse(spec, given);
      return;
    }
    case OptionKind::Flag:
      if (!std::holds_alternative<bool>(value)) refuse(spec, given);
      return;
    case OptionKind::Text:
      if (!std::holds_alternative<std::string>(value)) refuse(spec, given);
      return;
    case OptionKind::Choice: {
      const auto* s = std::get_if<std::string>(&value);
      if (s == nullptr || std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end())
        refuse(spec, data::quoted(given));
      return;
    }
  }
}

Options::Options(std::span<const OptionSpec> specs) : specs_(specs.begin(), specs.end()) {
  for (const OptionSpec& s : specs_) {
    check_option_value(s, s.fallback);  // a declaration whose default it would refuse is a bug
    values_.push_back(s.fallback);
  }
  origins_.assign(specs_.size(), OptionOrigin{});
}

const OptionSpec* Options::find(const std::string& name) const {
  for (const OptionSpec& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

std::size_t Options::index(const std::string& name) const {
  const OptionSpec* s = find(name);
  if (s == nullptr) throw std::out_of_range("option --" + name + " is not declared");
  return static_cast<std::size_t>(s - specs_.data());
}

const OptionSpec& Options::spec(const std::string& name) const { return specs_[index(name)]; }

void Options::set(const std::string& name, OptionValue value) {
  set(name, std::move(value), {OptionSource::CommandLine});
}

void Options::set(const std::string& name, OptionValue value, OptionOrigin origin) {
  const std::size_t i = index(name);
  // A whole number where a real is expected is the real of that value (JSON writes 1.0 as 1).
  if (specs_[i].kind == OptionKind::Real)
    if (const auto* n = std::get_if<std::int64_t>(&value)) value = static_cast<double>(*n);
  check_option_value(specs_[i], value);
  const bool changed = values_[i] != value;
  values_[i] = std::move(value);
  origins_[i] = std::move(origin);
  if (!changed || origins_[i].source != OptionSource::CommandLine) return;
  for (std::size_t f = 0; f < specs_.size(); ++f)
    if (specs_[f].follows == name && origins_[f].source == OptionSource::ModelFile) {
      values_[f] = specs_[f].fallback;
      origins_[f] = {};
    }
}

const OptionOrigin& Options::origin(const std::string& name) const { return origins_[index(name)]; }

void Options::mark_saved() {
  for (OptionOrigin& o : origins_) o = {OptionSource::ModelFile};
}

bool Options::is_set(const std::string& name) const {
  const OptionSource s = origins_[index(name)].source;
  return s != OptionSource::Default && s != OptionSource::Followed;
}

void Options::set_text(const std::string& name, const std::string& text) {
  const OptionSpec& s = spec(name);
  switch (s.kind) {
    case OptionKind::Integer: {
      std::int64_t i = 0;
      if (!parse_all(text, i)) refuse(s, data::quoted(text));
      return set(name, i);
    }
    case OptionKind::Real: {
      if (!s.none_word.empty() && text == s.none_word) return set(name, text);
      double x = 0;
      if (!parse_all(text, x)) refuse(s, data::quoted(text));
      return set(name, x);
    }
    case OptionKind::Flag:
      if (text != "yes" && text != "no") refuse(s, data::quoted(text));
      return set(name, text == "yes");
    case OptionKind::Choice:
    case OptionKind::Text:
      return set(name, text);
  }
}

const OptionValue& Options::value(const std::string& name) const { return values_[index(name)]; }
std::int64_t Options::integer(const std::string& name) const { return std::get<std::int64_t>(value(name)); }
double Options::real(const std::string& name) const { return std::get<double>(value(name)); }
const std::string& Options::text(const std::string& name) const { return std::get<std::string>(value(name)); }
bool Options::flag(const std::string& name) const { return std::get<bool>(value(name)); }
std::int64_t Options::integer_or(const std::string& name, std::int64_t fallback) const {
  return has(name) ? integer(name) : fallback;
}
double Options::real_or(const std::string& name, double fallback) const { return has(name) ? real(name) : fallback; }
std::string Options::text_or(const std::string& name, const std::string& fallback) const {
  return has(name) ? text(name) : fallback;
}

nlohmann::json Options::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < specs_.size(); ++i) out[specs_[i].name] = recgrad::to_json(values_[i]);
  return out;
}

Options Options::from_json(std::span<const OptionSpec> specs, const nlohmann::json& object) {
  Options out(specs);
  if (!object.is_object()) throw std::invalid_argument("the options are not a JSON object");
  for (const auto& [key, v] : object.items())
    if (!out.has(key)) throw std::invalid_argument("option '" + key + "' is not one the model declares");
  for (const OptionSpec& s : out.specs_) {
    const auto it = object.find(s.name);
    if (it == object.end()) throw std::invalid_argument("option '" + s.name + "' is missing");
    OptionValue v;
    if (it->is_boolean()) v = it->get<bool>();
    else if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t{INT64_MAX})
      // get<std::int64_t>() would wrap it to a negative number (2^64 - 1 to -1).
      throw std::invalid_argument("option '" + s.name + "': " + it->dump() + " is too large for a whole number");
    else if (it->is_number_integer()) v = it->get<std::int64_t>();
    else if (it->is_number_float()) v = it->get<double>();
    else if (it->is_string()) v = it->get<std::string>();
    else throw std::invalid_argument("option '" + s.name + "' has a value of no option kind: " + it->dump());
    out.set(s.name, std::move(v), {OptionSource::ModelFile});
  }
  return out;
}

}  // namespace recgrad
