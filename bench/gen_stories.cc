// gen_stories: synthetic news for the story layer's scaling benchmark
// (bench/story_bench.sh).
//   gen_stories --count 100000 [--per-day 3000] [--seed 1] > articles.jsonl
// Writes JSON lines in the format of shared/datasets/stories-dev (id, url,
// source, published, language, title, text, and the gold story and
// duplicate_of, so a run can be scored with story-eval), sorted by time.
//
// What it models, after stories-dev's statistics (not its text):
// - a constant rate of --per-day articles, so the engine's remembered window
//   (10 days) holds 10 x per-day articles once it is full;
// - stories of 1-7 original reports (mean 2.8) over up to 3 days, each report
//   in English (68%), Chinese (26%), German or Spanish, written afresh from
//   the story's facts: its people and places (Chinese names with their pinyin
//   spelling, so reports in both scripts share anchors), a country, figures,
//   a date, and the vocabulary of its kind of event (storms share storm
//   words: hard negatives);
// - syndicated copies of about 24% of all articles, with the edits the
//   dataset describes: a new headline, paragraphs cut down to a brief, an
//   added intro or closing, republishing boilerplate, house style;
// - background vocabulary: real function words plus a Zipf-distributed
//   vocabulary of made-up words (English-like syllables; two-character Han
//   words for Chinese), so term statistics look like a large news corpus.
// Deterministic: the same flags give the same bytes.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using Rng = std::mt19937_64;

// ---- vocabularies --------------------------------------------------------

const std::vector<std::string> kEnglishFunctionWords = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "it", "with", "as", "by", "at",
    "from", "said", "has", "have", "had", "be", "were", "are", "an", "but", "not", "after", "this", "which",
    "more", "than", "its", "their", "they", "who", "would", "will", "about", "also", "over", "into", "been",
    "some", "other", "since", "while", "when", "last", "first", "two", "officials", "government", "people",
    "year", "week", "on Monday", "on Tuesday", "according to", "local", "new", "could", "expected"};
