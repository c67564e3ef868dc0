// SIGINT/SIGTERM handling for long-running commands. Signals are blocked in
// every thread (call BlockTerminationSignals first thing in main, before any
// thread starts) and taken synchronously by WaitForTermination, so a stop
// request is noticed at the points where the command is ready to stop.
#pragma once

namespace herald::cli {

void BlockTerminationSignals();

// Waits up to `seconds` (< 0: forever). True when SIGINT or SIGTERM arrived.
bool WaitForTermination(int seconds);

// Like WaitForTermination, but also returns early, with kWork, once
// WakeForWork was called (from any thread) since the last wait.
enum class Wakeup { kTimeout, kStop, kWork };
Wakeup WaitForStopOrWork(int seconds);
void WakeForWork();

}  // namespace herald::cli
