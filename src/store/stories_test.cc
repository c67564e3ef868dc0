// Store: the story layer's assignments, merges and the story views, on both
// backends.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store_test_support.h"

namespace herald::store {
namespace {

class StoriesTest : public testing::BackendWithSource {
 protected:
  void SetUp() override {
    BackendWithSource::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto second = store_->AddSource(testing::SampleSource("https://second.example/feed.xml"));
    ASSERT_TRUE(second.ok());
    second_source_ = *second;
    auto third = store_->AddSource(testing::SampleSource("https://third.example/feed.xml"));
    ASSERT_TRUE(third.ok());
    third_source_ = *third;
  }

  // An article published `hour` hours after a fixed time, with its own text.
  int64_t Put(int64_t source_id, const std::string& slug, int hour, const std::string& title) {
    Article a = testing::SampleArticle(source_id, "https://example.com/" + slug);
    a.title = title;
    a.text = "Text of " + slug + " about harbour cranes and tides.";
    a.content_hash = slug;
    a.published = Timestamp{1759377180 + hour * 3600, 480, true};
    auto put = store_->PutArticle(a);
    EXPECT_TRUE(put.ok()) << put.message();
    return a.id;
  }

  std::vector<int64_t> Ids(const Result<std::vector<ArticleSummary>>& list) {
    EXPECT_TRUE(list.ok()) << list.message();
    std::vector<int64_t> ids;
    if (list.ok())
      for (const ArticleSummary& s : *list) ids.push_back(s.id);
    return ids;
  }

  int64_t second_source_ = 0, third_source_ = 0;
};
HERALD_ON_BOTH_BACKENDS(StoriesTest);

TEST_P(StoriesTest, AssignmentsAreStoredAndCopiesLeaveTheLists) {
  int64_t wire = Put(source_id_, "wire", 0, "Cranes return to the harbour");
  int64_t copy = Put(second_source_, "copy", 1, "Harbour cranes are back");
  int64_t other = Put(third_source_, "other", 2, "Tides reach a record");
  auto pending = store_->ArticlesWithoutStory(0, 10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_EQ(pending->front().sort_utc, 1759377180);

  ASSERT_TRUE(store_->RecordStories({{wire, 1, 0}, {copy, 1, wire}, {other, 2, 0}}, {}).ok());
  EXPECT_TRUE(store_->ArticlesWithoutStory(0, 10)->empty());
  auto stored = store_->GetArticle(copy);
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->story_id, 1);
  EXPECT_EQ((*stored)->duplicate_of, wire);

  // The copy is in no list, search or feed; the representative is.
  EXPECT_EQ(Ids(store_->LatestArticles(10, 0)), (std::vector<int64_t>{other, wire}));
  EXPECT_EQ(Ids(store_->SourceArticles(second_source_, 10, 0)), std::vector<int64_t>{});
  std::vector<int64_t> found = Ids(store_->Search({.text = "harbour"}));  // in every text
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<int64_t>{wire, other}));
  // "Also published by": each member sees the others, never itself.
  EXPECT_EQ(Ids(store_->CopiesOf(wire)), std::vector<int64_t>{copy});
  EXPECT_EQ(Ids(store_->CopiesOf(copy)), std::vector<int64_t>{wire});
  EXPECT_EQ(Ids(store_->CopiesOf(other)), std::vector<int64_t>{});
  // Hidden members are not offered.
  ASSERT_TRUE(store_->SetHidden(copy, true).ok());
  EXPECT_EQ(Ids(store_->CopiesOf(wire)), std::vector<int64_t>{});
}

