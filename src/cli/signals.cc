#include "cli/signals.h"

#include <csignal>
#include <cerrno>
#include <ctime>
#include <pthread.h>
#include <unistd.h>

namespace herald::cli {
namespace {

sigset_t TerminationSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// SIGUSR1 means "work arrived" (a WebSub push); blocked like the others and
// taken only by WaitForStopOrWork.
constexpr int kWorkSignal = SIGUSR1;

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSet();
  sigaddset(&set, kWorkSignal);
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

Wakeup WaitForStopOrWork(int seconds) {
  sigset_t set = TerminationSet();
  sigaddset(&set, kWorkSignal);
  timespec timeout{seconds < 0 ? 365L * 86400 : seconds, 0};
  while (true) {
    int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig == kWorkSignal) return Wakeup::kWork;
    if (sig > 0) return Wakeup::kStop;
    if (errno == EINTR) continue;
    return Wakeup::kTimeout;
  }
}

void WakeForWork() { kill(getpid(), kWorkSignal); }

}  // namespace herald::cli
