// Test-only process helpers: run the real `herald` binary and capture what it
// prints, or keep it running in the background.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace herald::testing {

struct ProcessResult {
  int exit_status = -1;   // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments, stdin from /dev/null, and waits.
ProcessResult RunProcess(const std::vector<std::string>& argv);

// Starts argv in the background with stdout+stderr appended to log_path.
pid_t StartProcess(const std::vector<std::string>& argv, const std::string& log_path);
// SIGTERM, then waits up to `seconds` before SIGKILL. Returns the exit status
// (-1 when it had to be killed).
int StopProcess(pid_t pid, int seconds = 30);

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreeLoopbackPort();

// A new empty directory under /tmp; RemoveTree deletes it.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);

// Hash of every file's relative path and bytes under `dir` (sorted): equal
// before and after means the directory is byte-identical.
std::string TreeChecksum(const std::string& dir);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);

}  // namespace herald::testing
