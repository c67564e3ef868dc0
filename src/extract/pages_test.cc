// The whole extractor on small hand-written pages: one per metadata source
// (testdata/metadata) and one per boilerplate pattern (testdata/boilerplate),
// each with the exact fields it must produce.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

#include "extract/extract.h"

namespace herald::extract {
namespace {

struct PageCase {
  const char* file;      // under src/extract/testdata/
  const char* url;       // the page's URL
  const char* expected;  // ToJson fields except html, excerpt and the counts
  const char* html = nullptr;  // the exact sanitized body, where figures and links matter
};

std::string ReadTestPage(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/extract/testdata/" + name, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

nlohmann::json Checked(const Article& article) {
  nlohmann::json json = ToJson(article);
  for (const char* derived : {"html", "excerpt", "word_count", "reading_time_minutes"}) json.erase(derived);
  return json;
}

class PagesTest : public testing::TestWithParam<PageCase> {};

TEST_P(PagesTest, ExtractsExactFields) {
  const PageCase& page = GetParam();
  std::string bytes = ReadTestPage(page.file);
  ASSERT_FALSE(bytes.empty()) << "missing test page " << page.file;
  Options options;
  options.url = page.url;
  Result<Article> article = Extract(bytes, options);
  ASSERT_TRUE(article.ok()) << article.message();
  EXPECT_EQ(Checked(*article).dump(2), nlohmann::json::parse(page.expected).dump(2)) << page.file;
  if (page.html) {
    EXPECT_EQ(article->html, page.html) << page.file;
  }
}

std::string CaseName(const testing::TestParamInfo<PageCase>& info) {
  std::string name;
  for (const char* c = info.param.file; *c; ++c) {
    if (*c == '.') break;
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  }
  return name;
}

const PageCase kMetadataPages[] = {
    {"metadata/jsonld_graph.html", "https://news.example/2025/harbour",
     R"({
      "title": "Harbour tunnel opens after six years",
      "byline": ["Jane Doe", "John Roe"],
      "published": "2025-10-02T11:53:00+08:00",
      "modified": "2025-10-03T08:00:00Z",
      "site_name": "The Daily Example",
      "section": "City",
      "tags": ["transport", "Harbour"],
      "language": "en",
      "canonical_url": "",
      "lead_image": {"caption": "The tunnel entrance at dawn", "credit": "", "height": 675, "url": "https://news.example/img/tunnel.jpg", "width": 1200},
      "paywalled": true,
      "text": "The harbour tunnel opened to traffic on Thursday morning, six years after the first shaft was dug beneath the busy shipping lane.\n\nOfficials said the crossing would cut the journey between the two districts from forty minutes to less than ten, easing congestion on the old bridge.\n\nCommuters queued before dawn to be among the first to drive through, and some brought their children to mark the occasion."
    })"},
    {"metadata/jsonld_reportage.html", "https://news.example/world/valley",
     R"({
      "title": "Inside the flooded valley",
      "byline": ["Maria Lopez"],
      "published": "2025-07-14T06:30:00-04:00",
      "modified": null,
      "site_name": "Field Notes",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": {"caption": "", "credit": "", "height": 0, "url": "https://cdn.news.example/valley-16x9.jpg", "width": 0},
      "paywalled": true,
      "text": "The water came at night, filling the valley floor within hours and leaving the farming villages along the river cut off from the main road.\n\nBy morning, rescue teams in small boats were moving from roof to roof, collecting families who had spent the night in their attics.\n\nResidents say the warnings came too late, and that the levee built a decade ago had never been inspected since it was finished."
    })"},
    {"metadata/opengraph.html", "https://news.example/economie/vendanges?utm_source=x",
     R"({
      "title": "Les vendanges commencent tôt cette année",
      "byline": [],
      "published": "2025-08-20T07:00:00+02:00",
      "modified": "2025-08-20T09:15:00+02:00",
      "site_name": "Le Monde Example",
      "section": "Économie",
      "tags": ["vin", "agriculture"],
      "language": "fr",
      "canonical_url": "https://news.example/economie/vendanges",
      "lead_image": {"caption": "Des vendangeurs dans une vigne.", "credit": "Jean Martin", "height": 900, "url": "https://cdn.news.example/vendanges.jpg", "width": 1600},
      "paywalled": true,
      "text": "Dans les vignobles du sud, les premières grappes ont été coupées dès la mi-août, deux semaines plus tôt que la moyenne des dix dernières années.\n\nLes viticulteurs expliquent que la chaleur de juillet a accéléré la maturation, tout en réduisant les volumes attendus pour cette récolte."
    })"},
    {"metadata/twitter_card.html", "https://news.example/city/bike-lanes",
     R"({
      "title": "City council votes to expand bike lanes",
      "byline": ["Sam Carter"],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "https://news.example/city/bike-lanes",
      "lead_image": {"caption": "Cyclists on Main Street", "credit": "", "height": 0, "url": "https://news.example/img/bikes.jpg", "width": 0},
      "paywalled": false,
      "text": "The city council voted eight to three on Tuesday to add forty kilometres of protected bike lanes over the next three years.\n\nSupporters said the network would make cycling safer for children, while opponents warned of lost parking on busy shopping streets."
    })"},
    {"metadata/meta_name.html", "https://news.example/region/neue-bruecke.html",
     R"({
      "title": "Neue Brücke über den Rhein eröffnet",
      "byline": ["Anna Schmidt", "Peter Müller"],
      "published": "2025-05-12T10:00:00+02:00",
      "modified": "2025-05-12T14:30:00+02:00",
      "site_name": "Rheinblatt",
      "section": "Region",
      "tags": ["Verkehr", "Rhein", "Brücke"],
      "language": "de",
      "canonical_url": "https://news.example/region/neue-bruecke",
      "lead_image": {"caption": "", "credit": "", "height": 0, "url": "https://cdn.news.example/bruecke.jpg", "width": 0},
      "paywalled": false,
      "text": "Nach vier Jahren Bauzeit ist die neue Brücke über den Rhein am Montag für den Verkehr freigegeben worden, wie die Stadt mitteilte.\n\nDie Verbindung soll die alte Fähre ersetzen, die seit mehr als fünfzig Jahren zwischen den beiden Ufern pendelte."
    })"},
    {"metadata/dublin_core.html", "https://journal.example/records/4411",
     R"({
      "title": "Soil carbon in alpine meadows",
      "byline": ["Lena Berg", "Tomas Novak"],
      "published": "2024-11-05",
      "modified": "2024-12-01T09:00:00Z",
      "site_name": "Alpine Research Review",
      "section": "",
      "tags": ["soil", "carbon", "alpine ecology"],
      "language": "de",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Meadows above the tree line store more carbon in their soils than models had assumed, according to a five-year survey of forty sites.\n\nThe researchers dug more than two thousand soil cores and found that grazing had little effect on the amount of carbon stored below ground."
    })"},
    {"metadata/microdata.html", "https://news.example/sport/cup-final",
     R"({
      "title": "Team wins the cup in extra time",
      "byline": ["Ola Nordmann"],
      "published": "2025-06-01T21:45:00+02:00",
      "modified": null,
      "site_name": "Sports Weekly",
      "section": "Football",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": {"caption": "Players lift the trophy.", "credit": "Kari Hansen", "height": 683, "url": "https://news.example/img/cup.jpg", "width": 1024},
      "paywalled": false,
      "text": "The home side won the cup on Sunday night with a goal four minutes into extra time, ending a wait of twenty-two years for a trophy.\n\nThousands of supporters stayed in the stadium long after the final whistle, singing as the players carried the cup around the pitch."
    })"},
    {"metadata/time_byline.html", "https://news.example/local/library",
     R"({
      "title": "Library reopens with a rooftop garden",
      "byline": ["Priya Shah", "Tom Baker"],
      "published": "2025-03-08T09:00:00Z",
      "modified": "2025-03-09T12:00:00Z",
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The central library reopened on Saturday after a two-year renovation that added a reading room, a café and a garden on its roof.\n\nVisitors queued along the high street before the doors opened, and the children's section ran out of library cards by noon."
    })"},
    {"metadata/rel_author.html", "https://news.example/markets/wheat",
     R"({
      "title": "Wheat prices climb as drought spreads",
      "byline": ["Li Wei"],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Wheat futures rose for a fifth day on Monday as a drought spread across the southern plains, threatening the winter crop.\n\nTraders said the market was also watching shipping lanes in the Black Sea, where insurance costs have risen sharply this month."
    })"},
    {"metadata/url_date.html", "https://news.example/2025/10/02/night-market/",
     R"({
      "title": "Night market returns to the old quarter",
      "byline": [],
      "published": "2025-10-02",
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The night market returned to the old quarter on Friday for the first time since the pandemic, with more than a hundred stalls lining the narrow lanes.\n\nStallholders sold grilled squid, noodles and hand-made lanterns until well past midnight, and the crowds showed no sign of thinning."
    })"},
    {"metadata/fallbacks.html", "https://news.example/p/12345",
     R"({
      "title": "Volunteers clean up the river bank",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "More than two hundred volunteers spent Saturday morning pulling plastic, tyres and shopping trolleys out of the river and off its banks.\n\nThe organisers said they collected four tonnes of rubbish in three hours, and plan to return every spring until the bank is clear."
    })"},
};
INSTANTIATE_TEST_SUITE_P(Metadata, PagesTest, testing::ValuesIn(kMetadataPages), CaseName);

