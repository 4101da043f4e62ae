// The option parser over every registered model's declared options: `--name value` as
// Options::set_text takes it from the command line, and the options object of a model
// file as Options::from_json reads it. The input picks a model (first byte), then holds
// lines "name=text" to set one by one, then, after a line "{", a JSON object. Whatever
// set_text accepts must survive to_json -> from_json unchanged: a value the parser takes
// but the model file cannot give back would break --resume.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_util.hpp"
#include "models/registry.hpp"

namespace {

void set_lines(recgrad::Options& options, std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const std::size_t eq = line.find('=');
    const std::string name(line.substr(0, eq));
    // An undeclared name is the caller's mistake (std::out_of_range): the CLI refuses it
    // before it asks, as the harness does.
    if (eq == std::string_view::npos || !options.has(name)) continue;
    recgrad::fuzz::expect_clean_errors([&] { options.set_text(name, std::string(line.substr(eq + 1))); });
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& registry = recgrad::model_registry();
  const recgrad::ModelSpec& spec = registry[data[0] % registry.size()];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t json_at = text.find("\n{");

  recgrad::Options options = spec.default_options();
  set_lines(options, text.substr(0, json_at));
  const nlohmann::json saved = options.to_json();
  const recgrad::Options back = recgrad::Options::from_json(spec.options, saved);
  if (back.to_json() != saved) recgrad::fuzz::finding("options do not survive to_json/from_json", saved.dump().c_str());

  if (json_at == std::string_view::npos) return 0;
  const nlohmann::json object = nlohmann::json::parse(text.substr(json_at + 1), nullptr, false);
  if (object.is_discarded()) return 0;
  recgrad::fuzz::expect_clean_errors([&] { recgrad::Options::from_json(spec.options, object); });
  return 0;
}
