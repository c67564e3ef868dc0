// herald demo-newsroom --listen HOST:PORT [--tls-cert FILE --tls-key FILE]
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/signals.h"
#include "demo/newsroom.h"
#include "httpd/server.h"

namespace herald::cli {

void AddDemoNewsroomCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand(
      "demo-newsroom", "Serve the demo newsroom (fictional publishers, feeds and article pages) on --listen");
  auto cert = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  cmd->add_option("--tls-cert", *cert, "PEM certificate: serve HTTPS (with --tls-key)");
  cmd->add_option("--tls-key", *key, "PEM private key of --tls-cert");
  cmd->callback([&common, exit_status, cert, key] {
    if (cert->empty() != key->empty()) {
      *exit_status = Fail("demo-newsroom: give both --tls-cert and --tls-key, or neither", kExitUsage);
      return;
    }
    std::string listen_text = common.listen.empty() ? "127.0.0.1:8090" : common.listen;
    auto listen = httpd::ParseListenAddress(listen_text);
    if (!listen.ok()) {
      *exit_status = Fail(listen.error());
      return;
    }
    auto server = cert->empty() ? demo::StartNewsroom(listen->first, listen->second)
                                : demo::StartNewsroomTls(listen->first, listen->second, *cert, *key);
    if (!server.ok()) {
      *exit_status = Fail(server.error());
      return;
    }
    std::printf("demo newsroom at %s\n", (*server)->base_url().c_str());
    for (const auto& f : demo::Feeds())
      std::printf("  %-28s %s%s\n", f.publisher.c_str(), (*server)->base_url().c_str(), f.path.c_str());
    std::fflush(stdout);
    WaitForTermination(-1);
  });
}

}  // namespace herald::cli
