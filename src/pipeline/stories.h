// pipeline/stories.h: the story layer's place in the ingest. Stored articles
// the story engine has not seen yet (story_id 0) go through one engine, in
// publication order within each batch read, and their stories, copy groups
// and story merges are written back (Store::RecordStories).
//
//   auto stage = StoryStage::Open(store);       // after each ingest round:
//   auto assigned = (*stage)->AssignPending();  // articles assigned now
//
// Restart: Open() rebuilds the engine's memory from the stored assignments
// (the articles within EngineOptions::memory_seconds of the newest article,
// then the recorded merges), so assignments continue as if the process had
// never stopped. Not thread-safe: one caller (the ingest loop).
#pragma once

#include <cstdint>
#include <memory>

#include "common/result.h"
#include "store/store.h"
#include "story/engine.h"

namespace herald::pipeline {

class StoryStage {
 public:
  static Result<std::unique_ptr<StoryStage>> Open(store::Store& store, story::EngineOptions options = {});

  // Assigns every article stored without a story; returns how many. An
  // article the engine refuses is reported and left unassigned (an error
  // names it); the others are assigned.
  Result<int64_t> AssignPending();

  // The engine's view of a stored article; `herald stories cluster` builds
  // the same from a JSON line, so both give the same answers.
  static story::ArticleInput InputOf(const store::ArticleForRules& article);

 private:
  StoryStage(store::Store& store, story::EngineOptions options) : store_(store), engine_(std::move(options)) {}
  Status Restore(int64_t memory_seconds);

  store::Store& store_;
  story::StoryEngine engine_;
};

}  // namespace herald::pipeline
