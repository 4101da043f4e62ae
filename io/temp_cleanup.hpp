// Temporary files removed when the process is stopped by SIGINT, SIGTERM or SIGHUP, so a
// Ctrl-C during a save leaves nothing behind. The handler only unlinks the registered
// names (async-signal-safe) and then lets the signal take its default course. Installed
// when a name is registered, and only over the default disposition: a program's own
// handler is kept.
#pragma once

namespace recgrad {

// A slot to pass to unregister_temp, or -1 when all slots are taken (the file is then
// still removed by the next writer of its target: remove_stale_temps).
int register_temp(const char* path);
void unregister_temp(int slot);

}  // namespace recgrad
