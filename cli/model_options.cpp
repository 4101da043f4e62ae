#include "cli/model_options.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "models/registry.hpp"

namespace recgrad::cli {

namespace {

// The models that declare option `name`, as "fm, fm-bpr".
std::string models_declaring(const std::string& name) {
  std::string out;
  for (const ModelSpec& spec : model_registry())
    for (const OptionSpec& o : spec.options)
      if (o.name == name) out += (out.empty() ? "" : ", ") + spec.name;
  return out;
}

// "32 for lmf, bpr, als; 64 for mf, fm": each default value with the models it is theirs for.
std::string defaults_text(const std::vector<std::pair<std::string, std::string>>& value_and_model) {
  std::vector<std::pair<std::string, std::string>> groups;  // value, models
  for (const auto& [value, model] : value_and_model) {
    auto it = std::find_if(groups.begin(), groups.end(), [&v = value](const auto& g) { return g.first == v; });
    if (it == groups.end()) groups.emplace_back(value, model);
    else it->second += ", " + model;
  }
  std::string out;
  for (const auto& [value, models] : groups)
    out += (out.empty() ? "" : "; ") + (value.empty() ? std::string("none") : value) + " for " + models;
  return out;
}

// "sgd 40, adagrad 0.1, adam 0.01": an option's default for each choice of the one it follows.
std::string choices_text(const OptionSpec& o) {
  std::string out;
  for (const auto& [choice, value] : o.default_for) out += (out.empty() ? "" : ", ") + choice + " " + to_string(value);
  return out;
}

}  // namespace

// One flag per option any model declares, its help with each model's default.
void add_model_options(CLI::App* cmd, GivenOptions& given) {
  std::vector<std::string> names;
  std::map<std::string, std::string> help;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> defaults;
  // An option whose default follows another: per model, its default for each choice.
  std::map<std::string, std::string> follows;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> followed;
  for (const ModelSpec& spec : model_registry())
    for (const OptionSpec& o : spec.options) {
      if (!help.count(o.name)) {
        names.push_back(o.name);
        help[o.name] = o.help + "; " + o.expected();
      }
      defaults[o.name].emplace_back(to_string(o.fallback), spec.name);
      if (o.follows.empty()) continue;
      follows[o.name] = o.follows;
      followed[o.name].emplace_back(choices_text(o), spec.name);
    }
  for (const std::string& name : names) {
    std::string text = help[name] + " [default: " + defaults_text(defaults[name]);
    if (followed.count(name))
      text += "; by --" + follows[name] + ": " + defaults_text(followed[name]);
    cmd->add_option("--" + name, given[name], text + "]");
  }
}

void keep_given(const CLI::App* cmd, GivenOptions& given) {
  for (auto it = given.begin(); it != given.end();) it = cmd->count("--" + it->first) > 0 ? std::next(it) : given.erase(it);
}

Options options_from(const std::string& model, const GivenOptions& given, Options options, bool resuming) {
  for (const auto& [name, text] : given) {
    if (!options.has(name))
      throw std::invalid_argument("--" + name + " applies to " + models_declaring(name) + ", not to '" + model + "'");
    if (resuming && options.spec(name).part_of_model)
      throw std::invalid_argument("--resume: --" + name + " is part of the saved model; leave it out");
    options.set_text(name, text);
  }
  return options;
}

nlohmann::json settings_source(const ModelSpec& spec, const Options& options,
                               const std::vector<std::string>& from_data) {
  nlohmann::json out = nlohmann::json::object();
  for (const OptionSpec& o : options.specs()) {
    const OriginText origin = describe_origin(spec, options, o.name);
    out[o.name] = {{"from", origin.from}, {"why", origin.why}};
  }
  // Each line reads "<option> <value>: <why>".
  for (const std::string& line : from_data)
    if (const std::string name = line.substr(0, line.find(' ')); out.contains(name))
      out[name] = {{"from", "data"}, {"why", line.substr(std::min(line.size(), line.find(": ") + 2))}};
  return out;
}

std::string settings_text(const ModelSpec& spec, const Options& options, const std::vector<std::string>& from_data) {
  std::string out;
  for (const OptionSpec& o : options.specs()) {
    out += out.empty() ? "" : ", ";
    // Each from_data line reads "<option> <value>: <why>".
    const auto followed = std::find_if(from_data.begin(), from_data.end(),
                                       [&](const std::string& line) { return line.rfind(o.name + " ", 0) == 0; });
    if (followed != from_data.end()) {
      const std::size_t colon = std::min(followed->size(), followed->find(": "));
      out += followed->substr(0, colon) + " (from the data: " + followed->substr(std::min(followed->size(), colon + 2)) + ")";
      continue;
    }
    const OriginText origin = describe_origin(spec, options, o.name);
    const std::string value = to_string(options.value(o.name));
    out += o.name + " " + (value.empty() ? "(none)" : value);
    if (origin.from != "default") out += " (" + origin.why + ")";
  }
  return out;
}

}  // namespace recgrad::cli
