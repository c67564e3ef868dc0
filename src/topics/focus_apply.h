// Applying the site focus (topics/focus.h) to stored articles: the store's
// Article::out_of_focus follows the [focus] rule and source sections in
// force, kept with the rule's fingerprint (meta "focus.fingerprint") the
// same way topic memberships are (topics/apply.h).
#pragma once

#include <cstdint>

#include "common/result.h"
#include "store/store.h"
#include "topics/apply.h"
#include "topics/focus.h"

namespace herald::topics {

inline constexpr char kFocusFingerprintKey[] = "focus.fingerprint";

struct FocusReport {
  bool recomputed = false;   // false: the stored flags were current
  int64_t articles = 0;      // articles tested again
  int64_t changed = 0;       // articles that entered or left the focus
  int64_t out_of_focus = 0;  // articles outside it now
};

// Tests every stored article, batch_size per transaction, writes the flags
// that changed, then stores the matcher's fingerprint.
Result<FocusReport> ApplyFocus(store::Store& store, const FocusMatcher& matcher, int batch_size = 500,
                               const Progress& progress = {});

// ApplyFocus when the stored fingerprint differs from the matcher's.
Result<FocusReport> ApplyFocusIfChanged(store::Store& store, const FocusMatcher& matcher, int batch_size = 500);

// Sets one just-stored article's flag (article.id set, as PutArticle leaves it).
Status ApplyFocusToArticle(store::Store& store, const FocusMatcher& matcher, const store::Article& article);

}  // namespace herald::topics
