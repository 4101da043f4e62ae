// A one-line progress bar on stderr (only when stderr is a terminal):
//   epoch 3/20 [==========>         ] 52%  1.21M ex/s  loss 0.6931  ETA 3s
// or, for one pass over things that are not batches (recommend --all-users):
//   users [==========>         ] 52%  12.3k/s  ETA 3s
#pragma once

#include <chrono>
#include <cstdint>

namespace recgrad {

class ProgressBar {
 public:
  // enabled: false to stay silent (not a terminal, or --quiet)
  ProgressBar(bool enabled, std::int64_t epochs, std::int64_t batches_per_epoch);
  static bool stderr_is_terminal();

  void start_epoch(std::int64_t epoch);
  void update(std::int64_t batch, std::int64_t examples, double mean_loss);
  // The one-pass form: `done` of the batches_per_epoch things called `unit` are done.
  void update_count(std::int64_t done, const char* unit);
  void finish_epoch();  // clears the line

 private:
  // Whether to redraw now: at most ten times a second, and always at the end (done = 1).
  bool due(double done);
  const char* bar(double done);  // "=====     " for done in 0..1, kept in bar_
  double seconds() const;        // since start_epoch

  bool enabled_;
  std::int64_t epochs_, batches_, epoch_ = 0;
  std::chrono::steady_clock::time_point epoch_start_, last_draw_;
  char bar_[25] = {};
};

}  // namespace recgrad
