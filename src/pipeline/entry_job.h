// Internal to pipeline/: a feed entry as the payload of a durable "article"
// job (store.h Job), so that a queued article survives a restart with
// everything the feed said about it.
//
// Contract: DecodeEntry(EncodeEntry(e)) == e for every entry; DecodeEntry
// of anything else (a payload from a newer herald, a damaged row) returns
// kInvalidInput and never throws.
#pragma once

#include <string>

#include "common/result.h"
#include "feed/feed.h"

namespace herald::pipeline {

inline constexpr const char* kArticleJob = "article";

std::string EncodeEntry(const feed::Entry& entry);
Result<feed::Entry> DecodeEntry(const std::string& payload);

}  // namespace herald::pipeline
