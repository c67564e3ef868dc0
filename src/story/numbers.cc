#include "story/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "story/text_pieces.h"

namespace herald::story {
namespace {

std::string Canonical(double value) {
  if (!std::isfinite(value)) return "";  // more digits than a double holds: not a quantity
  if (std::fabs(value) < 1e15 && value == std::floor(value)) return std::to_string(static_cast<long long>(value));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : "";
}

// A Han run is one piece ("万人"), so Chinese markers are matched as prefixes.
bool StartsHan(const Piece& piece, std::string_view prefix) {
  return piece.kind == Piece::kHan && piece.text.starts_with(prefix);
}

double ScaleOf(const Piece& piece) {
  if (StartsHan(piece, "万")) return 1e4;
  if (StartsHan(piece, "亿")) return 1e8;
  static const std::map<std::string, double, std::less<>> kScales = {
      {"thousand", 1e3}, {"million", 1e6}, {"mln", 1e6}, {"billion", 1e9}, {"bn", 1e9},
      {"millionen", 1e6}, {"milliarden", 1e9}, {"millones", 1e6}};
  auto it = kScales.find(piece.text);
  return it == kScales.end() ? 1 : it->second;
}

const std::map<std::string, int, std::less<>>& NumberWords() {
  static const auto* words = new std::map<std::string, int, std::less<>>{
      {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},      {"six", 6},
      {"seven", 7},    {"eight", 8},      {"nine", 9},      {"ten", 10},      {"eleven", 11},   {"twelve", 12},
      {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},  {"sixteen", 16},  {"seventeen", 17}, {"eighteen", 18},
      {"nineteen", 19}, {"twenty", 20},   {"first", 1},     {"second", 2},    {"third", 3},     {"fourth", 4},
      {"fifth", 5},    {"sixth", 6},      {"seventh", 7},   {"eighth", 8},    {"ninth", 9},     {"tenth", 10}};
  return *words;
}

const std::map<std::string, int, std::less<>>& MonthNames() {
  static const auto* months = new std::map<std::string, int, std::less<>>{
      // English
      {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3}, {"april", 4},
      {"apr", 4}, {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7}, {"august", 8}, {"aug", 8},
      {"september", 9}, {"sept", 9}, {"sep", 9}, {"october", 10}, {"oct", 10}, {"november", 11}, {"nov", 11},
      {"december", 12}, {"dec", 12},
      // German
      {"januar", 1}, {"februar", 2}, {"märz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7}, {"oktober", 10},
      {"dezember", 12},
      // Spanish
      {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
      {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12}};
  return *months;
}

// A day of the month: 1-31 written without decimals.
int DayNumber(const Piece& piece) {
  if (piece.kind != Piece::kNumber || piece.text.size() > 2 || piece.text.find('.') != std::string::npos) return 0;
  int day = std::stoi(piece.text);
  return day >= 1 && day <= 31 ? day : 0;
}

int MonthOf(const Piece& piece) {
  if (piece.kind != Piece::kWord) return 0;
  auto it = MonthNames().find(piece.text);
  return it == MonthNames().end() ? 0 : it->second;
}

bool IsOther(const std::vector<Piece>& pieces, size_t i, std::string_view text) {
  return i < pieces.size() && pieces[i].kind == Piece::kOther && pieces[i].text == text;
}

std::string Date(int month, int day) { return std::to_string(month) + "-" + std::to_string(day); }

}  // namespace

std::vector<std::string> ExtractNumbers(std::string_view text) {
  std::vector<std::string> numbers;
  std::vector<Piece> pieces = SplitPieces(text);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& piece = pieces[i];
    if (piece.kind == Piece::kWord) {
      auto it = NumberWords().find(piece.text);
      if (it != NumberWords().end()) numbers.push_back(std::to_string(it->second));
      continue;
    }
    if (piece.kind != Piece::kNumber) continue;
    double value = 0;
    auto [ptr, ec] = std::from_chars(piece.text.data(), piece.text.data() + piece.text.size(), value);
    if (ec != std::errc()) continue;
    if (i + 1 < pieces.size()) value *= ScaleOf(pieces[i + 1]);
    std::string canonical = Canonical(value);
    if (!canonical.empty()) numbers.push_back(std::move(canonical));
  }
  return numbers;
}

std::vector<std::string> ExtractDates(std::string_view text) {
  std::vector<std::string> dates;
  std::vector<Piece> pieces = SplitPieces(text);
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (int month = MonthOf(pieces[i])) {
      // "September 24", "Sept. 24"
      size_t next = IsOther(pieces, i + 1, ".") ? i + 2 : i + 1;
      if (next < pieces.size() && !IsOther(pieces, next + 1, ":")) {
        if (int day = DayNumber(pieces[next])) dates.push_back(Date(month, day));
      }
      continue;
    }
    int day = i < pieces.size() ? DayNumber(pieces[i]) : 0;
    if (!day) continue;
    // "9月24日"
    if (day <= 12 && i + 3 < pieces.size() && pieces[i + 1].kind == Piece::kHan && pieces[i + 1].text == "月" &&
        DayNumber(pieces[i + 2]) && (StartsHan(pieces[i + 3], "日") || StartsHan(pieces[i + 3], "号"))) {
      dates.push_back(Date(day, DayNumber(pieces[i + 2])));
      i += 3;
      continue;
    }
    // "24 September", "24. September", "24 de septiembre"
    size_t next = IsOther(pieces, i + 1, ".") ? i + 2 : i + 1;
    if (next < pieces.size() && pieces[next].kind == Piece::kWord && pieces[next].text == "de") ++next;
    if (next < pieces.size()) {
      if (int month = MonthOf(pieces[next])) dates.push_back(Date(month, day));
    }
  }
  return dates;
}

}  // namespace herald::story
