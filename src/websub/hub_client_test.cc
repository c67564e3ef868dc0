#include "websub/hub_client.h"

#include <gtest/gtest.h>

#include <mutex>

#include "httpd/server.h"

namespace herald::websub {
namespace {

TEST(FormEncodeTest, EncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(FormEncode({{"hub.mode", "subscribe"}, {"hub.topic", "http://x.test/a b?c=d&e"}}),
            "hub.mode=subscribe&hub.topic=http%3A%2F%2Fx.test%2Fa%20b%3Fc%3Dd%26e");
  EXPECT_EQ(FormEncode({{"k~-._", "\xc3\xa9+"}}), "k~-._=%C3%A9%2B");
  EXPECT_EQ(FormEncode({}), "");
}

class PostFormTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = httpd::Server::Start({}, [this](const httpd::Request& request) {
      std::lock_guard<std::mutex> lock(mu_);
      seen_ = request;
      httpd::Response r;
      r.status = answer_status_;
      r.body = answer_body_;
      return r;
    });
    ASSERT_TRUE(server.ok()) << server.message();
    server_ = std::move(*server);
    options_.allow_private_networks = true;
    options_.timeout_seconds = 5;
  }

  httpd::Request Seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  std::mutex mu_;
  httpd::Request seen_;
  int answer_status_ = 202;
  std::string answer_body_;
  std::unique_ptr<httpd::Server> server_;
  PostOptions options_;
};

TEST_F(PostFormTest, PostsTheFormAndReturnsTheStatus) {
  options_.user_agent = "websub-test/1";
  auto answer = PostForm(server_->base_url() + "/hub", {{"hub.mode", "subscribe"}, {"hub.secret", "s e"}}, options_);
  ASSERT_TRUE(answer.ok()) << answer.message();
  EXPECT_EQ(answer->status, 202);
  httpd::Request seen = Seen();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/hub");
  EXPECT_EQ(seen.query.size(), 0u);  // nothing, the secret least of all, in the URL
  EXPECT_EQ(seen.body, "hub.mode=subscribe&hub.secret=s%20e");
  EXPECT_EQ(seen.Header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(seen.Header("user-agent"), "websub-test/1");
}

TEST_F(PostFormTest, AnErrorStatusIsAnAnswerWithTheStartOfItsBody) {
  answer_status_ = 400;
  answer_body_ = "bad topic " + std::string(10000, 'x');
  auto answer = PostForm(server_->base_url() + "/hub", {{"hub.mode", "subscribe"}}, options_);
  ASSERT_TRUE(answer.ok()) << answer.message();
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(answer->body.size(), 4096u);
  EXPECT_EQ(answer->body.substr(0, 10), "bad topic ");
}

TEST_F(PostFormTest, RedirectsAreNotFollowed) {
  answer_status_ = 307;
  auto answer = PostForm(server_->base_url() + "/hub", {}, options_);
  ASSERT_TRUE(answer.ok()) << answer.message();
  EXPECT_EQ(answer->status, 307);
}

TEST_F(PostFormTest, PrivateAddressesAreRefusedUnlessAllowed) {
  options_.allow_private_networks = false;
  auto refused = PostForm(server_->base_url() + "/hub", {}, options_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kRefused);
  EXPECT_NE(refused.message().find("127.0.0.1"), std::string::npos) << refused.message();
  EXPECT_TRUE(Seen().method.empty());  // never reached

  options_.allowed_networks = {"not a range", "127.0.0.0/8"};
  auto allowed = PostForm(server_->base_url() + "/hub", {}, options_);
  ASSERT_TRUE(allowed.ok()) << allowed.message();
  EXPECT_EQ(allowed->status, 202);
}

TEST_F(PostFormTest, BadUrlsAndDeadHosts) {
  for (const char* url : {"", "ftp://127.0.0.1/hub", "file:///etc/passwd", "hub", "http://"}) {
    auto answer = PostForm(url, {}, options_);
    ASSERT_FALSE(answer.ok()) << url;
    EXPECT_EQ(answer.error().kind, ErrorKind::kInvalidInput) << url;
  }
  std::string dead = server_->base_url() + "/hub";
  server_->Stop();
  auto answer = PostForm(dead, {}, options_);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().kind, ErrorKind::kNetwork);
}

}  // namespace
}  // namespace herald::websub