const std::vector<std::string> kGermanFunctionWords = {
    "der", "die", "das", "und", "in", "den", "von", "zu", "mit", "sich", "des", "auf", "für", "ist", "im",
    "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "wurde", "nach", "wie", "bei", "sagte", "am"};
const std::vector<std::string> kSpanishFunctionWords = {
    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no", "una",
    "su", "para", "es", "al", "lo", "como", "más", "dijo", "según", "tras", "sobre", "este", "ha"};
const std::vector<std::string> kChineseFunctionWords = {
    "的", "了", "在", "是", "和", "对", "将", "表示", "记者", "目前", "已经", "进行", "相关", "发展", "工作",
    "方面", "情况", "问题", "国家", "政府", "部门", "我们", "他们", "其中", "此外", "同时", "据悉", "有关"};

// Syllables for made-up background words ("korbalin", "tesmar").
const std::vector<std::string> kSyllables = {
    "ka", "lo", "mer", "tin", "sa", "ber", "vo", "ran", "del", "pi", "nor", "gu", "fen", "ta", "mol",
    "ri", "zan", "ke", "lu", "dor", "ha", "sel", "bo", "vin", "tra", "mi", "pel", "cor", "ens", "al"};
// Common Han characters for Chinese background words.
const std::string kHanPool =
    "发展经济社会文化建设管理服务工作生产市场企业技术合作交流项目资金政策制度改革开放创新安全环境保护教育"
    "科学研究医疗卫生交通运输能源电力水利农业工业商业金融投资贸易消费价格数据统计报告会议活动计划目标任务"
    "组织人员群众地方城市农村地区国际全球区域中心基础设施平台系统网络信息产品质量标准水平能力效率结构规模";

// Event kinds: English, German, Spanish and Chinese words of that kind.
struct EventKind {
  std::vector<std::string> en, de, es, zh;
};
const std::vector<EventKind> kEventKinds = {
    {{"typhoon", "storm", "landfall", "winds", "evacuated", "rain", "flooding", "power", "coast", "forecasters"},
     {"Taifun", "Sturm", "Regen", "evakuiert", "Küste"},
     {"tifón", "tormenta", "lluvias", "evacuados", "costa"},
     {"台风", "登陆", "暴雨", "转移", "风力", "气象", "沿海"}},
    {{"earthquake", "magnitude", "quake", "tremor", "epicentre", "aftershocks", "buildings", "rescuers"},
     {"Erdbeben", "Stärke", "Beben", "Gebäude"},
     {"terremoto", "magnitud", "sismo", "edificios"},
     {"地震", "震级", "震源", "余震", "房屋", "救援"}},
    {{"tariffs", "trade", "talks", "negotiators", "exports", "truce", "sanctions", "controls", "deal"},
     {"Zölle", "Handel", "Gespräche", "Exporte"},
     {"aranceles", "comercio", "negociaciones", "exportaciones"},
     {"关税", "贸易", "谈判", "出口", "磋商", "管制"}},
    {{"rates", "central", "bank", "inflation", "yuan", "lending", "economists", "policy", "prices"},
     {"Zinsen", "Zentralbank", "Inflation", "Preise"},
     {"tasas", "banco", "inflación", "precios"},
     {"利率", "央行", "通胀", "贷款", "价格", "货币"}},
    {{"fire", "factory", "blaze", "firefighters", "killed", "injured", "investigation", "workers"},
     {"Brand", "Fabrik", "Feuerwehr", "Tote"},
     {"incendio", "fábrica", "bomberos", "muertos"},
     {"火灾", "厂房", "消防", "遇难", "受伤", "调查"}},
    {{"shares", "listing", "market", "investors", "stock", "offering", "index", "traders", "profit"},
     {"Aktien", "Börse", "Anleger", "Gewinn"},
     {"acciones", "bolsa", "inversores", "beneficio"},
     {"股价", "上市", "投资者", "指数", "融资", "利润"}},
    {{"coast", "guard", "vessel", "shoal", "navy", "ships", "collision", "maritime", "patrol"},
     {"Küstenwache", "Schiff", "Marine"},
     {"guardacostas", "buque", "marina"},
     {"海警", "船只", "海域", "巡逻", "舰船"}},
    {{"visitors", "tourists", "holiday", "arrivals", "hotels", "flights", "travel", "airport", "spending"},
     {"Besucher", "Touristen", "Flüge", "Reisen"},
     {"visitantes", "turistas", "vuelos", "viajes"},
     {"游客", "假期", "旅游", "航班", "酒店", "出行"}},
};

// Han characters with one common reading, and that reading: a story's names
// are written with them in Chinese and in pinyin elsewhere ("Peilan", 沛岚).
struct HanSyllable {
  const char* han;
  const char* pinyin;
};
const std::vector<HanSyllable> kNameSyllables = {
    {"王", "wang"}, {"李", "li"},    {"张", "zhang"}, {"刘", "liu"},   {"陈", "chen"},  {"杨", "yang"},
    {"黄", "huang"}, {"赵", "zhao"}, {"周", "zhou"},  {"吴", "wu"},    {"徐", "xu"},    {"孙", "sun"},
    {"马", "ma"},   {"胡", "hu"},    {"林", "lin"},   {"郭", "guo"},   {"高", "gao"},   {"罗", "luo"},
    {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"},  {"宋", "song"},  {"唐", "tang"},  {"韩", "han"},
    {"冯", "feng"}, {"邓", "deng"},  {"曹", "cao"},   {"彭", "peng"},  {"田", "tian"},  {"董", "dong"},
    {"潘", "pan"},  {"袁", "yuan"},  {"蔡", "cai"},   {"蒋", "jiang"}, {"杜", "du"},    {"叶", "ye"},
    {"程", "cheng"}, {"魏", "wei"},  {"苏", "su"},    {"丁", "ding"},  {"沈", "shen"},  {"姚", "yao"},
    {"钟", "zhong"}, {"崔", "cui"},  {"谭", "tan"},   {"范", "fan"},   {"廖", "liao"},  {"金", "jin"},
    {"夏", "xia"},  {"方", "fang"},  {"白", "bai"},   {"孟", "meng"},  {"熊", "xiong"}, {"秦", "qin"},
    {"雷", "lei"},  {"侯", "hou"},   {"龙", "long"},  {"陶", "tao"},   {"毛", "mao"},   {"岚", "lan"},
    {"沛", "pei"},  {"明", "ming"},  {"华", "hua"},   {"宁", "ning"},  {"安", "an"},    {"泉", "quan"},
    {"峰", "feng"}, {"波", "bo"},    {"涛", "tao"},   {"松", "song"},  {"桥", "qiao"},  {"湾", "wan"}};

// Countries in the four languages (ICU knows them all: shared anchors).
struct Country {
  const char *en, *de, *es, *zh;
};
const std::vector<Country> kCountries = {
    {"China", "China", "China", "中国"},           {"Philippines", "Philippinen", "Filipinas", "菲律宾"},
    {"Japan", "Japan", "Japón", "日本"},             {"Vietnam", "Vietnam", "Vietnam", "越南"},
    {"Singapore", "Singapur", "Singapur", "新加坡"}, {"Germany", "Deutschland", "Alemania", "德国"},
    {"Australia", "Australien", "Australia", "澳大利亚"}, {"Indonesia", "Indonesien", "Indonesia", "印度尼西亚"},
    {"Thailand", "Thailand", "Tailandia", "泰国"},   {"Malaysia", "Malaysia", "Malasia", "马来西亚"},
    {"India", "Indien", "India", "印度"},            {"France", "Frankreich", "Francia", "法国"}};

const char* const kEnglishMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                      "July",    "August",   "September", "October", "November", "December"};
const char* const kGermanMonths[] = {"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
                                     "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
const char* const kSpanishMonths[] = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                      "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

struct Publisher {
  const char* name;
  const char* domain;
  const char* language;
};
const std::vector<Publisher> kPublishers = {
    {"Meridian Wire", "meridianwire", "en"},  {"Bayside Herald", "baysideherald", "en"},
    {"Straits Courier", "straitscourier", "en"}, {"Pacific Evening Post", "pacificevening", "en"},
    {"Channel Nine News", "channelnine", "en"},  {"Asia Digest Online", "asiadigest", "en"},
    {"东方通讯社", "dongfangtongxun", "zh"},       {"财经晨报", "caijingchenbao", "zh"},
    {"南海日报", "nanhairibao", "zh"},             {"Hafenblatt", "hafenblatt", "de"},
    {"La Crónica del Sur", "cronicadelsur", "es"}};

// ---- helpers ---------------------------------------------------------------

size_t Uniform(Rng& rng, size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
bool Chance(Rng& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
template <typename T>
const T& PickOne(Rng& rng, const std::vector<T>& items) {
  return items[Uniform(rng, items.size())];
}

// Index of a weight drawn from `cumulative` (running sums).
size_t Draw(Rng& rng, const std::vector<double>& cumulative) {
  double x = std::uniform_real_distribution<double>(0, cumulative.back())(rng);
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

std::vector<double> Cumulative(const std::vector<double>& weights) {
  std::vector<double> out;
  double sum = 0;
  for (double w : weights) out.push_back(sum += w);
  return out;
}

// Zipf(1) over `size` ranks.
std::vector<double> ZipfCumulative(size_t size) {
  std::vector<double> weights(size);
  for (size_t i = 0; i < size; ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  return Cumulative(weights);
}

std::vector<std::string> SplitHan(const std::string& pool) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 3 <= pool.size(); i += 3) out.push_back(pool.substr(i, 3));  // all 3-byte UTF-8
  return out;
}

// The k-th of kIdeographs CJK ideographs spread over U+4E00..U+9F9F, as UTF-8.
constexpr size_t kIdeographs = 2500;
std::string Ideograph(size_t k) {
  uint32_t cp = 0x4E00 + static_cast<uint32_t>(k % kIdeographs) * 8;
  return {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
          static_cast<char>(0x80 | (cp & 0x3F))};
}

std::string Capitalized(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string IsoUtc(int64_t seconds) {
  int64_t days = seconds / 86400, rest = seconds % 86400;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld+00:00", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buf;
}

// Month (1-12) and day of `seconds`.
std::pair<int, int> MonthDay(int64_t seconds) {
  std::string iso = IsoUtc(seconds);
  return {std::stoi(iso.substr(5, 2)), std::stoi(iso.substr(8, 2))};
}

// ---- stories and reports ---------------------------------------------------

// The facts every report of one story shares, in each script.
struct StoryFacts {
  const EventKind* kind = nullptr;
  std::vector<HanSyllable> names;  // joined: 2-3 syllables each
  std::vector<std::string> names_han, names_latin;
  const Country* country = nullptr;
  std::vector<std::string> figures;
  std::vector<size_t> word_ranks;  // background words this story keeps using
  int month = 1, day = 1;
};

class Writer {
 public:
  explicit Writer(Rng& rng) : rng_(rng), han_(SplitHan(kHanPool)), zipf_(ZipfCumulative(kBackgroundWords)) {}

  StoryFacts NewStory(int64_t start_utc) {
    StoryFacts f;
    f.kind = &PickOne(rng_, kEventKinds);
    for (int n = 0; n < 3; ++n) {
      std::string han, latin;
      size_t syllables = 2 + Uniform(rng_, 2);
      for (size_t s = 0; s < syllables; ++s) {
        const HanSyllable& h = PickOne(rng_, kNameSyllables);
        han += h.han;
        latin += h.pinyin;
      }
      f.names_han.push_back(han);
      f.names_latin.push_back(Capitalized(latin));
    }
    f.country = &PickOne(rng_, kCountries);
    for (int n = 0; n < 4; ++n) f.figures.push_back(std::to_string(10 + Uniform(rng_, 9990)));
    // An event's own words ("water cannon", "mast"): rarer background words.
    for (int n = 0; n < 12; ++n) f.word_ranks.push_back(kStoryWordsFrom + Uniform(rng_, kBackgroundWords - kStoryWordsFrom));
    std::tie(f.month, f.day) = MonthDay(start_utc);
    return f;
  }

  // A fresh report of the story: title and paragraphs.
  std::pair<std::string, std::vector<std::string>> Report(const StoryFacts& f, const std::string& language) {
    std::string title = Sentence(f, language, 8 + Uniform(rng_, 5), /*title=*/true);
    std::vector<std::string> paragraphs;
    size_t count = 4 + Uniform(rng_, 3);
    size_t sentence_words = language == "zh" ? 15 : 18;
    for (size_t p = 0; p < count; ++p) {
      std::string paragraph;
      for (size_t s = 0, n = 2 + Uniform(rng_, 2); s < n; ++s) {
        if (!paragraph.empty() && language != "zh") paragraph += ' ';
        paragraph += Sentence(f, language, sentence_words - 6 + Uniform(rng_, 12), false);
      }
      paragraphs.push_back(paragraph);
    }
    return {title, paragraphs};
  }

  std::string Headline(const StoryFacts& f, const std::string& language) {
    return Sentence(f, language, 8 + Uniform(rng_, 5), true);
  }

 private:
  static constexpr size_t kBackgroundWords = 40000;
  static constexpr size_t kStoryWordsFrom = 2000;

  std::string BackgroundWord(const std::string& language) { return BackgroundWord(language, Draw(rng_, zipf_)); }

  std::string BackgroundWord(const std::string& language, size_t rank) {
    std::string word;
    if (language == "zh") {
      // Two ideographs from a wide range (most outside the segmenter's
      // dictionary, as names and rare words are): common ranks reuse the
      // common pool.
      if (rank < han_.size()) return han_[rank] + han_[(rank * 7 + 1) % han_.size()];
      word = Ideograph(rank % kIdeographs) + Ideograph((rank / kIdeographs * 31 + rank * 7 + 1) % kIdeographs);
    } else {
      // Rank in base len(kSyllables), at least two syllables; a language
      // suffix keeps German and Spanish words apart from English ones.
      size_t n = rank + kSyllables.size();
      while (n > 0) {
        word += kSyllables[n % kSyllables.size()];
        n /= kSyllables.size();
      }
      if (language == "de") word += "ung";
      if (language == "es") word += "ado";
    }
    return word;
  }

  std::string FactWord(const StoryFacts& f, const std::string& language) {
    size_t which = Uniform(rng_, 10);
    bool zh = language == "zh";
    if (which < 4) return zh ? f.names_han[which % 3] : f.names_latin[which % 3];
    if (which < 5) {
      if (zh) return f.country->zh;
      return language == "de" ? f.country->de : language == "es" ? f.country->es : f.country->en;
    }
    if (which < 8) return PickOne(rng_, f.figures) + (zh ? "人" : "");
    if (zh) return std::to_string(f.month) + "月" + std::to_string(f.day) + "日";
    if (language == "de") return std::to_string(f.day) + ". " + kGermanMonths[f.month - 1];
    if (language == "es") return std::to_string(f.day) + " de " + kSpanishMonths[f.month - 1];
    return std::string(kEnglishMonths[f.month - 1]) + " " + std::to_string(f.day);
  }

  std::string KindWord(const StoryFacts& f, const std::string& language) {
    if (language == "zh") return PickOne(rng_, f.kind->zh);
    if (language == "de") return PickOne(rng_, f.kind->de);
    if (language == "es") return PickOne(rng_, f.kind->es);
    return PickOne(rng_, f.kind->en);
  }

  const std::vector<std::string>& FunctionWords(const std::string& language) {
    if (language == "zh") return kChineseFunctionWords;
    if (language == "de") return kGermanFunctionWords;
    if (language == "es") return kSpanishFunctionWords;
    return kEnglishFunctionWords;
  }

  // Words drawn from function words, background, the event kind and the
  // story's facts; titles lean on facts and kind.
  std::string Sentence(const StoryFacts& f, const std::string& language, size_t words, bool title) {
    bool zh = language == "zh";
    std::string out;
    for (size_t i = 0; i < words; ++i) {
      double x = std::uniform_real_distribution<double>(0, 1)(rng_);
      std::string word;
      if (title) {
        word = x < 0.3    ? FactWord(f, language)
               : x < 0.65 ? BackgroundWord(language, PickOne(rng_, f.word_ranks))
               : x < 0.75 ? KindWord(f, language)
                          : BackgroundWord(language);
      } else {
        word = x < 0.45   ? PickOne(rng_, FunctionWords(language))
               : x < 0.78 ? BackgroundWord(language)
               : x < 0.90 ? BackgroundWord(language, PickOne(rng_, f.word_ranks))
               : x < 0.94 ? KindWord(f, language)
                          : FactWord(f, language);
      }
      if (!zh && !out.empty()) out += ' ';
      out += word;
      if (zh && i % 6 == 5 && i + 1 < words) out += "，";
    }
    if (!title) {
      if (!zh) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
      out += zh ? "。" : ".";
    } else if (!zh) {
      out = Capitalized(out);
    }
    return out;
  }

  Rng& rng_;
  std::vector<std::string> han_;
  std::vector<double> zipf_;
};

struct Article {
  int64_t order_utc = 0;  // planned time; replaced by a constant-rate time
  std::string story, language, source, domain, title, text;
  long original = -1;  // index of the copied article, for copies
};

std::string Join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

const Publisher& PublisherFor(Rng& rng, const std::string& language, const char* other_than = nullptr) {
  std::vector<const Publisher*> fitting;
  for (const Publisher& p : kPublishers)
    if (p.language == language && (!other_than || std::string(p.name) != other_than)) fitting.push_back(&p);
  if (fitting.empty())
    for (const Publisher& p : kPublishers)
      if (p.language == language) fitting.push_back(&p);
  return *fitting[Uniform(rng, fitting.size())];
}

// House style of a republisher: quotes, spelling.
std::string HouseStyle(std::string text) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replace_all(" the ", " The ");
  replace_all("said", "says");
  return text;
}

// A syndicated copy of `original` with a republisher's edits.
Article CopyOf(Rng& rng, Writer& writer, const StoryFacts& facts, const Article& original, long original_index,
               const std::vector<std::string>& paragraphs) {
  Article copy = original;
  copy.original = original_index;
  const Publisher& publisher = PublisherFor(rng, original.language, original.source.c_str());
  copy.source = publisher.name;
  copy.domain = publisher.domain;
  bool zh = original.language == "zh";
  if (Chance(rng, 0.6)) copy.title = writer.Headline(facts, original.language);
  std::vector<std::string> kept = paragraphs;
  if (Chance(rng, 0.35)) kept.resize(std::max<size_t>(2, kept.size() - 1 - Uniform(rng, kept.size() - 1)));
  if (Chance(rng, 0.2)) kept.insert(kept.begin(), writer.Report(facts, original.language).second.front());
  if (Chance(rng, 0.5))
    kept.push_back(zh ? "来源：" + original.source + " 责任编辑：" + PickOne(rng, kNameSyllables).han + "敏"
                      : "This article originally appeared on " + original.source + ".");
  copy.text = Join(kept);
  if (!zh && Chance(rng, 0.4)) copy.text = HouseStyle(copy.text);
  return copy;
}

const char* DrawLanguage(Rng& rng) {
  double x = std::uniform_real_distribution<double>(0, 1)(rng);
  return x < 0.68 ? "en" : x < 0.94 ? "zh" : x < 0.98 ? "de" : "es";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gen_stories: synthetic articles with gold stories and copies, as JSON lines"};
  size_t count = 10000;
  size_t per_day = 3000;
  uint64_t seed = 1;
  app.add_option("--count", count, "articles to write");
  app.add_option("--per-day", per_day, "articles per day (constant rate)")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "random seed");
  CLI11_PARSE(app, argc, argv);

  Rng rng(seed);
  Writer writer(rng);
  const int64_t start_utc = 1735689600;  // 2025-01-01T00:00:00Z
  const double span_seconds = static_cast<double>(count) / static_cast<double>(per_day) * 86400;
  // Original reports per story (mean 2.8) and copies per copied report.
  const std::vector<double> originals_cumulative = Cumulative({0.28, 0.22, 0.20, 0.13, 0.09, 0.05, 0.03});
  const std::vector<double> copies_cumulative = Cumulative({0.70, 0.25, 0.05});
  constexpr double kCopiedShare = 0.24;  // of originals: copies are ~24% of all articles

  std::vector<Article> articles;
  articles.reserve(count + 8);
  for (size_t story = 0; articles.size() < count; ++story) {
    int64_t story_start = start_utc + static_cast<int64_t>(std::uniform_real_distribution<double>(0, span_seconds)(rng));
    StoryFacts facts = writer.NewStory(story_start);
    size_t originals = 1 + Draw(rng, originals_cumulative);
    for (size_t o = 0; o < originals && articles.size() < count; ++o) {
      Article a;
      a.story = "s" + std::to_string(story + 1);
      a.language = o == 0 || Chance(rng, 0.5) ? DrawLanguage(rng) : articles.back().language;
      const Publisher& publisher = PublisherFor(rng, a.language);
      a.source = publisher.name;
      a.domain = publisher.domain;
      a.order_utc = story_start + (o == 0 ? 0 : static_cast<int64_t>(Uniform(rng, 3 * 86400)));
      auto [title, paragraphs] = writer.Report(facts, a.language);
      a.title = title;
      a.text = Join(paragraphs);
      long index = static_cast<long>(articles.size());
      articles.push_back(a);
      if (!Chance(rng, kCopiedShare)) continue;
      for (size_t c = 0, copies = 1 + Draw(rng, copies_cumulative); c < copies && articles.size() < count; ++c) {
        Article copy = CopyOf(rng, writer, facts, articles[index], index, paragraphs);
        copy.order_utc = articles[index].order_utc + 60 + static_cast<int64_t>(Uniform(rng, 12 * 3600));
        articles.push_back(copy);
      }
    }
  }

  // Publication order; then a constant rate: the k-th article at k / per_day days.
  std::vector<size_t> order(articles.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return articles[a].order_utc < articles[b].order_utc; });
  std::vector<std::string> ids(articles.size());
  for (size_t rank = 0; rank < order.size(); ++rank) {
    char id[32];
    std::snprintf(id, sizeof id, "syn-%07zu", rank + 1);
    ids[order[rank]] = id;
  }
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const Article& a = articles[order[rank]];
    int64_t published = start_utc + static_cast<int64_t>(rank * 86400 / per_day);
    const std::string& id = ids[order[rank]];
    std::string line = "{\"id\": " + JsonString(id) + ", \"url\": " +
                       JsonString("https://" + a.domain + ".test/news/" + id) + ", \"source\": " +
                       JsonString(a.source) + ", \"published\": " + JsonString(IsoUtc(published)) +
                       ", \"language\": " + JsonString(a.language) + ", \"title\": " + JsonString(a.title) +
                       ", \"text\": " + JsonString(a.text) + ", \"story\": " + JsonString(a.story) +
                       ", \"duplicate_of\": " + (a.original >= 0 ? JsonString(ids[a.original]) : "null") + "}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
