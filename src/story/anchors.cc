#include "story/anchors.h"

#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/translit.h>
#include <unicode/tznames.h>

#include <map>
#include <memory>

#include "common/segment.h"
#include "common/strings.h"
#include "story/numbers.h"
#include "story/text_pieces.h"

namespace herald::story {
namespace {

constexpr const char* kNameLocales[] = {"en", "de", "es", "zh", "zh_Hant"};
constexpr size_t kLongestPlaceWords = 4;

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Transliterators are not documented as safe for concurrent use: one per thread.
const icu::Transliterator* Romanizer() {
  thread_local std::unique_ptr<icu::Transliterator> romanizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(t) : nullptr;
  }();
  return romanizer.get();
}

// Lowercase ASCII letters and digits of `text`.
std::string KeepAlnum(const std::string& text) {
  std::string out;
  for (char c : text)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

std::string PlaceCode(std::string_view name) {
  std::string code = "@";
  code.append(name);
  return code;
}

using PlaceMap = std::map<std::string, std::string, std::less<>>;

void AddPlace(PlaceMap& places, const icu::UnicodeString& name, const std::string& code) {
  std::string key = RomanizedKey(ToUtf8(name));
  if (key.size() >= 4) places.emplace(key, code);  // short keys ("us") collide with words
}

// Country and city names in several languages, keyed by romanized spelling:
// "zhongguo" (中国), "china", "chine"... -> "@CN".
const PlaceMap& Places() {
  static const PlaceMap* places = [] {
    auto* map = new PlaceMap;
    for (const char* const* country = icu::Locale::getISOCountries(); *country; ++country) {
      std::string code = PlaceCode(*country);
      icu::Locale region("", *country);
      for (const char* locale : kNameLocales) {
        icu::UnicodeString name;
        AddPlace(*map, region.getDisplayCountry(icu::Locale(locale), name), code);
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createEnumeration(status));
    for (const char* locale : kNameLocales) {
      UErrorCode name_status = U_ZERO_ERROR;
      std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(icu::Locale(locale), name_status));
      if (U_FAILURE(status) || U_FAILURE(name_status) || !zones) break;
      zones->reset(status);
      while (const icu::UnicodeString* zone = zones->snext(status)) {
        if (U_FAILURE(status)) break;
        if (zone->indexOf(u'/') < 0) continue;  // "EST", "UTC": not places
        icu::UnicodeString city;
        names->getExemplarLocationName(*zone, city);
        if (!city.isBogus() && !city.isEmpty()) AddPlace(*map, city, PlaceCode(ToUtf8(*zone)));
      }
    }
    return map;
  }();
  return *places;
}

// Consecutive name-carrying words ("Hong", "Kong"; "黄岩", "岛"), romanized.
// `whole` is false for single Han characters: "岛" alone is "dao", a
// syllable, not a name, but it still completes "huangyandao".
struct NameWord {
  std::string key;
  bool whole = true;
};
using NameRun = std::vector<NameWord>;

// Names, joined pairs and places of one run.
void AddRunAnchors(const NameRun& run, std::vector<std::string>& anchors) {
  for (size_t i = 0; i < run.size(); ++i) {
    if (run[i].whole && run[i].key.size() >= 2) anchors.push_back(run[i].key);
    std::string joined = run[i].key;
    for (size_t n = 2; n <= kLongestPlaceWords && i + n <= run.size(); ++n) {
      joined += run[i + n - 1].key;
      if (n == 2) anchors.push_back(joined);
    }
    joined = run[i].key;
    for (size_t n = 1; n <= kLongestPlaceWords && i + n <= run.size(); ++n) {
      if (n > 1) joined += run[i + n - 1].key;
      auto place = Places().find(joined);
      if (place != Places().end()) anchors.push_back(place->second);
    }
  }
}

// "US", "PH": a two-letter word in capitals that is an ISO 3166 country code
// ("US" in "US and China agree") is that country; 美国 is "@US" too. "In",
// "It", "Es" starting a sentence are words, not India, Italy and Spain.
std::string CountryCode(const Piece& piece) {
  if (piece.kind != Piece::kWord || !piece.all_caps || piece.text.size() != 2) return "";
  std::string upper = {static_cast<char>(piece.text[0] - 'a' + 'A'), static_cast<char>(piece.text[1] - 'a' + 'A')};
  if (upper[0] < 'A' || upper[0] > 'Z' || upper[1] < 'A' || upper[1] > 'Z') return "";
  for (const char* const* country = icu::Locale::getISOCountries(); *country; ++country)
    if (upper == *country) return PlaceCode(upper);
  return "";
}

// Mostly-Han text: there Latin words are acronyms and names (LPR, CPI, A股)
// whatever their case.
bool IsHanText(const std::vector<Piece>& pieces) {
  size_t han = 0, words = 0;
  for (const Piece& p : pieces) {
    han += p.kind == Piece::kHan;
    words += p.kind == Piece::kWord;
  }
  return han > words;
}

}  // namespace

std::string RomanizedKey(std::string_view word) {
  const icu::Transliterator* romanizer = Romanizer();
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  if (romanizer) romanizer->transliterate(s);
  return KeepAlnum(ToUtf8(s));
}

std::vector<std::string> ExtractAnchors(std::string_view text) {
  std::vector<std::string> anchors;
  std::vector<Piece> pieces = SplitPieces(text);
  bool han_text = IsHanText(pieces);
  NameRun run;
  auto end_run = [&] {
    AddRunAnchors(run, anchors);
    run.clear();
  };
  for (const Piece& p : pieces) {
    if (std::string code = CountryCode(p); !code.empty()) anchors.push_back(code);
    if (p.kind == Piece::kWord && (p.capitalized || han_text)) {
      run.push_back({RomanizedKey(p.text), true});
    } else if (p.kind == Piece::kHan) {
      end_run();  // a Han run stands alone: "Peilan" in "台风Peilan" is its own name
      for (const std::string& word : WordTokens(p.text)) {
        std::string key = RomanizedKey(word);
        if (!key.empty()) run.push_back({key, CodePointCount(word) >= 2});
      }
      end_run();
    } else if (p.kind != Piece::kOther || (p.text != "-" && p.text != "'")) {
      end_run();  // "Kam Lung" stays one run; "Hong Kong, Macau" are two
    }
  }
  end_run();
  for (const std::string& number : ExtractNumbers(text)) anchors.push_back("#" + number);
  for (const std::string& date : ExtractDates(text)) anchors.push_back("@" + date);
  return anchors;
}

}  // namespace herald::story
