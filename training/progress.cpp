#include "training/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace recgrad {

ProgressBar::ProgressBar(bool enabled, std::int64_t epochs, std::int64_t batches_per_epoch)
    : enabled_(enabled), epochs_(epochs), batches_(batches_per_epoch > 0 ? batches_per_epoch : 1) {}

bool ProgressBar::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void ProgressBar::start_epoch(std::int64_t epoch) {
  epoch_ = epoch;
  epoch_start_ = last_draw_ = std::chrono::steady_clock::now();
}

void ProgressBar::update(std::int64_t batch, std::int64_t examples, double mean_loss) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  // Redrawing costs a system call: ten times a second is plenty.
  if (batch + 1 < batches_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - epoch_start_).count();
  const double done = static_cast<double>(batch + 1) / static_cast<double>(batches_);
  constexpr int width = 24;
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < static_cast<int>(done * width) ? '=' : ' ';
  bar[width] = '\0';
  const double rate = seconds > 0 ? static_cast<double>(examples) / seconds : 0;
  const double eta = done > 0 ? seconds / done - seconds : 0;
  std::fprintf(stderr, "\repoch %lld/%lld [%s] %3.0f%%  %.2fM ex/s  loss %.4f  ETA %.0fs ",
               static_cast<long long>(epoch_ + 1), static_cast<long long>(epochs_), bar, 100 * done, rate / 1e6,
               mean_loss, eta);
  std::fflush(stderr);
}

void ProgressBar::finish_epoch() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%100s\r", "");
  std::fflush(stderr);
}

}  // namespace recgrad
