#include "io/training_log.hpp"

#include <cmath>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string_view>

#include "data/line_reader.hpp"
#include "data/text.hpp"
#include "io/output_path.hpp"

namespace recgrad {

namespace {

constexpr std::string_view kLine =
    "one JSON object per line with a whole \"epoch\", a numeric \"train_loss\" and a \"validation\" object, "
    "as recgrad train --log writes";

// The number under `key`, or the reader's error naming the line and what is missing.
double finite_number(const nlohmann::json& object, const char* key, const data::LineReader& reader) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number() || !std::isfinite(it->get<double>()))
    reader.fail(std::string(kLine) + " (\"" + key + "\" is missing, not a number or not finite)");
  return it->get<double>();
}

LoggedEpoch parse_epoch(std::string_view text, const data::LineReader& reader) {
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    reader.fail(std::string(kLine) + " (not JSON: " + e.what() + ")");
  }
  if (!object.is_object()) reader.fail(kLine);
  LoggedEpoch e;
  e.line = reader.line_number();
  const auto epoch = object.find("epoch");
  if (epoch == object.end() || !epoch->is_number_integer() || epoch->get<std::int64_t>() < 0)
    reader.fail(std::string(kLine) + " (\"epoch\" is missing or not a whole number >= 0)");
  e.epoch = epoch->get<std::int64_t>();
  e.train_loss = finite_number(object, "train_loss", reader);
  if (object.contains("seconds")) e.seconds = finite_number(object, "seconds", reader);
  const auto validation = object.find("validation");
  if (validation == object.end() || !validation->is_object())
    reader.fail(std::string(kLine) + " (\"validation\" is missing or not an object)");
  // The counts beside the metrics (n_eval_users ...) are not figures to plot.
  for (const auto& [name, value] : validation->items())
    if (value.is_number() && !name.starts_with("n_")) e.validation[name] = value.get<double>();
  return e;
}

// A run's header line: {"run": {...}}.
bool starts_run(std::string_view text) {
  const nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
  return object.is_object() && object.size() == 1 && object.contains("run");
}

}  // namespace

TrainingLog read_training_log(const std::filesystem::path& path) {
  TrainingLog log{path, {}, 0};
  data::LineReader reader(path);
  for (std::string_view line; reader.next(line);) {
    if (data::trim(line).empty()) continue;
    if (starts_run(line)) {  // a new run: the log's figures are the last run's
      ++log.runs;
      log.epochs.clear();
      continue;
    }
    if (log.runs == 0) log.runs = 1;  // epochs before any header: a run of an older log
    LoggedEpoch e = parse_epoch(line, reader);
    if (!log.epochs.empty() && e.epoch <= log.epochs.back().epoch)
      reader.fail("epoch numbers that increase within a run (this line's epoch " + std::to_string(e.epoch) +
                  " follows epoch " + std::to_string(log.epochs.back().epoch) + " with no {\"run\": ...} line between)");
    log.epochs.push_back(std::move(e));
  }
  if (log.epochs.empty()) reader.fail_empty(kLine);
  return log;
}

std::vector<double> TrainingLog::metric(const std::string& name) const {
  std::vector<double> out;
  for (const LoggedEpoch& e : epochs) {
    const auto it = e.validation.find(name);
    if (it == e.validation.end()) {
      std::string known;
      for (const auto& [figure, value] : e.validation) known += (known.empty() ? "" : ", ") + figure;
      throw data::DataError(path.string() + ":" + std::to_string(e.line) + ": the validation figures have no '" +
                            name + "' (they are: " + (known.empty() ? "none" : known) + ")");
    }
    out.push_back(it->second);
  }
  return out;
}

std::string training_log_line(const EpochRecord& epoch) {
  const nlohmann::json line = {{"epoch", epoch.epoch},
                               {"train_loss", epoch.train_loss},
                               {"seconds", epoch.seconds},
                               {"validation", to_json(epoch.validation)}};
  return line.dump();
}

TrainingLogWriter::TrainingLogWriter(const std::filesystem::path& path, const nlohmann::json& header)
    : out_(std::make_shared<std::ofstream>(resolve_output(path).path, std::ios::app)) {
  if (!*out_) throw std::runtime_error("cannot append to the training log " + path.string());
  *out_ << nlohmann::json{{"run", header}}.dump() << '\n' << std::flush;
}

void TrainingLogWriter::operator()(const EpochRecord& epoch) {
  *out_ << training_log_line(epoch) << '\n' << std::flush;
}

}  // namespace recgrad
