// Garbage to every command: one stderr line naming the input and the fix,
// exit status 2, and the data directory left byte-identical.
#include <gtest/gtest.h>

#include <filesystem>

#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";

class CliErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-cli");
    data_ = dir_ + "/data";
    // A populated data directory: one source in a real database.
    auto add = RunProcess({kHerald, "--data", data_, "sources", "add", "--no-fetch", "https://harbour.example/rss.xml"});
    ASSERT_EQ(add.exit_status, 0) << add.err;
    WriteFile(dir_ + "/page.html", "<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>");
    WriteFile(dir_ + "/binary.bin", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0", 24) +
                                        std::string(4096, '\0'));
    WriteFile(dir_ + "/broken.toml", "[site\ntitle = ");
    WriteFile(dir_ + "/file-not-dir", "x");
  }
  void TearDown() override { RemoveTree(dir_); }

  // Runs herald with --data and checks the failure contract.
  void ExpectCleanFailure(std::vector<std::string> args, const std::string& must_mention) {
    std::string before = TreeChecksum(data_);
    std::vector<std::string> argv = {kHerald, "--data", data_};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = RunProcess(argv);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    SCOPED_TRACE(cmd);
    EXPECT_EQ(r.exit_status, 2) << r.err;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
    EXPECT_EQ(r.err.rfind("herald: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(must_mention), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(TreeChecksum(data_), before) << "data directory changed";
  }

  std::string dir_, data_;
};

TEST_F(CliErrorsTest, FeedParseRejectsGarbage) {
  ExpectCleanFailure({"feed", "parse", dir_ + "/binary.bin"}, "binary.bin");
  ExpectCleanFailure({"feed", "parse", dir_ + "/page.html"}, "page.html");
  ExpectCleanFailure({"feed", "parse", dir_}, "is a directory");
  ExpectCleanFailure({"feed", "parse", dir_ + "/missing.xml"}, "missing.xml: no such file");
}

TEST_F(CliErrorsTest, ExtractRejectsGarbage) {
  ExpectCleanFailure({"extract", dir_ + "/binary.bin", "--json"}, "binary.bin");
  ExpectCleanFailure({"extract", dir_, "--json"}, "is a directory");
  ExpectCleanFailure({"extract", dir_ + "/missing.html"}, "missing.html");
}

TEST_F(CliErrorsTest, ConfigGarbageIsRejectedBeforeAnythingIsTouched) {
  ExpectCleanFailure({"--config", dir_ + "/page.html", "run"}, "page.html:1");
  ExpectCleanFailure({"--config", dir_ + "/broken.toml", "ingest", "--once"}, "broken.toml:1");
  ExpectCleanFailure({"--config", dir_ + "/binary.bin", "serve"}, "binary.bin");
  ExpectCleanFailure({"--config", dir_, "serve"}, "is a directory");
  ExpectCleanFailure({"--config", dir_ + "/none.toml", "run"}, "none.toml: config file not found");
  WriteFile(dir_ + "/networks.toml", "[fetch]\nallowed_networks = [\"10.0.0.0/33\"]\n");
  ExpectCleanFailure({"--config", dir_ + "/networks.toml", "ingest", "--once"}, "allowed_networks: '10.0.0.0/33'");
  WriteFile(dir_ + "/ca.toml", "[fetch]\nca_file = \"" + dir_ + "/no-such-ca.pem\"\n");
  ExpectCleanFailure({"--config", dir_ + "/ca.toml", "run"}, "ca_file");
  WriteFile(dir_ + "/proxy.toml", "[[sources]]\nurl = \"https://x.example/feed\"\nproxy = \"gopher://p\"\n");
  ExpectCleanFailure({"--config", dir_ + "/proxy.toml", "serve"}, "is not a proxy URL");
}

TEST_F(CliErrorsTest, SourcesRejectGarbage) {
  ExpectCleanFailure({"sources", "import-opml", dir_ + "/binary.bin"}, "binary.bin");
  ExpectCleanFailure({"sources", "import-opml", dir_ + "/page.html"}, "page.html");
  ExpectCleanFailure({"sources", "import-opml", dir_}, "is a directory");
  ExpectCleanFailure({"sources", "add", "not a url"}, "not a url");
  ExpectCleanFailure({"sources", "add", "file:///etc/passwd"}, "file:///etc/passwd");
  ExpectCleanFailure({"sources", "add", "https://x.example/f", "--display", "all"}, "--display");
  // Fetching a loopback address is refused unless the config allows it.
  ExpectCleanFailure({"sources", "add", "http://127.0.0.1:9/feed.xml"}, "allow_private_networks");
  ExpectCleanFailure({"sources", "remove", "12345"}, "12345");
}

TEST_F(CliErrorsTest, BadFlagsAndAddresses) {
  ExpectCleanFailure({"--bogus"}, "--bogus");
  ExpectCleanFailure({"run", "--nope"}, "--nope");
  ExpectCleanFailure({"frobnicate"}, "frobnicate");
  ExpectCleanFailure({}, "herald --help");
  ExpectCleanFailure({"--listen", "nonsense", "serve"}, "--listen 'nonsense'");
  ExpectCleanFailure({"--listen", "127.0.0.1:99999", "demo-newsroom"}, "HOST:PORT");
  ExpectCleanFailure({"sources"}, "sources");
}

TEST_F(CliErrorsTest, DataPathThatIsAFileOrNotADatabase) {
  auto r = RunProcess({kHerald, "--data", dir_ + "/file-not-dir", "sources", "list"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir_ + "/file-not-dir"), "x");

  std::string bad_data = dir_ + "/bad-data";
  std::filesystem::create_directories(bad_data);
  WriteFile(bad_data + "/herald.db", "this is not a database, it is a note\n");
  std::string before = TreeChecksum(bad_data);
  auto list = RunProcess({kHerald, "--data", bad_data, "sources", "list"});
  EXPECT_EQ(list.exit_status, 2) << list.err;
  EXPECT_NE(list.err.find("herald.db"), std::string::npos) << list.err;
  EXPECT_EQ(list.err.find('\n'), list.err.size() - 1) << list.err;
  EXPECT_EQ(TreeChecksum(bad_data), before);
}

TEST_F(CliErrorsTest, HelpAndVersionSucceed) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--help"}, {"run", "--help"}, {"serve", "--help"}, {"ingest", "--help"}, {"extract", "--help"},
           {"feed", "parse", "--help"}, {"sources", "add", "--help"}, {"sources", "import-opml", "--help"},
           {"demo-newsroom", "--help"}}) {
    std::vector<std::string> argv = {kHerald};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = RunProcess(argv);
    EXPECT_EQ(r.exit_status, 0) << args[0];
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args[0] << ": " << r.out;
  }
  auto v = RunProcess({kHerald, "--version"});
  EXPECT_EQ(v.exit_status, 0);
  EXPECT_EQ(v.out.rfind("herald ", 0), 0u) << v.out;
}

}  // namespace
}  // namespace herald::testing
