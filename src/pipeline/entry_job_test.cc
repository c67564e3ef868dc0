#include "pipeline/entry_job.h"

#include <gtest/gtest.h>

namespace herald::pipeline {
namespace {

bool SameEntry(const feed::Entry& a, const feed::Entry& b) {
  return a.id == b.id && a.link == b.link && a.title == b.title && a.summary == b.summary &&
         a.content == b.content && a.authors == b.authors && a.categories == b.categories &&
         a.published == b.published && a.updated == b.updated && a.image_url == b.image_url &&
         a.language == b.language;
}

TEST(EntryJob, RoundTripsEveryField) {
  feed::Entry e;
  e.id = "urn:x:1";
  e.link = "https://news.example.com/a?b=1&c=\"2\"";
  e.title = "颱風 \"Ragasa\" \\ nears";
  e.summary = "<p>Summary &amp; more</p>";
  e.content = "<p>Body</p>\n<p>二</p>";
  e.authors = {"A", "李"};
  e.categories = {"world"};
  e.published = Timestamp{1759377180, 480, true};
  e.updated = Timestamp{1759380000, 0, false};
  e.image_url = "https://img.example.com/x.jpg";
  e.language = "zh";
  auto back = DecodeEntry(EncodeEntry(e));
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(SameEntry(e, *back));
  feed::Entry empty;
  auto empty_back = DecodeEntry(EncodeEntry(empty));
  ASSERT_TRUE(empty_back.ok());
  EXPECT_TRUE(SameEntry(empty, *empty_back));
}

TEST(EntryJob, DamagedPayloadIsAnErrorNotACrash) {
  for (const char* bad : {"", "{", "[]", "{\"id\":1}", "null", "{\"id\":\"x\"}"}) {
    auto e = DecodeEntry(bad);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().kind, ErrorKind::kInvalidInput);
  }
}

TEST(EntryJob, RefetchJobCarriesWhatTheStoreKnows) {
  store::Article a;
  a.id = 7;
  a.source_id = 3;
  a.url = "https://news.example/world/asia/typhoon.html?ref=feed";
  a.canonical_url = "https://news.example/world/asia/typhoon.html";
  a.title = "Typhoon nears";
  a.html = "<p>Stored body</p>";
  a.byline = {"Jane Doe"};
  a.published = Timestamp{1759377180, 480, true};
  a.modified = Timestamp{1759380000, 480, true};
  a.lead_image_url = "https://news.example/lead.jpg";
  a.language = "en";
  store::Job job = RefetchJob(a);
  EXPECT_EQ(job.kind, kArticleJob);
  EXPECT_EQ(job.source_id, 3);
  EXPECT_EQ(job.key, a.canonical_url);  // the key ingest gives the page's job
  auto entry = DecodeEntry(job.payload);
  ASSERT_TRUE(entry.ok()) << entry.message();
  EXPECT_EQ(entry->link, a.url);
  EXPECT_EQ(entry->title, a.title);
  EXPECT_EQ(entry->content, a.html);  // kept when the page yields no text
  EXPECT_EQ(entry->authors, a.byline);
  EXPECT_EQ(entry->published, a.published);
  EXPECT_EQ(entry->updated, a.modified);
  EXPECT_EQ(entry->image_url, a.lead_image_url);
  EXPECT_EQ(entry->language, "en");
  a.url.clear();  // never recorded: the canonical URL is the page
  EXPECT_EQ(DecodeEntry(RefetchJob(a).payload)->link, a.canonical_url);
}

}  // namespace
}  // namespace herald::pipeline
