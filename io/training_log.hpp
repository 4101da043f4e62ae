// The log `recgrad train --log FILE` writes, and reading it back: one JSON object per epoch,
//   {"epoch": 3, "train_loss": 0.41, "seconds": 0.8, "validation": {"ndcg@10": 0.21, ...}}
// A log holds one run or several, each from its {"run": ...} line (a log without one is
// one run). A run killed while writing a line may leave it torn: the next run's writer ends
// that line before its header, and the reader checks only the run it reads, the last, so an
// earlier run's torn line costs nothing. Anything else in that run is an error that names
// the file and the line (data::DataError, as the data loaders report theirs), so a
// truncated or hand-edited log is caught here and not drawn as a wrong curve.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "training/selection.hpp"

namespace recgrad {

struct LoggedEpoch {
  std::int64_t epoch = 0;
  double train_loss = 0;
  double seconds = 0;
  std::map<std::string, double> validation;  // the validation metrics, by name (not the user counts)
  std::int64_t line = 0;                     // where the epoch stands in the log
};

struct TrainingLog {
  std::filesystem::path path;
  std::vector<LoggedEpoch> epochs;  // the last run's, epoch numbers strictly increasing
  std::int64_t runs = 0;            // runs in the file (each `train --log` appends one)

  // `metric` in every epoch, in order; DataError at the first epoch without it,
  // listing the figures that line has.
  std::vector<double> metric(const std::string& name) const;
};

// Blank lines are skipped; a file without any epoch is an error too.
TrainingLog read_training_log(const std::filesystem::path& path);

// One epoch's line of the log, without the newline.
std::string training_log_line(const EpochRecord& epoch);

// Writes the log as training goes (TrainConfig::on_epoch), a line per epoch, flushed,
// so a run stopped half-way leaves the epochs it finished. A log is never truncated: a
// run appends, starting with a line {"run": header} (what the run was: model, data,
// settings); reading a log gives its last run. Copies share the file.
class TrainingLogWriter {
 public:
  // Throws std::runtime_error naming the file if it cannot be opened for appending, or
  // if a directory or anything else that is not a place for a file stands there.
  TrainingLogWriter(const std::filesystem::path& path, const nlohmann::json& header);
  // Throws std::runtime_error naming the file when the line cannot be written (a full disk).
  void operator()(const EpochRecord& epoch);

 private:
  void append(std::string line);

  std::filesystem::path path_;
  std::shared_ptr<std::ofstream> out_;
};

}  // namespace recgrad
