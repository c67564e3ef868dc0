// Publishers, the English-language articles and the table helpers. Every
// person, outlet and quotation here is fictional.
#include "demo/content.h"

#include <stdexcept>

namespace herald::demo {
namespace {

constexpr int kHongKong = 8 * 60;
constexpr int kNewYork = -4 * 60;
constexpr int kLondon = 1 * 60;
constexpr int kUtc = 0;

LocalTime At(int month, int day, int hour, int minute, int offset) {
  return LocalTime{2025, month, day, hour, minute, offset};
}

// One wire story, republished word for word by two clients.
const std::vector<std::string>& RareEarthWireBody() {
  static const std::vector<std::string> body = {
      "China's commerce ministry on Tuesday added seven rare earth elements to its export control list and "
      "said foreign buyers would need a licence for any product containing more than 0.1 per cent of "
      "Chinese-origin material by value, a sharp widening of rules first introduced in April.",
      "The ministry said the measures were needed to protect national security and to stop the metals from "
      "being diverted to military users. Licences will be reviewed within 45 working days, it said, and "
      "exporters must report the end user of every shipment.",
      "China refines roughly nine-tenths of the world's heavy rare earths, which are used in the magnets of "
      "electric vehicles, wind turbines, guided missiles and smartphones. Previous rounds of controls caused "
      "shipments of some magnets to fall by more than half within weeks.",
      "\"Every purchasing manager in the industry is going to spend tomorrow reading the annex,\" said Helena "
      "Marsh, a supply-chain analyst at the consultancy Northgate Metals. \"The threshold is low enough that "
      "almost any motor made anywhere could be caught.\"",
      "Trade officials in Washington, Brussels and Tokyo said they were studying the rules. Prices for "
      "dysprosium oxide in Rotterdam rose 6 per cent in late trading.",
  };
  return body;
}

std::vector<std::string> WithIntro(std::string intro, const std::vector<std::string>& body) {
  std::vector<std::string> out{std::move(intro)};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<Article> HarbourTimes() {
  std::vector<Article> out;
  Article a;
  a.publisher_id = "harbour-times";
  a.slug = "arctic-thaw-polar-ambitions";
  a.section = "China";
  a.title = "Arctic thaw: China’s polar ambitions face test as Washington and Moscow eye cooperation";
  a.authors = {"Mei Lin Chow"};
  a.published = At(10, 1, 9, 30, kHongKong);
  a.modified = At(10, 1, 14, 5, kHongKong);
  a.language = "en";
  a.summary = "Talk of US-Russian cooperation in the far north could crowd out Beijing’s own Arctic plans, analysts say.";
  a.caption = "A research icebreaker moored off Svalbard in August";
  a.credit = "Harbour Times Archive";
  a.paragraphs = {
      "When American and Russian officials met in Anchorage in August, the Arctic came up more often than "
      "either side had signalled beforehand, according to three people briefed on the talks.",
      "A Russian delegate told reporters afterwards that cooperation between the far east of Russia and the "
      "west coast of the United States was “very possible”, though he gave no details of what it might cover.",
      "The remarks have prompted a debate in Beijing, which has spent a decade building research stations, "
      "icebreakers and shipping partnerships in the region while describing itself as a “near-Arctic state”.",
      "“Both sides are aware of their common interests in the region,” said Dr Anselm Kruger, a senior "
      "fellow at the Tromsø Polar Policy Centre. “These include energy, shipping and, possibly, a shared wish "
      "to limit how much room a third power has.”",
      "Professor Xu Wenjie of the Northern Sea Studies Institute in Dalian said the areas of potential "
      "cooperation – resources, shipping routes and port infrastructure – overlapped almost exactly with "
      "those China and Russia had agreed on in 2023.",
      "“If Moscow has a second partner, Beijing’s leverage falls,” Xu said. “That does not end Chinese "
      "projects, but it makes each of them more expensive to negotiate.”",
      "Chinese carriers made a record number of voyages along the Northern Sea Route this summer, and two "
      "new polar research vessels are due to enter service before 2027.",
  };
  a.tags = {"Arctic", "China-Russia relations", "Diplomacy"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "harbour-times";
  a.slug = "typhoon-mirae-signal-8";
  a.section = "Hong Kong";
  a.title = "Typhoon Mirae: Observatory raises No 8 signal as schools and markets close";
  a.authors = {"Kenneth Ip", "Sara Leung"};
  a.published = At(9, 24, 6, 15, kHongKong);
  a.modified = At(9, 24, 9, 40, kHongKong);
  a.language = "en";
  a.summary = "The storm is expected to pass within 100km of the city on Wednesday afternoon.";
  a.caption = "Waves crash against the seawall at Heng Fa Chuen as Typhoon Mirae approaches";
  a.credit = "Harbour Times / Alvin Tsang";
  a.paragraphs = {
      "The Hong Kong Observatory raised the No 8 gale or storm signal at 5.40am on Wednesday as Typhoon "
      "Mirae edged closer, shutting schools, the stock exchange and most government services.",
      "Forecasters said the storm, packing sustained winds of 165km/h near its centre, would pass about "
      "90km south of the city in the afternoon and that a higher signal could not be ruled out.",
      "Residents in low-lying areas of Tai O and Lei Yue Mun were urged to move to temporary shelters, 32 of "
      "which opened overnight. The Airport Authority said more than 400 flights had been cancelled.",
      "“We expect serious flooding along the coast at high tide, around 3pm,” said senior forecaster Chan "
      "Wing-yan. “People should stay indoors and away from the shoreline until the signal is lowered.”",
      "The MTR said services would run at reduced frequency on open-air sections for as long as the signal "
      "remained in force.",
  };
  a.tags = {"Typhoon", "Weather", "Hong Kong"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "harbour-times";
  a.slug = "golden-week-visitors";
  a.section = "Hong Kong";
  a.title = "Mainland visitor arrivals up 5 per cent as ‘golden week’ opens";
  a.authors = {"Sara Leung"};
  a.published = At(10, 2, 18, 40, kHongKong);
  a.modified = At(10, 2, 18, 40, kHongKong);
  a.language = "en";
  a.summary = "Retailers expect long-haul travellers to spend more than last year.";
  a.caption = "Tourists go shopping in Mong Kok during the ‘golden week’ holiday";
  a.credit = "Edmond Siu";
  a.paragraphs = {
      "Hong Kong recorded a 5 per cent year-on-year rise in mainland Chinese visitors on the first day of "
      "the National Day “golden week” break, immigration figures showed on Thursday.",
      "A total of 553,870 inbound trips were logged on Wednesday, of which about 214,000 were made by "
      "mainland residents. Most crossed at Lo Wu and the Hong Kong-Zhuhai-Macau Bridge.",
      "Tourism sector leaders said they expected arrivals to peak on Friday and that visitors from further "
      "afield, such as Chengdu and Xi’an, were staying longer and spending more than day-trippers from "
      "Shenzhen.",
      "“Hotel occupancy is above 90 per cent for the first three nights,” said Annie Kwok, chairwoman of a "
      "hotel owners’ group. “What we want to see now is spending outside the shopping districts.”",
  };
  a.metadata = Metadata::kOpenGraphOnly;
  a.tags = {"Tourism", "Golden week"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "harbour-times";
  a.slug = "rare-earth-traders-brace";
  a.section = "Business";
  a.title = "Hong Kong traders brace as Beijing tightens rare earth licences";
  a.authors = {"Tomas Varga"};
  a.published = At(9, 30, 21, 10, kHongKong);
  a.modified = At(9, 30, 21, 10, kHongKong);
  a.language = "en";
  a.summary = "New rules cover any product with more than 0.1 per cent Chinese rare earth content.";
  a.caption = "Rare earth magnets at a factory in Ganzhou, Jiangxi province";
  a.credit = "Pacific Wire";
  a.paragraphs = WithIntro(
      "Electronics traders in Hong Kong said on Tuesday night they were already fielding calls from overseas "
      "buyers worried about supply, hours after Beijing announced the new rules.",
      RareEarthWireBody());
  a.syndicated_from_slug = "pacific-wire/rare-earth-licences";
  a.tags = {"Rare earths", "Trade", "Export controls"};
  out.push_back(a);
  return out;
}

std::vector<Article> AtlanticLedger() {
  std::vector<Article> out;
  Article a;
  a.publisher_id = "atlantic-ledger";
  a.slug = "china-factory-robots-race";
  a.section = "Tech";
  a.title = "China Is Pulling Ahead in the Race for Factory Robots";
  a.authors = {"Daniel Hurst"};
  a.published = At(9, 29, 5, 30, kNewYork);
  a.modified = At(9, 29, 11, 0, kNewYork);
  a.language = "en";
  a.summary = "While the U.S. celebrates its AI software, China is quietly winning the race to put AI into machines.";
  a.caption = "Robots on display from a Chinese appliance maker at a trade fair in Berlin, Sept. 5";
  a.credit = "Lena Vogt for The Atlantic Ledger";
  a.paragraphs = {
      "While the U.S. celebrates its lead in artificial-intelligence software, China is quietly winning a "
      "race that might end up mattering more: building the robots that put AI to work in the physical world.",
      "Chinese factories installed more industrial robots last year than the rest of the world combined, "
      "according to an industry federation, and domestic brands now supply more than half of them.",
      "The shift has been swift. Five years ago, foreign makers from Japan, Germany and Switzerland "
      "dominated the market; today, companies from Shenzhen and Hangzhou sell arms at prices their rivals "
      "struggle to match.",
      "Executives say the advantage comes from density: suppliers of motors, reducers and sensors sit within "
      "a few hours' drive of each other, and new designs can be tested on real production lines within weeks.",
      "\"We can iterate a gripper on Monday and have it on a customer's line by Friday,\" said Zhou Kai, "
      "chief executive of a Suzhou-based robot maker that counts three carmakers among its clients.",
      "American lawmakers have proposed tax credits for domestic robot production, but industry groups warn "
      "that subsidies alone cannot recreate a supply chain that took two decades to build.",
      "Some U.S. startups are betting on software instead, licensing control systems to Chinese hardware "
      "makers—an approach that could leave them exposed if export rules tighten further.",
  };
  a.free_paragraphs = 3;
  a.tags = {"Robotics", "Artificial intelligence", "Manufacturing"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "atlantic-ledger";
  a.slug = "beijing-rare-earth-licensing-rules";
  a.section = "World";
  a.title = "Beijing Tightens Grip on Rare-Earth Exports With New Licensing Rules";
  a.authors = {"Tomas Varga"};
  a.published = At(9, 30, 9, 45, kNewYork);
  a.modified = At(9, 30, 9, 45, kNewYork);
  a.language = "en";
  a.summary = "Buyers abroad will need a license for products with even small amounts of Chinese rare earths.";
  a.caption = "Rare earth magnets at a factory in Ganzhou, Jiangxi province";
  a.credit = "Pacific Wire";
  a.paragraphs = RareEarthWireBody();
  a.syndicated_from_slug = "pacific-wire/rare-earth-licences";
  a.tags = {"Rare earths", "Trade"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "atlantic-ledger";
  a.slug = "tariffs-chip-controls-fine-print";
  a.section = "Markets";
  a.title = "Tariffs & \"Chip Controls\": <script>alert(1)</script> What the Fine Print Says";
  a.authors = {"Rachel Ostrowski", "Ben Carter"};
  a.published = At(10, 2, 16, 20, kNewYork);
  a.modified = At(10, 2, 17, 2, kNewYork);
  a.language = "en";
  a.summary = "Readers asked what the new rules mean for small shipments & cloud services. Here is what we found.";
  a.caption = "Containers stacked at the Port of Long Beach, Calif.";
  a.credit = "Marco Ruiz/The Atlantic Ledger";
  a.paragraphs = {
      "The Commerce Department's latest rule runs to 212 pages, and most of its changes sit in footnotes "
      "& annexes rather than the headline tables.",
      "Shipments worth < $800 no longer enter duty-free when they contain advanced chips, a change that "
      "customs brokers say will touch thousands of small online sellers.",
      "Cloud providers must now confirm that customers training large models are not \"headquartered in, "
      "or controlled from\" a country of concern—a test lawyers say is far from simple to apply.",
      "Companies have 60 days to comment. Several trade groups said on Thursday that they would ask for the "
      "deadline to be extended.",
      // Hostile text for the aggregator's escaping: it must stay text on every page that shows it.
      "One reader's question arrived as <img src=x onerror=\"window.__xss=1;alert(2)\"> and another pasted "
      "<script>window.__xss=3</script> into our form; we print both here exactly as they were sent.",
  };
  a.tags = {"Tariffs", "Semiconductors", "Export controls"};
  out.push_back(a);
  return out;
}

std::vector<Article> Northbridge() {
  std::vector<Article> out;
  Article a;
  a.publisher_id = "northbridge";
  a.slug = "k-visa-tech-talent";
  a.section = "Asia";
  a.title = "China launches a new visa to attract tech talent, but young graduates are wary";
  a.authors = {"Grace Whitfield"};
  a.published = At(10, 1, 7, 5, kLondon);
  a.modified = At(10, 1, 12, 30, kLondon);
  a.language = "en";
  a.summary = "The K visa took effect on Wednesday amid a row over jobs for local graduates.";
  a.caption = "Graduates queue at a job fair in Wuhan in June";
  a.credit = "Getty Images";
  a.paragraphs = {
      "When China first announced a new visa for foreign professionals in science and technology in August, "
      "it largely went unnoticed.",
      "But the K visa, which took effect on Wednesday, was thrust into the spotlight last week after a "
      "foreign news outlet described it as “China’s answer to the H-1B”, the US visa for skilled workers.",
      "Unlike the American scheme, the K visa does not require applicants to have a job offer. Young "
      "graduates in relevant fields from recognised universities may apply, and may stay to start a "
      "business or take part in research.",
      "The announcement drew criticism on Chinese social media, where users pointed out that youth "
      "unemployment in cities stood at nearly 19% in August.",
      "“I have a master’s degree and I have sent out 200 applications,” one user in Nanjing wrote. “Why are "
      "we inviting competition?”",
      "Officials have said the numbers involved will be small and that the visa is meant to fill gaps in "
      "fields such as chip design and biotechnology, not to compete with local graduates.",
  };
  a.tags = {"Visas", "Employment", "Technology"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "northbridge";
  a.slug = "china-solar-workshop";
  a.section = "Business";
  a.title = "How China became the world’s solar workshop";
  a.authors = {"Oliver Brandt"};
  a.published = At(9, 27, 10, 30, kLondon);
  a.modified = At(9, 27, 10, 30, kLondon);
  a.language = "en";
  a.summary = "Four in five solar panels made anywhere now come from Chinese factories.";
  a.caption = "A solar farm on the edge of the Tengger Desert in Ningxia";
  a.credit = "Northbridge/Emma Price";
  a.paragraphs = {
      "Drive west from Yinchuan and the desert turns blue: row upon row of solar panels, stretching further "
      "than the eye can follow.",
      "China installed more solar capacity in the first half of this year than the United States has built "
      "in its entire history, and its factories now make about four in every five panels sold worldwide.",
      "Economists say the build-out reflects a planning system dominated by engineers, who set long-term "
      "targets and then used cheap credit to reach them.",
      "The result has been a price collapse that has helped poorer countries electrify quickly – and left "
      "manufacturers in Europe and America struggling to survive.",
  };
  a.metadata = Metadata::kMicrodataOnly;
  a.tags = {"Solar power", "Energy", "Climate"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "northbridge";
  a.slug = "typhoon-mirae-landfall-guangdong";
  a.section = "Asia";
  a.title = "Typhoon Mirae makes landfall in Guangdong after lashing Hong Kong";
  a.authors = {"Priya Nair"};
  a.published = At(9, 25, 8, 10, kLondon);
  a.modified = At(9, 25, 9, 0, kLondon);
  a.language = "en";
  a.summary = "Nearly two million people were moved to safety before the storm came ashore.";
  a.caption = "A fallen tree blocks a road in Yangjiang";
  a.credit = "Reuters";
  a.paragraphs = {
      "Typhoon Mirae made landfall on the coast of Guangdong province late on Wednesday, hours after "
      "bringing gales and flooding to Hong Kong.",
      "Chinese state media said nearly two million people had been moved to safety in advance, and that "
      "power had been cut to more than 300,000 homes in the cities of Yangjiang and Maoming.",
      "In Hong Kong, where the No 8 signal was in force for 14 hours, the authorities reported 61 injuries "
      "and more than 500 fallen trees.",
      "The storm has since weakened to a severe tropical storm and is moving west towards Guangxi.",
  };
  a.tags = {"Typhoon", "Weather", "China"};
  out.push_back(a);
  return out;
}

std::vector<Article> PacificWire() {
  std::vector<Article> out;
  Article a;
  a.publisher_id = "pacific-wire";
  a.slug = "rare-earth-licences";
  a.section = "Trade";
  a.title = "China tightens rare earth export licensing, adds seven elements to control list";
  a.authors = {"Tomas Varga"};
  a.published = At(9, 30, 12, 5, kUtc);
  a.modified = At(9, 30, 12, 5, kUtc);
  a.language = "en";
  a.summary = "Foreign buyers will need a licence for goods with more than 0.1% Chinese rare earth content.";
  a.caption = "Rare earth magnets at a factory in Ganzhou, Jiangxi province";
  a.credit = "Pacific Wire/Li Na";
  a.paragraphs = RareEarthWireBody();
  a.tags = {"Rare earths", "Trade", "Export controls"};
  out.push_back(a);

  a = Article{};
  a.publisher_id = "pacific-wire";
  a.slug = "northern-sea-route-record";
  a.section = "Shipping";
  a.title = "Northern Sea Route transits hit record as Chinese carriers expand Arctic runs";
  a.authors = {"Ingrid Solberg"};
  a.published = At(9, 26, 15, 30, kUtc);
  a.modified = At(9, 26, 16, 45, kUtc);
  a.language = "en";
  a.summary = "Ninety-two transits were logged by late September, a quarter more than last year.";
  a.caption = "A container ship passes through the Vilkitsky Strait";
  a.credit = "Pacific Wire/Arne Holm";
  a.paragraphs = {
      "Ships made 92 transits of the Northern Sea Route between June and late September, a record, as "
      "Chinese carriers added sailings between Shanghai and St Petersburg, port data showed on Friday.",
      "Chinese-operated vessels accounted for almost half of the crossings, up from a fifth two years ago, "
      "according to the route administration in Murmansk.",
      "The Arctic passage cuts about 12 days from the voyage between East Asia and northern Europe compared "
      "with the Suez Canal, but it is navigable only for a few months a year and requires ice-class ships.",
      "Insurers said premiums for Arctic voyages had risen about 15 per cent this season.",
  };
  a.metadata = Metadata::kOpenGraphOnly;
  a.tags = {"Arctic", "Shipping"};
  out.push_back(a);
  return out;
}

template <typename T>
void Append(std::vector<T>* out, std::vector<T> more) {
  out->insert(out->end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace

const std::vector<Publisher>& Publishers() {
  static const std::vector<Publisher> publishers = {
      {"harbour-times", "The Harbour Times", "en", "Hong Kong’s independent daily since 1921",
       FeedFormat::kRss20, false},
      {"atlantic-ledger", "The Atlantic Ledger", "en", "Business, markets and the world economy",
       FeedFormat::kAtom10, false},
      {"jinrong", "金融观察", "zh", "财经新闻与深度分析", FeedFormat::kJson11, false},
      {"northbridge", "Northbridge Broadcasting", "en", "News from the UK and around the world",
       FeedFormat::kAtom10, true},
      {"pacific-wire", "Pacific Wire", "en", "The news agency of the Pacific", FeedFormat::kRss20, false},
      {"toyo-jiho", "東洋時報", "ja", "アジアと世界のニュース", FeedFormat::kSitemapOnly, false},
  };
  return publishers;
}

const Publisher& PublisherById(const std::string& id) {
  for (const Publisher& p : Publishers())
    if (p.id == id) return p;
  throw std::logic_error("demo content names an unknown publisher: " + id);  // a bug in the table
}

std::vector<Article> EnglishArticles() {
  std::vector<Article> out;
  Append(&out, HarbourTimes());
  Append(&out, AtlanticLedger());
  Append(&out, Northbridge());
  Append(&out, PacificWire());
  return out;
}

const std::vector<Article>& ArticleTable() {
  static const std::vector<Article> table = [] {
    std::vector<Article> out = EnglishArticles();
    Append(&out, AsianArticles());
    return out;
  }();
  return table;
}

std::string ArticlePath(const Article& article) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d/%02d", article.published.year, article.published.month);
  return "/" + article.publisher_id + "/" + date + "/" + article.slug + ".html";
}

std::string ImagePath(const Article& article) {
  return "/" + article.publisher_id + "/images/" + article.slug + ".png";
}

std::string CaptionSentence(const Article& article) {
  if (article.caption.empty()) return "";
  bool english = article.language == "en";
  std::string_view stop = english ? "." : "\u3002";
  std::string_view c = article.caption;
  bool ends_with_stop = c.size() >= stop.size() && c.substr(c.size() - stop.size()) == stop;
  return ends_with_stop ? article.caption : article.caption + std::string(stop);
}

bool IsPaywalled(const Article& article) { return article.free_paragraphs >= 0; }

std::vector<std::string> VisibleParagraphs(const Article& article) {
  if (!IsPaywalled(article) || article.free_paragraphs >= static_cast<int>(article.paragraphs.size()))
    return article.paragraphs;
  return {article.paragraphs.begin(), article.paragraphs.begin() + article.free_paragraphs};
}

}  // namespace herald::demo