TEST_P(StoriesTest, StorySummaryCountsVisibleArticlesAndPicksTheMostCopiedHeadline) {
  int64_t early = Put(source_id_, "early", 0, "First report");
  int64_t wire = Put(second_source_, "wire", 1, "The wire <b>story</b>");
  int64_t copy = Put(third_source_, "copy", 2, "A copy");
  ASSERT_TRUE(store_->RecordStories({{early, 7, 0}, {wire, 7, 0}, {copy, 7, wire}}, {}).ok());
  auto story = store_->GetStory(7);
  ASSERT_TRUE(story.ok() && *story) << story.message();
  EXPECT_EQ((*story)->headline_article_id, wire);
  EXPECT_EQ((*story)->headline, "The wire <b>story</b>");  // escaping is the page's job
  EXPECT_EQ((*story)->articles, 3);
  EXPECT_EQ((*story)->sources, 3);
  EXPECT_EQ((*story)->first_utc, 1759377180);
  EXPECT_EQ((*story)->last_utc, 1759377180 + 2 * 3600);
  EXPECT_EQ((*story)->languages, std::vector<std::string>{"en"});
  EXPECT_EQ(Ids(store_->StoryArticles(7)), (std::vector<int64_t>{early, wire, copy}));

  ASSERT_TRUE(store_->SetHidden(copy, true).ok());
  story = store_->GetStory(7);
  ASSERT_TRUE(story.ok() && *story);
  EXPECT_EQ((*story)->headline_article_id, early) << "hidden copies do not vote";
  EXPECT_EQ((*story)->sources, 2);
  EXPECT_FALSE(*store_->GetStory(8)) << "no visible article: no story";

  auto latest = store_->LatestStories(2, 0, 0, 10);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().id, 7);
  EXPECT_TRUE(store_->LatestStories(3, 0, 0, 10)->empty());
  EXPECT_TRUE(store_->LatestStories(2, latest->front().last_utc, 7, 10)->empty()) << "the cursor moves past it";
}

TEST_P(StoriesTest, MergesMoveArticlesAndOldIdsKeepResolving) {
  int64_t a = Put(source_id_, "a", 0, "A");
  int64_t b = Put(second_source_, "b", 1, "B");
  int64_t c = Put(third_source_, "c", 2, "C");
  ASSERT_TRUE(store_->RecordStories({{a, 1, 0}, {b, 2, 0}, {c, 3, 0}}, {}).ok());
  ASSERT_TRUE(store_->RecordStories({}, {{3, 2}}).ok());
  ASSERT_TRUE(store_->RecordStories({}, {{2, 1}}).ok());
  EXPECT_EQ(*store_->ResolveStory(3), 1) << "a merge into an absorbed story is re-pointed";
  EXPECT_EQ(*store_->ResolveStory(2), 1);
  EXPECT_EQ(*store_->ResolveStory(1), 1);
  EXPECT_EQ(*store_->ResolveStory(99), 99);
  EXPECT_EQ(Ids(store_->StoryArticles(1)), (std::vector<int64_t>{a, b, c}));
  auto merges = store_->StoryMerges();
  ASSERT_TRUE(merges.ok());
  ASSERT_EQ(merges->size(), 2u);
  EXPECT_EQ((*merges)[0].absorbed, 2);
  EXPECT_EQ((*merges)[1].survivor, 1);
}

