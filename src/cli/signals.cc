#include "cli/signals.h"

#include <csignal>
#include <cerrno>
#include <ctime>
#include <pthread.h>

namespace herald::cli {
namespace {

sigset_t TerminationSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

bool WaitForTermination(int seconds) {
  sigset_t set = TerminationSet();
  if (seconds < 0) {
    int sig = 0;
    return sigwait(&set, &sig) == 0;
  }
  timespec timeout{seconds, 0};
  while (true) {
    int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig > 0) return true;
    if (errno == EINTR) continue;
    return false;  // EAGAIN: time is up
  }
}

}  // namespace herald::cli
