#include "io/temp_cleanup.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

namespace recgrad {

namespace {

constexpr int kSlots = 32;
constexpr std::size_t kPathBytes = 4096;

struct Slot {
  std::atomic<bool> used{false};
  char path[kPathBytes] = {};
};
std::array<Slot, kSlots> slots;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temps_and_reraise(int sig) {
  for (Slot& s : slots)
    if (s.used.load(std::memory_order_acquire)) ::unlink(s.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_handlers() {
  for (const int sig : kSignals) {
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) continue;
    struct sigaction action {};
    action.sa_handler = remove_temps_and_reraise;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, nullptr);
  }
}

}  // namespace

int register_temp(const char* path) {
  static std::mutex claiming;
  const std::lock_guard lock(claiming);
  install_handlers();  // each time: a signal's disposition may have been reset to the default since
  if (std::strlen(path) >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = slots[static_cast<std::size_t>(i)];
    if (s.used.load(std::memory_order_relaxed)) continue;
    std::strcpy(s.path, path);
    s.used.store(true, std::memory_order_release);
    return i;
  }
  return -1;
}

void unregister_temp(int slot) {
  if (slot >= 0 && slot < kSlots) slots[static_cast<std::size_t>(slot)].used.store(false, std::memory_order_release);
}

}  // namespace recgrad
