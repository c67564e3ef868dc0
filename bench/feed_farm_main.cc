// feed_farm: serves the refresh benchmark's feeds until SIGINT/SIGTERM.
//   feed_farm --out DIR [--feeds 2000] [--hosts 500] [--port 0]
// Writes DIR/feeds.opml and DIR/urls (newsboat's), then prints "port N" and
// "ready" on stdout, so a script can wait for the second line.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>

#include "bench/feed_farm.h"

namespace {

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int main(int argc, char** argv) {
  herald::bench::FarmOptions options;
  std::string out_dir;
  CLI::App app("Synthetic RSS feeds on many loopback addresses, for bench/refresh_bench.sh");
  app.add_option("--out", out_dir, "Directory for feeds.opml and urls")->required();
  app.add_option("--feeds", options.feeds, "Number of feeds")->capture_default_str();
  app.add_option("--hosts", options.hosts, "Loopback addresses from 127.0.0.1 up")->capture_default_str();
  app.add_option("--items", options.items_per_feed, "Items per feed")->capture_default_str();
  app.add_option("--port", options.port, "Port on every address (0: any free one)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals before any server thread starts, so that only
  // sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto farm = herald::bench::FeedFarm::Start(options);
  if (!farm.ok()) {
    std::fprintf(stderr, "feed_farm: %s\n", farm.message().c_str());
    return 1;
  }
  if (!WriteFile(out_dir + "/feeds.opml", (*farm)->Opml()) || !WriteFile(out_dir + "/urls", (*farm)->UrlList())) {
    std::fprintf(stderr, "feed_farm: cannot write feeds.opml and urls in %s; does the directory exist?\n",
                 out_dir.c_str());
    return 1;
  }
  std::printf("port %u\nready\n", (*farm)->port());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  return 0;
}