const PageCase kBoilerplatePages[] = {
    {"boilerplate/navigation.html", "https://news.example/news/ferry",
     R"({
      "title": "Ferry fares to rise in spring",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Ferry fares between the mainland and the islands will rise by six per cent in April, the operator announced on Wednesday.\n\nThe company blamed higher fuel costs and the price of new vessels, and said discounts for island residents would stay in place."
    })"},
    {"boilerplate/share_bar.html", "https://news.example/culture/bronzes",
     R"({
      "title": "Museum returns bronze heads",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The national museum has returned twelve bronze heads to the city they were taken from more than a century ago, ending a long campaign.\n\nThe heads will go on show in a new gallery next year, and local historians plan to record the stories that families tell about them."
    })"},
    {"boilerplate/audio_player_zh.html", "https://news.example/zh/jobs",
     R"({
      "title": "新经济行业吸纳就业持续增加",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "zh",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "国家统计局最新数据显示，今年前三季度，新经济行业吸纳就业人数持续增加，成为稳定就业的重要力量。\n\n专家表示，数字经济、绿色能源和现代服务业的快速发展，为高校毕业生提供了大量新的就业岗位，也带动了相关产业链上下游的用工需求。"
    })"},
    {"boilerplate/audio_player_en.html", "https://news.example/business/rates",
     R"({
      "title": "Rates held steady as inflation cools",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The central bank held interest rates steady on Thursday as inflation cooled for a third month.\n\nEconomists had expected the pause, though two members of the board voted for a cut, saying growth was slowing faster than forecast."
    })"},
    {"boilerplate/newsletter_donate.html", "https://news.example/nature/beavers",
     R"({
      "title": "Beavers return to the valley",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Beavers have returned to the upper valley for the first time in four hundred years, after a family was released into a fenced site last spring.\n\nTheir dams have already slowed the stream and created ponds where frogs, dragonflies and herons have settled in large numbers."
    })"},
    {"boilerplate/related_teasers.html", "https://news.example/news/storm",
     R"({
      "title": "Storm closes schools across the north",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Hundreds of schools across the north were closed on Tuesday as a storm brought snow, ice and winds of up to ninety miles an hour.\n\nPower companies said around forty thousand homes were without electricity, mostly in rural areas where lines had been brought down."
    })",
     R"(<p>Hundreds of schools across the north were closed on Tuesday as a storm brought snow, ice and winds of up to ninety miles an hour.</p><p>Power companies said around forty thousand homes were without electricity, mostly in rural areas where lines had been brought down.</p>)"},
    {"boilerplate/comments.html", "https://news.example/local/cinema",
     R"({
      "title": "Town votes to keep its last cinema",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "Residents voted by a large majority on Sunday to buy the town's last cinema and run it as a community trust, saving it from demolition.\n\nThe trust will take over in the summer and plans to show new films on weekends and classics on weekday afternoons for older residents."
    })"},
    {"boilerplate/cookie_banner.html", "https://news.example/culture/salt-mine",
     R"({
      "title": "Orchestra plays in the salt mine",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The city orchestra gave a concert two hundred metres underground on Saturday, in a hall carved out of the old salt mine.\n\nMusicians said the sound in the chamber was unlike anything they had played in, warm and clear despite the bare walls of rock."
    })"},
    {"boilerplate/ads.html", "https://news.example/energy/wind",
     R"({
      "title": "Wind farm approved off the coast",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The government approved a wind farm of sixty turbines off the east coast on Friday, enough to power around half a million homes.\n\nConstruction is due to begin next year, and the developer says the turbines will be running before the end of the decade."
    })"},
    {"boilerplate/byline_in_body.html", "https://news.example/business/bakery",
     R"({
      "title": "Bakery chain to open fifty shops",
      "byline": ["Grace Kim"],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "A bakery chain that began as a single shop in a market hall plans to open fifty new branches this year, creating around eight hundred jobs.\n\nIts founder said the company would focus on towns that had lost their high-street bakers, where rents have fallen in recent years."
    })"},
    {"boilerplate/repeated_blocks.html", "https://news.example/science/glacier",
     R"({
      "title": "Glacier retreat speeds up",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": null,
      "paywalled": false,
      "text": "The glacier lost more ice last summer than in any year since records began, scientists said, retreating almost half a kilometre.\n\n\"We are watching a landscape disappear within a single lifetime,\" said the lead researcher.\n\nMeasurements taken by drones show the ice front has thinned by twelve metres since spring, exposing bare rock that was covered for centuries.\n\nThe team plans to return next year with more instruments to measure the meltwater flowing from beneath the glacier."
    })"},
    {"boilerplate/figure_credit.html", "https://news.example/world/summit",
     R"({
      "title": "Leaders meet at the border",
      "byline": [],
      "published": null,
      "modified": null,
      "site_name": "",
      "section": "",
      "tags": [],
      "language": "en",
      "canonical_url": "",
      "lead_image": {"caption": "The two leaders shake hands at the border crossing.", "credit": "Getty Images", "height": 800, "url": "https://cdn.news.example/summit.jpg", "width": 1200},
      "paywalled": false,
      "text": "The two leaders shook hands at the border crossing on Monday, their first meeting since talks collapsed three years ago.\n\nBoth sides said the talks had been constructive, and agreed to meet again within six months to discuss trade and fishing rights."
    })",
     R"(<figure><img src="https://cdn.news.example/summit.jpg" width="1200" height="800"><figcaption>The two leaders shake hands at the border crossing. <small>Getty Images</small></figcaption></figure><p>The two leaders shook hands at the border crossing on Monday, their first meeting since talks collapsed three years ago.</p><p>Both sides said the talks had been constructive, and agreed to meet again within six months to discuss trade and fishing rights.</p><figure><img src="https://news.example/img/crowd.jpg"><figcaption>Crowds gather to watch the motorcade <small>Ana Silva/Reuters</small></figcaption></figure>)"},
};
INSTANTIATE_TEST_SUITE_P(Boilerplate, PagesTest, testing::ValuesIn(kBoilerplatePages), CaseName);

}  // namespace
}  // namespace herald::extract
