// Operations through the real binary: `herald backup`, `restore`, `doctor`,
// /healthz and /metrics of a running herald, JSON logs and secrets kept out
// of every log line. Real data directories, the demo newsroom over loopback.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <thread>

#include "demo/newsroom.h"
#include "http_get.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
constexpr char kFetch[] = "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\nmax_articles_per_feed = 4\n";

// The value of one sample line ("name{labels} value") in a scrape; -1 when absent.
double Sample(const std::string& scrape, const std::string& series) {
  size_t at = scrape.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::strtod(scrape.c_str() + at + series.size() + 2, nullptr);
}

// Sets an environment variable for the processes a test starts.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

class OpsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-ops-cli");
    data_ = dir_ + "/data";
    config_ = dir_ + "/herald.toml";
    auto newsroom = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    newsroom_ = std::move(*newsroom);
    feed_ = newsroom_->base_url() + demo::Feeds().front().path;
    WriteFile(config_, std::string(kFetch) + "[[sources]]\nname = \"Demo\"\nurl = \"" + feed_ + "\"\n");
  }
  void TearDown() override {
    if (pid_ > 0) StopProcess(pid_);
    newsroom_.reset();
    RemoveTree(dir_);
  }

  ProcessResult Herald(std::vector<std::string> args, const std::string& data = "") {
    std::vector<std::string> argv = {kHerald, "--data", data.empty() ? data_ : data, "--config", config_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }
  void Ingest() {
    auto ingest = Herald({"ingest", "--once"});
    ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
  }
  size_t ArticleCount(const std::string& data) {
    auto list = Herald({"articles", "list"}, data);
    EXPECT_EQ(list.exit_status, 0) << list.err;
    return CountOccurrences(list.out, "\n");
  }

  std::unique_ptr<httpd::Server> newsroom_;
  std::string dir_, data_, config_, feed_;
  pid_t pid_ = -1;
};

