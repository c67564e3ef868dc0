// Mozilla Readability (jsdom) as an extract-eval --run-batch peer.
//
//   node bench/extract/readability.mjs INDIR OUTDIR
//
// INDIR/index.json is [{"id", "url", "html"}] (html: a file relative to
// INDIR); OUTDIR/<id>.json receives {"articleBody", "extractMs"}. One warm
// process for all pages, so the time measured is the extractor's, not node's
// start-up. extractMs covers what a reader of the page pays: JSDOM
// construction (the HTML parse) plus Readability.parse(); reading the file
// and writing the result are outside it.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, isAbsolute } from "node:path";
import { performance } from "node:perf_hooks";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error("usage: node readability.mjs INDIR OUTDIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// Pages carry broken CSS and scripts; jsdom's complaints are noise here.
const quiet = new VirtualConsole();

// jsdom rejects a url it cannot parse; such a page is read without a base.
function domOptions(url) {
  try {
    return { url: new URL(url).href, virtualConsole: quiet };
  } catch {
    return { virtualConsole: quiet };
  }
}

// Ids become file names: refuse separators and dot-only names.
const isSafeId = (id) => typeof id === "string" && id !== "" && id !== "." && id !== ".." && !/[\/\\\0]/.test(id);

const index = JSON.parse(readFileSync(join(inDir, "index.json"), "utf8"));
let failed = 0;
for (const page of index) {
  if (!isSafeId(page.id)) {
    console.error(`readability: skipping unsafe id ${JSON.stringify(page.id)}`);
    failed++;
    continue;
  }
  const htmlPath = isAbsolute(page.html) ? page.html : join(inDir, page.html);
  const result = { articleBody: "" };
  try {
    const html = readFileSync(htmlPath, "utf8");
    const start = performance.now();
    const dom = new JSDOM(html, domOptions(page.url || ""));
    const article = new Readability(dom.window.document).parse();
    result.extractMs = performance.now() - start;
    result.articleBody = article?.textContent ?? "";
    result.title = article?.title ?? "";
    dom.window.close(); // frees the document before the next page
  } catch (error) {
    result.error = String(error?.message ?? error);
    failed++;
    console.error(`readability: ${page.id}: ${result.error}`);
  }
  writeFileSync(join(outDir, `${page.id}.json`), JSON.stringify(result) + "\n");
}
// Like herald extract --batch: a failed page keeps its file, the exit says so.
process.exit(failed > 0 ? 1 : 0);
