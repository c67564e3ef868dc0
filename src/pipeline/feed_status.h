// A source's fetch state in plain words, for `herald sources list` and logs:
// whether its last fetch worked, what went wrong (bot protection is named by
// the fetcher's message), how many times in a row, and when it is tried next.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace herald::pipeline {

// "ok; next fetch in 14 min" | "not fetched yet; due now" |
// "failing (3 times in a row): <error>; next try in 2 h".
std::string DescribeFeedStatus(const store::Source& source, int64_t now_utc);

// 45 -> "45 s", 840 -> "14 min", 7500 -> "2 h 5 min", 200000 -> "2 d 7 h".
std::string DescribeDuration(int64_t seconds);

}  // namespace herald::pipeline
