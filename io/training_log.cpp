#include "io/training_log.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
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
  } catch (const nlohmann::json::exception& e) {  // a parse error, or a number too large (out_of_range)
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
  try {
    // Without exceptions for syntax errors, but a number too large still throws out_of_range.
    const nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
    return object.is_object() && object.size() == 1 && object.contains("run");
  } catch (const nlohmann::json::exception&) {
    return false;  // not a header; parse_epoch reports the line
  }
}

}  // namespace

TrainingLog read_training_log(const std::filesystem::path& path) {
  TrainingLog log{path, {}, 0};
  data::LineReader reader(path);
  // The first error in the run being read, raised only if no later run replaces that run:
  // a run killed in the middle of a line leaves it torn, and that must not make the log
  // unreadable for every run after it. The last run is still checked line by line.
  std::exception_ptr run_error;
  for (std::string_view line; reader.next(line);) {
    if (data::trim(line).empty()) continue;
    if (starts_run(line)) {  // a new run: the log's figures are the last run's
      ++log.runs;
      log.epochs.clear();
      run_error = nullptr;
      continue;
    }
    if (log.runs == 0) log.runs = 1;  // epochs before any header: a run of an older log
    if (run_error) continue;
    try {
      LoggedEpoch e = parse_epoch(line, reader);
      if (!log.epochs.empty() && e.epoch <= log.epochs.back().epoch)
        reader.fail("epoch numbers that increase within a run (this line's epoch " + std::to_string(e.epoch) +
                    " follows epoch " + std::to_string(log.epochs.back().epoch) + " with no {\"run\": ...} line between)");
      log.epochs.push_back(std::move(e));
    } catch (const data::DataError&) {
      run_error = std::current_exception();
    }
  }
  if (run_error) std::rethrow_exception(run_error);
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

namespace {

// Whether the regular file at `path` ends in the middle of a line: what a run killed while
// it wrote one leaves (a write can stop part-way through when the process is killed).
bool ends_mid_line(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) == 0 || ec) return false;
  std::ifstream in(path, std::ios::binary);
  in.seekg(-1, std::ios::end);
  return in.get() != '\n';
}

}  // namespace

TrainingLogWriter::TrainingLogWriter(const std::filesystem::path& path, const nlohmann::json& header)
    : path_(path) {
  const std::filesystem::path target = resolve_output(path).path;
  // A torn last line is ended first, so that this run's header starts a line of its own.
  const bool fence = ends_mid_line(target);
  out_ = std::make_shared<std::ofstream>(target, std::ios::app);
  if (!*out_) throw std::runtime_error("cannot append to the training log " + path.string());
  append((fence ? "\n" : "") + nlohmann::json{{"run", header}}.dump());
}

void TrainingLogWriter::operator()(const EpochRecord& epoch) { append(training_log_line(epoch)); }

void TrainingLogWriter::append(std::string line) {
  // The line and its newline in one write: a run killed between two writes leaves whole
  // lines, never one the next run's header would be glued onto.
  line += '\n';
  errno = 0;
  out_->write(line.data(), static_cast<std::streamsize>(line.size()));
  out_->flush();
  // A full disk (or a file size limit) fails the run here, naming the log, rather than
  // letting it train on while its epochs go nowhere.
  if (!*out_)
    throw std::runtime_error("cannot append to the training log " + path_.string() + ": " +
                             (errno != 0 ? std::strerror(errno) : "write failed"));
}

}  // namespace recgrad
