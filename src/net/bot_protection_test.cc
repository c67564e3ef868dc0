#include "net/bot_protection.h"

#include <gtest/gtest.h>

namespace herald::net {
namespace {

TEST(BotProtectionTest, CloudflareByHeaderOrByPage) {
  EXPECT_EQ(DetectBotProtection(403, {{"CF-Mitigated", "challenge"}}, ""), "Cloudflare challenge");
  EXPECT_EQ(DetectBotProtection(503, {}, "<title>Just a moment...</title>"), "Cloudflare challenge");
  EXPECT_EQ(DetectBotProtection(403, {}, "<script src='/cdn-cgi/challenge-platform/x.js'>"), "Cloudflare challenge");
  EXPECT_EQ(DetectBotProtection(403, {}, "window._cf_chl_opt={}"), "Cloudflare challenge");
}

TEST(BotProtectionTest, OtherVendors) {
  EXPECT_EQ(DetectBotProtection(403, {{"x-datadome", "protected"}}, ""), "DataDome");
  EXPECT_EQ(DetectBotProtection(403, {}, "<script src='https://ct.captcha-delivery.com/c.js'>"), "DataDome");
  EXPECT_EQ(DetectBotProtection(403, {}, "<div id=\"px-captcha\">"), "PerimeterX");
  EXPECT_EQ(DetectBotProtection(403, {}, "set _pxhd"), "PerimeterX");
  EXPECT_EQ(DetectBotProtection(403, {{"Set-Cookie", "x"}}, "Incapsula incident ID: 1"), "Imperva Incapsula");
}

TEST(BotProtectionTest, PlainErrorsAreNotBotProtection) {
  EXPECT_EQ(DetectBotProtection(403, {{"Server", "nginx"}}, "<h1>403 Forbidden</h1>"), std::nullopt);
  EXPECT_EQ(DetectBotProtection(503, {{"Retry-After", "60"}}, "maintenance"), std::nullopt);
  EXPECT_EQ(DetectBotProtection(403, {}, ""), std::nullopt);
}

TEST(BotProtectionTest, OnlyRefusalStatusesCount) {
  // An article about DataDome served with 200 is news, not a block.
  EXPECT_EQ(DetectBotProtection(200, {}, "DataDome raises funds"), std::nullopt);
  EXPECT_EQ(DetectBotProtection(404, {{"cf-mitigated", "challenge"}}, ""), std::nullopt);
}

}  // namespace
}  // namespace herald::net
