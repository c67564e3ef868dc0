// Numbers and calendar dates as language-neutral facts. "1.1 million",
// "110万" and "1,100,000" are one number; "September 24", "24. September" and
// "9月24日" are one date. They serve two purposes: two reports of one event in
// different languages share them, and two texts written from one template
// (next month's release) disagree on them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::story {

// The numbers written in `text`, in order, each in one canonical spelling
// ("1100000", "3.5", "4"). Digits with thousands separators and decimals,
// scale words (thousand, million, mln, billion, bn, 万, 亿), and the English
// number words one..twenty and ordinals first..tenth (a template twin may say
// "fifth month" where its sibling said "fourth"). Units and percent signs are
// dropped: "3.5%", "3.5 per cent" and "3.5 percent" are all "3.5".
std::vector<std::string> ExtractNumbers(std::string_view text);

// Month-day dates written in `text`, as "M-D" ("9-24"): English, German and
// Spanish month names with a day number on either side, and Chinese/Japanese
// "9月24日". Years are not needed to match reports of one week.
std::vector<std::string> ExtractDates(std::string_view text);

}  // namespace herald::story