TEST_F(OpsCliTest, BackupThenRestoreIntoANewDataDirectory) {
  Ingest();
  size_t stored = ArticleCount(data_);
  ASSERT_GE(stored, 4u);

  auto backup = Herald({"backup", dir_ + "/herald-backup.db"});
  ASSERT_EQ(backup.exit_status, 0) << backup.err;
  EXPECT_NE(backup.out.find("integrity check ok"), std::string::npos) << backup.out;

  // Never over an existing file.
  auto again = Herald({"backup", dir_ + "/herald-backup.db"});
  EXPECT_EQ(again.exit_status, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;

  const std::string fresh = dir_ + "/restored";
  auto restore = Herald({"restore", dir_ + "/herald-backup.db"}, fresh);
  ASSERT_EQ(restore.exit_status, 0) << restore.err;
  EXPECT_NE(restore.out.find(std::to_string(stored) + " articles"), std::string::npos) << restore.out;
  EXPECT_EQ(ArticleCount(fresh), stored);
}

TEST_F(OpsCliTest, GarbageOrTruncatedBackupIsRefusedAndNothingIsLost) {
  Ingest();
  size_t stored = ArticleCount(data_);
  ASSERT_EQ(Herald({"backup", dir_ + "/good.db"}).exit_status, 0);
  std::string before = TreeChecksum(data_);

  WriteFile(dir_ + "/garbage.db", std::string(4096, 'G'));
  auto garbage = Herald({"restore", dir_ + "/garbage.db"});
  EXPECT_EQ(garbage.exit_status, 2);
  EXPECT_NE(garbage.err.find("not a herald backup"), std::string::npos) << garbage.err;

  std::string good = ReadFile(dir_ + "/good.db");
  WriteFile(dir_ + "/truncated.db", good.substr(0, good.size() / 2));
  auto truncated = Herald({"restore", dir_ + "/truncated.db"});
  EXPECT_EQ(truncated.exit_status, 2) << truncated.err;

  auto missing = Herald({"restore", dir_ + "/no-such.db"});
  EXPECT_EQ(missing.exit_status, 2);

  EXPECT_EQ(TreeChecksum(data_), before);
  EXPECT_EQ(ArticleCount(data_), stored);
}

TEST_F(OpsCliTest, RestoreRefusesWhileHeraldRuns) {
  Ingest();
  ASSERT_EQ(Herald({"backup", dir_ + "/b.db"}).exit_status, 0);
  int port = FreeLoopbackPort();
  pid_ = StartProcess({kHerald, "--data", data_, "--config", config_, "--listen",
                       "127.0.0.1:" + std::to_string(port), "serve"},
                      dir_ + "/serve.log");
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  for (int i = 0; i < 200 && HttpGet(base + "/healthz").status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto health = HttpGet(base + "/healthz");
  ASSERT_EQ(health.status, 200) << ReadFile(dir_ + "/serve.log");
  EXPECT_EQ(health.body, "ok\n");
  EXPECT_EQ(health.headers["cache-control"], "no-store");

  auto refused = Herald({"restore", dir_ + "/b.db"});
  EXPECT_EQ(refused.exit_status, 2);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(data_ + "/herald.db.before-restore"));
}

TEST_F(OpsCliTest, PostgresBackupPrintsPgDumpWithoutThePassword) {
  ScopedEnv url("HERALD_STORE_URL", "postgresql://herald:Pw-Never-Shown-42@127.0.0.1:1/herald?sslmode=disable");
  auto backup = Herald({"backup", dir_ + "/pg.dump"});
  EXPECT_EQ(backup.exit_status, 2);
  EXPECT_NE(backup.out.find("pg_dump --format=custom --file="), std::string::npos) << backup.out;
  EXPECT_NE(backup.out.find("postgresql://herald@127.0.0.1:1/herald?sslmode=disable"), std::string::npos)
      << backup.out;
  EXPECT_NE(backup.err.find("use pg_dump"), std::string::npos) << backup.err;
  EXPECT_NE(backup.err.find("docs/operations.md"), std::string::npos) << backup.err;
  EXPECT_EQ((backup.out + backup.err).find("Pw-Never-Shown-42"), std::string::npos);
}

TEST_F(OpsCliTest, DoctorPassesAGoodSetup) {
  Ingest();
  auto doctor = Herald({"doctor"});
  EXPECT_EQ(doctor.exit_status, 0) << doctor.out << doctor.err;
  for (const char* line : {"OK   config:", "OK   store: sqlite", "OK   schema:", "OK   source: " , "OK   jobs:"})
    EXPECT_NE(doctor.out.find(line), std::string::npos) << line << "\n" << doctor.out;
  EXPECT_EQ(doctor.out.find("FAIL"), std::string::npos) << doctor.out;
}

TEST_F(OpsCliTest, DoctorFailsOnAnUnreachableSourceAndAMalformedConfig) {
  int closed = FreeLoopbackPort();  // nothing listens there
  WriteFile(config_, std::string(kFetch) + "[[sources]]\nname = \"Gone\"\nurl = \"http://127.0.0.1:" +
                         std::to_string(closed) + "/feed.xml\"\n");
  auto unreachable = Herald({"doctor"});
  EXPECT_EQ(unreachable.exit_status, 1) << unreachable.out << unreachable.err;
  EXPECT_NE(unreachable.out.find("FAIL source: http://127.0.0.1:" + std::to_string(closed)), std::string::npos)
      << unreachable.out;
  EXPECT_NE(unreachable.out.find("OK   config"), std::string::npos) << unreachable.out;

  WriteFile(config_, "[fetch\nallow_private_networks = yes\n");
  auto malformed = Herald({"doctor"});
  EXPECT_EQ(malformed.exit_status, 1);
  EXPECT_NE(malformed.out.find("FAIL config:"), std::string::npos) << malformed.out;
}

TEST_F(OpsCliTest, DoctorRespectsPrivateNetworkPolicy) {
  WriteFile(config_, "[[sources]]\nname = \"Demo\"\nurl = \"" + feed_ + "\"\n");  // private addresses refused
  auto doctor = Herald({"doctor"});
  EXPECT_EQ(doctor.exit_status, 1);
  EXPECT_NE(doctor.out.find("private address"), std::string::npos) << doctor.out;
}

// The demo newsroom's feeds (what `herald run` registers with no sources of
// its own) are on loopback and served by herald itself: the doctor names them
// and says what to do, instead of failing each on the private-network rule.
TEST_F(OpsCliTest, DoctorNamesTheDemoFeedsWithoutFailingThem) {
  const int demo_port = FreeLoopbackPort();
  WriteFile(config_, "[demo]\nlisten = \"127.0.0.1:" + std::to_string(demo_port) + "\"\n");
  for (const demo::FeedInfo& feed : demo::Feeds()) {
    auto added = Herald({"sources", "add", "--no-fetch", "http://127.0.0.1:" + std::to_string(demo_port) + feed.path});
    ASSERT_EQ(added.exit_status, 0) << added.err;
  }
  auto doctor = Herald({"doctor"});
  EXPECT_EQ(doctor.exit_status, 0) << doctor.out << doctor.err;
  EXPECT_NE(doctor.out.find("WARN sources: only the demo newsroom's " + std::to_string(demo::Feeds().size()) + " feeds"),
            std::string::npos)
      << doctor.out;
  EXPECT_NE(doctor.out.find("herald sources add URL"), std::string::npos) << doctor.out;
  EXPECT_EQ(doctor.out.find("FAIL"), std::string::npos) << doctor.out;

  // A real source beside them is checked as ever (here refused: private, not allowed).
  auto real = Herald({"sources", "add", "--no-fetch", feed_});
  ASSERT_EQ(real.exit_status, 0) << real.err;
  auto with_real = Herald({"doctor"});
  EXPECT_EQ(with_real.exit_status, 1) << with_real.out;
  EXPECT_NE(with_real.out.find("FAIL source: " + feed_), std::string::npos) << with_real.out;
}

TEST_F(OpsCliTest, MetricsMoveAfterAnIngest) {
  int site_port = FreeLoopbackPort();
  pid_ = StartProcess({kHerald, "--data", data_, "--config", config_, "--listen",
                       "127.0.0.1:" + std::to_string(site_port), "run"},
                      dir_ + "/run.log");
  const std::string base = "http://127.0.0.1:" + std::to_string(site_port);
  std::string scrape;
  for (int i = 0; i < 600; ++i) {  // until the first round stored articles (at most a minute)
    auto metrics = HttpGet(base + "/metrics");
    scrape = metrics.body;
    if (metrics.status == 200 && Sample(scrape, "herald_articles_stored_total") >= 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto metrics = HttpGet(base + "/metrics");
  ASSERT_EQ(metrics.status, 200) << ReadFile(dir_ + "/run.log");
  EXPECT_NE(metrics.content_type.find("text/plain; version=0.0.4"), std::string::npos) << metrics.content_type;
  EXPECT_EQ(metrics.headers["cache-control"], "no-store");
  scrape = metrics.body;
  EXPECT_GE(Sample(scrape, "herald_articles_stored_total"), 4) << scrape;
  EXPECT_GE(Sample(scrape, "herald_fetches_total{kind=\"feed\",outcome=\"ok\"}"), 1) << scrape;
  EXPECT_GE(Sample(scrape, "herald_fetches_total{kind=\"page\",outcome=\"ok\"}"), 4) << scrape;
  EXPECT_GE(Sample(scrape, "herald_extract_seconds_count"), 4) << scrape;
  EXPECT_GE(Sample(scrape, "herald_http_requests_total{code=\"2xx\"}"), 1) << scrape;
  EXPECT_GE(Sample(scrape, "herald_http_request_seconds_bucket{le=\"+Inf\"}"), 1) << scrape;
  EXPECT_GE(Sample(scrape, "herald_job_queue{state=\"failed\"}"), 0) << scrape;
  EXPECT_NE(scrape.find("# TYPE herald_job_queue gauge"), std::string::npos);
  EXPECT_NE(scrape.find("# TYPE herald_extract_seconds histogram"), std::string::npos);
  // Each requested page shows in the request counters at the next scrape.
  double before = Sample(scrape, "herald_http_requests_total{code=\"4xx\"}");
  EXPECT_EQ(HttpGet(base + "/no-such-page").status, 404);
  EXPECT_EQ(Sample(HttpGet(base + "/metrics").body, "herald_http_requests_total{code=\"4xx\"}"), before + 1);
}

TEST_F(OpsCliTest, JsonLogsAndNoSecretsInThem) {
  // A source whose requests carry a cookie and a token, logged at debug.
  WriteFile(config_, std::string(kFetch) + "[log]\nformat = \"json\"\nlevel = \"debug\"\n[[sources]]\nname = \"Demo\"\n"
                         "url = \"" + feed_ + "\"\ncookies = \"session=Cookie-Secret-777; other=Second-Secret-888\"\n"
                         "headers = { Authorization = \"Bearer Token-Secret-999\" }\n");
  auto ingest = Herald({"ingest", "--once"});
  ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
  int lines = 0;
  std::istringstream err(ingest.err);
  for (std::string line; std::getline(err, line);) {
    if (line.rfind("herald: ", 0) == 0) continue;  // a failing command's own one-line message
    auto object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(object.is_object()) << line;
    EXPECT_TRUE(object.contains("ts") && object.contains("level") && object.contains("msg")) << line;
    ++lines;
  }
  EXPECT_GT(lines, 0) << ingest.err;
  for (const char* secret : {"Cookie-Secret-777", "Second-Secret-888", "Token-Secret-999"})
    EXPECT_EQ((ingest.out + ingest.err).find(secret), std::string::npos) << secret;

  // A password in the store URL: every command that fails to reach it stays silent about it.
  ScopedEnv url("HERALD_STORE_URL", "postgresql://herald:Pw-Never-Shown-43@127.0.0.1:1/herald");
  for (std::vector<std::string> args : {std::vector<std::string>{"sources", "list"}, {"doctor"}, {"jobs"},
                                        {"--log-format", "text", "ingest", "--once"}}) {
    auto run = Herald(args);
    EXPECT_NE(run.exit_status, 0);
    EXPECT_EQ((run.out + run.err).find("Pw-Never-Shown-43"), std::string::npos) << run.out << run.err;
  }
}

}  // namespace
}  // namespace herald::testing
