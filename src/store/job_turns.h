// ClaimJobs' turns among sources, shared by both backends. Within a claim,
// sources take turns (each one's oldest job, then each one's second); from
// one claim to the next the turns go on round the sources from where the
// last claim stopped, so consecutive batches of one worker reach different
// hosts and do not wait on the politeness delay of the hosts just fetched.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace herald::store {

// The ORDER BY of the claim's ranking, over columns `turn` (the job's rank
// within its source) and `source_id`, with the cursor bound as `cursor_param`.
inline std::string JobTurnOrder(const std::string& cursor_param) {
  return "ORDER BY turn, source_id <= " + cursor_param + ", source_id, id ";
}

// The cursor after claiming `claimed` from `cursor`: the last source reached
// going round from it (the highest above it, else the highest at or below).
inline int64_t NextClaimCursor(const std::vector<Job>& claimed, int64_t cursor) {
  int64_t above = 0, wrapped = 0;
  for (const Job& job : claimed) {
    if (job.source_id > cursor) above = std::max(above, job.source_id);
    else wrapped = std::max(wrapped, job.source_id);
  }
  return wrapped != 0 ? wrapped : (above != 0 ? above : cursor);
}

}  // namespace herald::store
