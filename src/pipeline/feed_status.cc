#include "pipeline/feed_status.h"

namespace herald::pipeline {

std::string DescribeDuration(int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds < 0 ? 0 : seconds) + " s";
  int64_t minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
  if (hours == 0) return std::to_string(minutes) + " min";
  if (days == 0) return std::to_string(hours) + " h" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
  return std::to_string(days) + " d" + (hours % 24 ? " " + std::to_string(hours % 24) + " h" : "");
}

std::string DescribeFeedStatus(const store::Source& source, int64_t now_utc) {
  std::string state;
  if (source.last_fetched_utc == 0) {
    state = "not fetched yet";
  } else if (source.error_count == 0) {
    state = "ok";
  } else {
    state = "failing";
    if (source.error_count > 1) state += " (" + std::to_string(source.error_count) + " times in a row)";
    state += ": " + source.last_error;
  }
  std::string next = source.error_count > 0 ? "next try" : "next fetch";
  if (source.next_fetch_utc <= now_utc) return state + "; due now";
  return state + "; " + next + " in " + DescribeDuration(source.next_fetch_utc - now_utc);
}

}  // namespace herald::pipeline
