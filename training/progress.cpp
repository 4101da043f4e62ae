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

bool ProgressBar::due(double done) {
  if (!enabled_) return false;
  const auto now = std::chrono::steady_clock::now();
  // Redrawing costs a system call: ten times a second is plenty.
  if (done < 1 && now - last_draw_ < std::chrono::milliseconds(100)) return false;
  last_draw_ = now;
  return true;
}

const char* ProgressBar::bar(double done) {
  constexpr int width = sizeof bar_ - 1;
  for (int i = 0; i < width; ++i) bar_[i] = i < static_cast<int>(done * width) ? '=' : ' ';
  bar_[width] = '\0';
  return bar_;
}

double ProgressBar::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start_).count();
}

void ProgressBar::update(std::int64_t batch, std::int64_t examples, double mean_loss) {
  const double done = static_cast<double>(batch + 1) / static_cast<double>(batches_);
  if (!due(done)) return;
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(examples) / elapsed : 0;
  const double eta = done > 0 ? elapsed / done - elapsed : 0;
  std::fprintf(stderr, "\repoch %lld/%lld [%s] %3.0f%%  %.2fM ex/s  loss %.4f  ETA %.0fs ",
               static_cast<long long>(epoch_ + 1), static_cast<long long>(epochs_), bar(done), 100 * done, rate / 1e6,
               mean_loss, eta);
  std::fflush(stderr);
}

void ProgressBar::update_count(std::int64_t count, const char* unit) {
  const double done = static_cast<double>(count) / static_cast<double>(batches_);
  if (!due(done)) return;
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(count) / elapsed : 0;
  const double eta = done > 0 ? elapsed / done - elapsed : 0;
  std::fprintf(stderr, "\r%s [%s] %3.0f%%  %.1fk/s  ETA %.0fs ", unit, bar(done), 100 * done, rate / 1e3, eta);
  std::fflush(stderr);
}

void ProgressBar::finish_epoch() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%100s\r", "");
  std::fflush(stderr);
}

}  // namespace recgrad
