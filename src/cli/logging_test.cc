#include "cli/logging.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace herald::cli {
namespace {

// A logger writing to a string with the given formatter.
struct CapturedLogger {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
  explicit CapturedLogger(std::unique_ptr<spdlog::formatter> formatter) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    logger = std::make_shared<spdlog::logger>("test", sink);
    logger->set_formatter(std::move(formatter));
  }
};

TEST(LoggingTest, JsonLinesAreOneObjectEachWithEscaping) {
  CapturedLogger captured(MakeJsonFormatter());
  captured.logger->info("quote \" backslash \\ newline\nnext\ttab \x01 bell {}", "ünïcødé 漢字");
  captured.logger->warn("bad utf-8: \xff\xfe and truncated \xe2\x82");
  std::string text = captured.out.str();
  std::istringstream lines(text);
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(lines, line)) objects.push_back(nlohmann::json::parse(line));  // throws if not JSON
  ASSERT_EQ(objects.size(), 2u) << text;
  EXPECT_EQ(objects[0]["level"], "info");
  EXPECT_EQ(objects[0]["msg"], "quote \" backslash \\ newline\nnext\ttab \x01 bell ünïcødé 漢字");
  EXPECT_EQ(objects[0]["logger"], "test");
  std::string ts = objects[0]["ts"];
  EXPECT_EQ(ts.size(), 24u) << ts;  // 2026-11-29T16:53:21.123Z
  EXPECT_EQ(ts.back(), 'Z');
  EXPECT_EQ(objects[1]["level"], "warn");
  EXPECT_EQ(objects[1]["msg"], "bad utf-8: \xef\xbf\xbd\xef\xbf\xbd and truncated \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(LoggingTest, SecretsAreRedactedInTextAndJson) {
  AddLogSecretsOfUrl("postgresql://herald:s3cr3t-pw@db.example:5432/herald?sslmode=require");
  AddLogSecret("abc");  // too short to redact: would mangle words
  config::Config config;
  config::SourceConfig source;
  source.url = "https://paper.example/feed";
  source.cookies = "session=cookie-value-123; theme=darkmode";
  source.headers["Authorization"] = "Bearer tok-9876";
  config.sources.push_back(source);
  AddLogSecretsOfConfig(config);

  for (auto* make : {&MakeJsonFormatter, &MakeTextFormatter}) {
    CapturedLogger captured((*make)());
    captured.logger->error("connect postgresql://herald:s3cr3t-pw@db failed; cookie session=cookie-value-123; "
                           "Bearer tok-9876; theme darkmode; abc stays");
    std::string text = captured.out.str();
    EXPECT_EQ(text.find("s3cr3t-pw"), std::string::npos) << text;
    EXPECT_EQ(text.find("cookie-value-123"), std::string::npos) << text;
    EXPECT_EQ(text.find("tok-9876"), std::string::npos) << text;
    EXPECT_EQ(text.find("darkmode"), std::string::npos) << text;
    EXPECT_NE(text.find("abc stays"), std::string::npos) << text;
    EXPECT_NE(text.find("***"), std::string::npos) << text;
  }
}

TEST(LoggingTest, UnknownFormatOrLevelIsRefused) {
  EXPECT_FALSE(ConfigureLogging("xml", "info").ok());
  EXPECT_FALSE(ConfigureLogging("json", "loud").ok());
  EXPECT_TRUE(ConfigureLogging("json", "warn").ok());
  EXPECT_EQ(spdlog::get_level(), spdlog::level::warn);
  EXPECT_TRUE(ConfigureLogging("text", "info").ok());
}

}  // namespace
}  // namespace herald::cli
