// A one-line progress bar on stderr (only when stderr is a terminal):
//   epoch 3/20 [==========>         ] 52%  1.21M ex/s  loss 0.6931  ETA 3s
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
  void finish_epoch();  // clears the line

 private:
  bool enabled_;
  std::int64_t epochs_, batches_, epoch_ = 0;
  std::chrono::steady_clock::time_point epoch_start_, last_draw_;
};

}  // namespace recgrad
