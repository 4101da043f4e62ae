// recgrad models [--names] [--gradient] [--json]
// The registered models (models/registry.hpp): what each is, how it learns, whether it
// has hand-derived gradients and can rank items never seen in training, and its
// options with their defaults. --names prints the names alone, one a line (for scripts).
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "models/registry.hpp"

namespace recgrad::cli {

namespace {

struct ModelsArgs {
  bool names = false, gradient = false, json = false;
};

const char* feedback_name(Feedback f) {
  switch (f) {
    case Feedback::Explicit: return "explicit ratings";
    case Feedback::Pointwise: return "implicit, pointwise";
    case Feedback::Pairwise: return "implicit, pairwise";
    case Feedback::Binary: return "binary labels";
    case Feedback::NextItem: return "next item";
  }
  return "";
}

nlohmann::json spec_json(const ModelSpec& spec) {
  nlohmann::json options = nlohmann::json::array();
  for (const OptionSpec& o : spec.options)
    options.push_back({{"name", o.name}, {"default", to_json(o.fallback)}, {"accepts", o.expected()}, {"help", o.help}});
  return {{"name", spec.name},
          {"summary", spec.summary},
          {"feedback", feedback_name(spec.feedback)},
          {"gradient_trained", spec.gradient_trained()},
          {"manual_gradients", spec.manual_gradients},
          {"scores_unseen_items", spec.scores_unseen_items},
          {"reads_features", spec.reads_features},
          {"options", options}};
}

void run_models(const ModelsArgs& a) {
  nlohmann::json all = nlohmann::json::array();
  for (const ModelSpec& spec : model_registry()) {
    if (a.gradient && !spec.gradient_trained()) continue;
    if (a.names) {
      std::printf("%s\n", spec.name.c_str());
    } else if (a.json) {
      all.push_back(spec_json(spec));
    } else {
      std::printf("%-9s %s\n          %s%s%s\n", spec.name.c_str(), spec.summary.c_str(), feedback_name(spec.feedback),
                  spec.manual_gradients ? "; tape and hand-derived gradients" : "",
                  spec.scores_unseen_items ? "; ranks unseen items" : "");
      std::string options;
      for (const OptionSpec& o : spec.options) options += " --" + o.name + " " + to_string(o.fallback);
      std::printf("          defaults:%s\n", options.c_str());
    }
  }
  if (a.json) std::cout << all.dump(2) << "\n";
}

}  // namespace

void add_models_command(CLI::App& app) {
  auto a = std::make_shared<ModelsArgs>();
  CLI::App* cmd = app.add_subcommand("models", "List the registered models, their options and defaults");
  cmd->add_flag("--names", a->names, "Print the names alone, one a line");
  cmd->add_flag("--gradient", a->gradient, "Only the models trained by gradient steps");
  cmd->add_flag("--json", a->json, "Print the list as JSON");
  cmd->callback([a] { run_models(*a); });
}

}  // namespace recgrad::cli
