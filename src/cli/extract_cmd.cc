// herald extract FILE|- [--url URL] [--json]
// herald extract --batch INDIR OUTDIR
//
// Batch mode reads INDIR/index.json, a JSON array of {"id", "url", "html"}
// (html: a file name relative to INDIR), and writes OUTDIR/<id>.json for each
// page: the fields of --json plus "articleBody" (= text) and "extractMs" (the
// in-process time of that page's extraction). One process for many pages
// measures the extractor, not process start-up; it is the contract of
// extract-eval --run-batch.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "extract/extract.h"

namespace herald::cli {
namespace {

struct BatchPage {
  std::string id;
  std::string url;
  std::string html_path;
};

// An id becomes a file name: no separators, no dot-only names.
bool IsSafeId(const std::string& id) {
  return !id.empty() && id != "." && id != ".." && id.find('/') == std::string::npos &&
         id.find('\\') == std::string::npos && id.find('\0') == std::string::npos;
}

Result<std::vector<BatchPage>> ReadBatchIndex(const std::string& in_dir) {
  std::string index_path = in_dir + "/index.json";
  auto bytes = ReadInput(index_path);
  if (!bytes.ok()) return bytes.error();
  nlohmann::json index = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!index.is_array()) {
    return MakeError(ErrorKind::kInvalidInput,
                     index_path + ": expected a JSON array of {\"id\", \"url\", \"html\"}");
  }
  std::vector<BatchPage> pages;
  for (size_t i = 0; i < index.size(); ++i) {
    const nlohmann::json& item = index[i];
    auto text = [&](const char* key) {
      auto it = item.is_object() ? item.find(key) : item.end();
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    BatchPage page{text("id"), text("url"), text("html")};
    if (!IsSafeId(page.id) || page.html_path.empty()) {
      return MakeError(ErrorKind::kInvalidInput,
                       index_path + ": entry " + std::to_string(i) +
                           " needs a string \"id\" (a plain file name) and \"html\"");
    }
    if (!page.html_path.starts_with('/')) page.html_path = in_dir + "/" + page.html_path;
    pages.push_back(std::move(page));
  }
  return pages;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// Extracts every page of the index; a page that fails still gets a file
// (empty articleBody and the error), so one bad page never hides the others.
int RunBatch(const std::string& in_dir, const std::string& out_dir) {
  auto pages = ReadBatchIndex(in_dir);
  if (!pages.ok()) return Fail(pages.error());
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return Fail(out_dir + ": cannot create the output folder (" + error.message() + ")", kExitUsage);
  int failed = 0;
  for (const BatchPage& page : *pages) {
    nlohmann::json result;
    auto bytes = ReadInput(page.html_path);
    if (!bytes.ok()) {
      result = {{"error", bytes.message()}, {"articleBody", ""}};
    } else {
      auto start = std::chrono::steady_clock::now();
      auto article = extract::Extract(*bytes, {page.url, ""});
      std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
      if (article.ok()) {
        result = extract::ToJson(*article);
        result["articleBody"] = article->text;
      } else {
        result = {{"error", article.message()}, {"articleBody", ""}};
      }
      result["extractMs"] = elapsed.count();
    }
    if (result.contains("error")) {
      ++failed;
      std::fprintf(stderr, "herald: %s: %s\n", page.id.c_str(), result["error"].get<std::string>().c_str());
    }
    std::string path = out_dir + "/" + page.id + ".json";
    if (!WriteText(path, result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")) {
      return Fail(path + ": cannot be written", kExitFailure);
    }
  }
  if (failed > 0) {
    return Fail(std::to_string(failed) + " of " + std::to_string(pages->size()) +
                    " pages could not be extracted (their files hold the error)",
                kExitFailure);
  }
  return kExitOk;
}

}  // namespace

void AddExtractCommand(CLI::App& app, const CommonOptions&, int* exit_status) {
  struct Flags {
    std::string file;
    std::string url;
    std::vector<std::string> batch;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract an article (text and metadata) from an HTML page");
  cmd->add_option("file", flags->file, "HTML file, or - for standard input");
  cmd->add_option("--url", flags->url, "The page's URL (base for relative links)");
  cmd->add_flag("--json", flags->json, "Print one JSON object (the default output is title and text)");
  cmd->add_option("--batch", flags->batch,
                  "INDIR OUTDIR: extract every page listed in INDIR/index.json "
                  "([{\"id\",\"url\",\"html\"}]) into OUTDIR/<id>.json")
      ->expected(2)
      ->type_name("INDIR OUTDIR");
  cmd->callback([flags, exit_status] {
    if (!flags->batch.empty()) {
      if (!flags->file.empty()) {
        *exit_status = Fail("extract: give either FILE or --batch INDIR OUTDIR, not both", kExitUsage);
        return;
      }
      *exit_status = RunBatch(flags->batch[0], flags->batch[1]);
      return;
    }
    if (flags->file.empty()) {
      *exit_status = Fail("extract: give an HTML file (or - for standard input), or --batch INDIR OUTDIR",
                          kExitUsage);
      return;
    }
    auto bytes = ReadInput(flags->file);
    if (!bytes.ok()) {
      *exit_status = Fail(bytes.error());
      return;
    }
    auto article = extract::Extract(*bytes, {flags->url, ""});
    if (!article.ok()) {
      *exit_status = Fail(flags->file + ": " + article.message(), kExitUsage);
      return;
    }
    if (flags->json) {
      std::printf("%s\n", extract::ToJson(*article).dump(2).c_str());
    } else {
      std::printf("%s\n\n%s\n", article->title.c_str(), article->text.c_str());
    }
  });
}

}  // namespace herald::cli