TEST_P(StoriesTest, BadAssignmentsChangeNothing) {
  int64_t a = Put(source_id_, "a", 0, "A");
  EXPECT_EQ(store_->RecordStories({{a, 0, 0}}, {}).error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(store_->RecordStories({{a, 1, 0}}, {{4, 4}}).error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ((*store_->GetArticle(a))->story_id, 0);
  // A copy of an article deleted meanwhile stands on its own.
  ASSERT_TRUE(store_->RecordStories({{a, 1, 12345}}, {}).ok());
  EXPECT_EQ((*store_->GetArticle(a))->duplicate_of, 0);
  EXPECT_EQ(Ids(store_->LatestArticles(10, 0)), std::vector<int64_t>{a});
}

TEST_P(StoriesTest, RelatedPutsOtherPublishersOfTheStoryFirstAndOneArticlePerOtherStory) {
  int64_t self = Put(source_id_, "self", 0, "Harbour cranes return");
  int64_t own_copy = Put(second_source_, "own-copy", 1, "Harbour cranes return again");
  int64_t take = Put(third_source_, "take", 2, "Why the harbour cranes came back");
  int64_t other1 = Put(second_source_, "other1", 3, "Harbour tides and cranes");
  int64_t other2 = Put(third_source_, "other2", 4, "Harbour cranes and tides");
  ASSERT_TRUE(
      store_->RecordStories({{self, 1, 0}, {own_copy, 1, self}, {take, 1, 0}, {other1, 2, 0}, {other2, 2, 0}}, {})
          .ok());
  std::vector<int64_t> related = Ids(store_->RelatedArticles(self, 5));
  ASSERT_FALSE(related.empty());
  EXPECT_EQ(related.front(), take);
  EXPECT_EQ(std::count(related.begin(), related.end(), own_copy), 0) << "never a copy of the article";
  EXPECT_EQ(std::count(related.begin(), related.end(), self), 0);
  EXPECT_EQ(std::count(related.begin(), related.end(), other1) + std::count(related.begin(), related.end(), other2), 1)
      << "one article per other story";
  // From the copy's page: never its representative.
  std::vector<int64_t> from_copy = Ids(store_->RelatedArticles(own_copy, 5));
  EXPECT_EQ(std::count(from_copy.begin(), from_copy.end(), self), 0);
}

// Pages of stories walk every qualifying story once, most recently updated
// first, the id breaking ties, whatever the page size.
TEST_P(StoriesTest, LatestStoriesCursorWalksEveryStoryOnceInOrder) {
  // Stories 1..4 each with two publishers; 2 and 3 end at the same time;
  // story 5 has one publisher only.
  const std::vector<std::pair<int64_t, int>> last_hour = {{1, 5}, {2, 9}, {3, 9}, {4, 2}};
  std::vector<StoryAssignment> assignments;
  for (const auto& [story, hour] : last_hour) {
    std::string slug = "s" + std::to_string(story);
    assignments.push_back({Put(source_id_, slug + "a", 0, "Story " + slug), story, 0});
    assignments.push_back({Put(second_source_, slug + "b", hour, "Story " + slug + " again"), story, 0});
  }
  assignments.push_back({Put(third_source_, "alone", 20, "Alone"), 5, 0});
  ASSERT_TRUE(store_->RecordStories(assignments, {}).ok());
  const std::vector<int64_t> expected = {3, 2, 1, 4};
  for (int page_size : {1, 3, 10}) {
    std::vector<int64_t> seen;
    int64_t before_last = 0, before_id = 0;
    for (int round = 0; round < 10; ++round) {
      auto page = store_->LatestStories(2, before_last, before_id, page_size);
      ASSERT_TRUE(page.ok()) << page.message();
      if (page->empty()) break;
      for (const StorySummary& story : *page) seen.push_back(story.id);
      before_last = page->back().last_utc;
      before_id = page->back().id;
    }
    EXPECT_EQ(seen, expected) << "page size " << page_size;
  }
  auto all = store_->LatestStories(1, 0, 0, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  EXPECT_EQ(all->front().id, 5) << "the newest, with one publisher";
  EXPECT_FALSE(store_->LatestStories(1, 0, 0, -1).ok());
}

// A batch may name an article twice (the last verdict wins, as written in
// order) and may name itself as its own original (then it is no copy).
TEST_P(StoriesTest, RepeatedAndSelfReferringAssignmentsResolveLikeSequentialWrites) {
  int64_t a = Put(source_id_, "a", 0, "A");
  int64_t b = Put(second_source_, "b", 1, "B");
  ASSERT_TRUE(store_->RecordStories({{a, 1, 0}, {b, 1, a}, {b, 2, 0}, {a, 3, a}}, {}).ok());
  auto stored_a = store_->GetArticle(a);
  auto stored_b = store_->GetArticle(b);
  ASSERT_TRUE(stored_a.ok() && *stored_a && stored_b.ok() && *stored_b);
  EXPECT_EQ((*stored_a)->story_id, 3);
  EXPECT_EQ((*stored_a)->duplicate_of, 0);
  EXPECT_EQ((*stored_b)->story_id, 2);
  EXPECT_EQ((*stored_b)->duplicate_of, 0);
  // Merging a story into one that is merged later follows the chain.
  ASSERT_TRUE(store_->RecordStories({}, {{2, 3}, {3, 4}}).ok());
  EXPECT_EQ(*store_->ResolveStory(2), 4);
  EXPECT_EQ(Ids(store_->StoryArticles(4)), (std::vector<int64_t>{a, b}));
  EXPECT_TRUE(Ids(store_->StoryArticles(3)).empty());
  EXPECT_FALSE(*store_->GetStory(2));
}

TEST_P(StoriesTest, RestoreReadsAssignedArticlesSinceATimeInIdOrder) {
  int64_t old_one = Put(source_id_, "old", 0, "Old");
  int64_t new_one = Put(second_source_, "new", 48, "New");
  int64_t unassigned = Put(third_source_, "later", 49, "Later");
  ASSERT_TRUE(store_->RecordStories({{old_one, 1, 0}, {new_one, 2, 0}}, {}).ok());
  auto since = store_->ArticlesWithStorySince(1759377180 + 24 * 3600, 0, 10);
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ(since->front().id, new_one);
  EXPECT_EQ(since->front().story_id, 2);
  EXPECT_EQ(store_->ArticlesWithoutStory(0, 10)->front().id, unassigned);
}

}  // namespace
}  // namespace herald::store
