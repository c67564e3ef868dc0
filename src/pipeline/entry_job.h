// A feed entry as the payload of a durable "article" job (store.h Job), so
// that a queued article survives a restart with everything the feed said
// about it. Internal to pipeline/ but for RefetchJob, which cli's
// `herald reprocess --refetch` queues.
//
// Contract: DecodeEntry(EncodeEntry(e)) == e for every entry; DecodeEntry
// of anything else (a payload from a newer herald, a damaged row) returns
// kInvalidInput and never throws.
#pragma once

#include <string>

#include "common/result.h"
#include "feed/feed.h"
#include "store/store.h"

namespace herald::pipeline {

inline constexpr const char* kArticleJob = "article";

std::string EncodeEntry(const feed::Entry& entry);
Result<feed::Entry> DecodeEntry(const std::string& payload);

// The job that fetches and extracts a stored article's page again (after
// its source's extraction rules changed): the entry carries what the store
// knows, so a page that yields no text keeps the stored body.
store::Job RefetchJob(const store::Article& article);

}  // namespace herald::pipeline
