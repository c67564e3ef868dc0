// herald's site in Debian's headless Chromium, driven by playwright-core, on
// the offline demo newsroom: full-page screenshots at 1280 and 375 px,
// axe-core (no serious or critical violation, light and dark schemes), no
// horizontal scroll on a phone, the lead caption shown once, the view counter,
// related articles, the wire story's copies shown once with "Also published
// by" and its full coverage page, and hostile titles/bodies/queries that must
// never run.
//
//   node tests/browser/run.mjs <path to herald> <artifacts dir>
//
// Exits 0 when every check passes; otherwise prints each failure and exits 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } };
const CONTENT_TIMEOUT_MS = 60_000;
// An English word the demo newsroom uses in several stories.
const SEARCH_QUERY = 'rare earth';
// Hostile text in the body of the demo story whose title carries a <script>
// (src/demo/content.cc): the reader must see it as text.
const HOSTILE_BODY_TEXT = ['<img src=x onerror="window.__xss=1;alert(2)">', '<script>window.__xss=3</script>'];
// The demo's wire story (src/demo/content.cc): Pacific Wire's original and
// two word-for-word copies, by publisher. Readers see one of the three
// (the copy group's representative) with "Also published by" the others.
const WIRE_STORY = {
  'Pacific Wire': 'China tightens rare earth export licensing, adds seven elements to control list',
  'The Harbour Times': 'Hong Kong traders brace as Beijing tightens rare earth licences',
  'The Atlantic Ledger': 'Beijing Tightens Grip on Rare-Earth Exports With New Licensing Rules',
};
const WIRE_TITLES = Object.values(WIRE_STORY);
// A reflected-XSS probe for the search page: the query is echoed twice.
const HOSTILE_QUERY = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

function usage(message) {
  console.error(`browser tests: ${message}\nusage: node tests/browser/run.mjs <herald binary> <artifacts dir>`);
  process.exit(2);
}

// The npm packages are installed by scripts/install-deps.sh (npm ci); a
// missing install is a failure, never a silent skip.
function loadDependencies() {
  for (const name of ['playwright-core', 'axe-core']) {
    try {
      require.resolve(name);
    } catch {
      console.error(`browser tests: the npm package ${name} is missing from ${here}/node_modules.\n` +
                    'Run scripts/install-deps.sh (it runs `npm ci --prefix tests/browser`; needs Node >= 20).');
      process.exit(1);
    }
  }
  // The minified build: a quarter of the size, injected into every page checked.
  const axePath = path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js');
  return { chromium: require('playwright-core').chromium, axePath };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const runStart = Date.now();
// Prints how long each step took, so a slow run shows where its time went.
let lapStart = runStart;
function lap(step) {
  const now = Date.now();
  console.log(`browser tests: ${step} (${((now - lapStart) / 1000).toFixed(1)} s)`);
  lapStart = now;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// Starts `herald run` with an empty config: the site plus the offline demo
// newsroom as its only sources.
async function startHerald(heraldPath, workDir) {
  const [sitePort, demoPort] = [await freePort(), await freePort()];
  const config = path.join(workDir, 'herald.toml');
  fs.writeFileSync(config, `[demo]\nlisten = "127.0.0.1:${demoPort}"\n`);
  const log = fs.openSync(path.join(workDir, 'herald.log'), 'w');
  const child = spawn(heraldPath, ['--config', config, '--data', path.join(workDir, 'data'),
                                   '--listen', `127.0.0.1:${sitePort}`, 'run'],
                      { stdio: ['ignore', log, log] });
  return { child, base: `http://127.0.0.1:${sitePort}` };
}

async function stopHerald(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

// Every article the site lists (the API pages through all of them).
async function listArticles(base) {
  const out = [];
  let cursor = null;
  do {
    const page = await getJson(`${base}/api/v1/articles?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.articles);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

// Ingest has settled when the article count has not moved for a few polls
// and the stories the checks need (a hostile title, a wire story with
// related copies) are in. The wire story's story id is waited for a little
// longer (the story layer runs after the articles are stored); the checks
// that need it fail with a clear message when it never comes.
async function waitForContent(base, child) {
  const deadline = Date.now() + CONTENT_TIMEOUT_MS;
  let last = -1;
  let stable = 0;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`herald exited with status ${child.exitCode}`);
    try {
      const articles = await listArticles(base);
      stable = articles.length === last ? stable + 1 : 0;
      last = articles.length;
      const wireAssigned = articles.some((a) => WIRE_TITLES.includes(a.title) && a.story_id);
      if (articles.length >= 10 && stable >= 4 && articles.some((a) => a.title.includes('<script>')) &&
          (wireAssigned || stable >= 20)) return articles;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the demo newsroom's articles did not arrive within ${CONTENT_TIMEOUT_MS / 1000} s (last count ${last})`);
}

// A fresh browser context: its own cookies and cache, and (for the view
// counter) its own User-Agent. Any JavaScript dialog is a failure: herald's
// pages run no script, so a dialog can only come from injected markup. The
// site's Content-Security-Policy is bypassed: axe-core must be injected, and
// escaping must hold on its own, not only behind the CSP.
async function newContext(browser, { viewport = WIDTHS.desktop, userAgent, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, userAgent, colorScheme, bypassCSP: true });
  context.on('page', (page) => watchDialogs(page));
  return context;
}

function watchDialogs(page) {
  page.on('dialog', async (dialog) => {
    check(false, `a JavaScript ${dialog.type()} dialog opened on ${page.url()}: ${JSON.stringify(dialog.message())}`);
    await dialog.dismiss().catch(() => {});
  });
}

// Loads `url` with its images (screenshots need them) and expects a 200.
async function visit(page, url, waitUntil = 'load') {
  const response = await page.goto(url, { waitUntil });
  check(response && response.status() === 200, `${url}: HTTP ${response && response.status()}`);
}

async function open(context, url, waitUntil = 'load') {
  const page = await context.newPage();
  await visit(page, url, waitUntil);
  return page;
}

// `rules`: only these axe rules (e.g. colour contrast again in the dark
// scheme); all of them when absent.
async function axeCheck(page, label, axePath, rules) {
  await page.addScriptTag({ path: axePath });
  const options = { resultTypes: ['violations'], ...(rules && { runOnly: { type: 'rule', values: rules } }) };
  // eslint-disable-next-line no-undef
  const result = await page.evaluate((opts) => axe.run(document, opts), options);
  for (const v of result.violations) {
    const nodes = v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`).join('\n');
    const line = `axe ${v.impact} ${v.id} on ${label}: ${v.help} (${v.helpUrl})\n${nodes}`;
    if (v.impact === 'serious' || v.impact === 'critical') check(false, line);
    else console.log(`note: ${line}`);
  }
}

async function noHorizontalScroll(page, label) {
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    // Name the element that sticks out, to make a failure easy to fix.
    let widest = '';
    let right = root.clientWidth;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right + 0.5) {
        right = r;
        widest = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(r)} px)`;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
  });
  check(scrollWidth <= clientWidth,
        `${label}: horizontal scroll at 375 px (scrollWidth ${scrollWidth} > clientWidth ${clientWidth}); widest: ${widest}`);
}

// Nothing from the stored content ran or became markup: no inline handlers,
// no javascript: links, no script but our JSON-LD, no frames, and the
// payloads' marker never set.
async function noInjectedMarkup(page, label) {
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        if (attr.startsWith('on')) bad.push(`<${el.tagName.toLowerCase()} ${attr}>`);
        if (['href', 'src', 'action', 'formaction'].includes(attr) &&
            /^\s*(javascript|vbscript|data:text\/html)/i.test(el.getAttribute(attr)))
          bad.push(`<${el.tagName.toLowerCase()} ${attr}="${el.getAttribute(attr)}">`);
      }
    }
    for (const s of document.querySelectorAll('script'))
      if (s.type !== 'application/ld+json') bad.push(`<script type="${s.type}">`);
    for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]', 'form:not(.search-form)'])
      for (const el of document.querySelectorAll(tag)) bad.push(el.outerHTML.slice(0, 120));
    if (window.__xss !== undefined) bad.push(`window.__xss = ${window.__xss}`);
    return bad;
  });
  check(found.length === 0, `${label}: injected markup: ${found.join(', ')}`);
}

// A full-page screenshot with every image in it: lazy images below the fold
// are loaded first.
async function screenshot(page, artifacts, name) {
  await page.evaluate(() => Promise.all([...document.images].map((img) => {
    img.loading = 'eager';
    return img.complete ? null : new Promise((resolve) => { img.onload = img.onerror = resolve; });
  })));
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// Home, one article and a search, at both widths: screenshots, axe (every
// rule in light at both widths, colour contrast in dark), and no horizontal
// scroll on the phone. Dark screenshots are kept at desktop width only.
async function checkPages(browser, pages, artifacts, axePath) {
  const runs = [['desktop', 'light'], ['desktop', 'dark'], ['phone', 'light']];
  for (const [widthName, colorScheme] of runs) {
    const viewport = WIDTHS[widthName];
    const context = await newContext(browser, { viewport, colorScheme, userAgent: `herald-browser-test ${widthName} ${colorScheme}` });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(pages)) {
      const label = `${name} at ${viewport.width} px, ${colorScheme}`;
      await visit(page, url);
      await screenshot(page, artifacts, `${name}-${viewport.width}${colorScheme === 'dark' ? '-dark' : ''}`);
      if (widthName === 'phone') await noHorizontalScroll(page, label);
      await noInjectedMarkup(page, label);
      // Only colours change with the scheme.
      await axeCheck(page, label, axePath, colorScheme === 'dark' ? ['color-contrast'] : undefined);
    }
    await context.close();
  }
}

// The lead image caption is printed once: neither doubled by the template
// nor by a hidden copy the extractor kept from the publisher's page.
async function checkCaption(browser, url, caption) {
  const context = await newContext(browser);
  const page = await open(context, url, 'domcontentloaded');
  const text = await page.evaluate(() => document.body.textContent);
  const count = text.split(caption).length - 1;
  check(count === 1, `${url}: the caption "${caption}" appears ${count} times in the page text, not once`);
  await context.close();
}

// Related articles are there and none of them is the article itself.
async function checkRelated(browser, url, articlePath) {
  const context = await newContext(browser);
  const page = await open(context, url, 'domcontentloaded');
  const links = await page.$$eval('.related a[href]', (as) => as.map((a) => a.getAttribute('href')));
  check(links.length > 0, `${url}: no related articles`);
  check(!links.includes(articlePath), `${url}: related articles link to the article itself (${links.join(', ')})`);
  await context.close();
}

// The wire story as readers see it: once on the home page; its article page
// names the other two publishers under "Also published by" and links to the
// full coverage, which lists all three publishers. Returns the coverage URL
// for the screenshots (its /stories/ID even when the link is missing, so the
// page is still checked; "" when the story has no id).
async function checkWireStory(browser, base, articleUrl, publisher, storyId) {
  const context = await newContext(browser);
  const home = await open(context, `${base}/`, 'domcontentloaded');
  const titles = await home.$$eval('.teaser-title a', (as) => as.map((a) => a.textContent));
  const shown = titles.filter((t) => WIRE_TITLES.includes(t));
  check(shown.length === 1, `home page: the wire story shows ${shown.length} times (${JSON.stringify(shown)}), not once ` +
                            '(its copies should be folded into one teaser)');

  const page = await open(context, articleUrl, 'domcontentloaded');
  const also = await page.$$eval('.also-published li a:first-child', (as) => as.map((a) => a.textContent.trim()));
  const others = Object.keys(WIRE_STORY).filter((p) => p !== publisher);
  for (const other of others)
    check(also.includes(other), `${articleUrl}: "Also published by" does not name ${other} (it lists ${JSON.stringify(also)})`);
  check(!also.includes(publisher), `${articleUrl}: "Also published by" names the article's own publisher ${publisher}`);

  let coverageUrl = storyId ? `${base}/stories/${storyId}` : '';
  const storyLink = page.locator('.story-line a');
  if (check(await storyLink.count() === 1, `${articleUrl}: no "N sources cover this story" link ` +
                                           '(the story should have three sources)')) {
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), storyLink.click()]);
    coverageUrl = page.url();
    const publishers = await page.$$eval('.publisher-coverage h3', (hs) => hs.map((h) => h.textContent.trim()));
    for (const name of Object.keys(WIRE_STORY))
      check(publishers.includes(name), `${coverageUrl}: the coverage page does not list ${name} (it lists ${JSON.stringify(publishers)})`);
    const headings = await page.$$eval('h1', (hs) => hs.length);
    check(headings === 1, `${coverageUrl}: ${headings} <h1> elements`);
    await noInjectedMarkup(page, coverageUrl);
  }
  await context.close();
  return coverageUrl;
}

async function viewCount(page) {
  const text = await page.textContent('.views');
  const match = /\d+/.exec(text || '');
  return match ? Number(match[0]) : NaN;
}

// The view counter counts visitors (IP + User-Agent + day), not page loads;
// the page shows pending views, so no flush is needed to see the count move.
async function checkViewCounter(browser, url) {
  const first = await newContext(browser, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) herald-browser-test first-visitor' });
  const page = await open(first, url, 'domcontentloaded');
  const n = await viewCount(page);
  check(Number.isInteger(n) && n >= 1, `${url}: no view count on the page (got "${await page.textContent('.views')}")`);
  await page.reload({ waitUntil: 'domcontentloaded' });
  const reloaded = await viewCount(page);
  check(reloaded === n, `${url}: a reload by the same visitor changed the count from ${n} to ${reloaded}`);
  const second = await newContext(browser, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) herald-browser-test second-visitor' });
  const other = await viewCount(await open(second, url, 'domcontentloaded'));
  check(other === n + 1, `${url}: a second visitor saw ${other}, expected ${n + 1}`);
  await Promise.all([first.close(), second.close()]);
}

// Every stored article: hostile titles and bodies render as text, nothing
// runs, and no lead caption is doubled.
async function checkEveryArticle(browser, base, articles) {
  const context = await newContext(browser);
  const page = await context.newPage();
  for (const a of articles) {
    const url = base + a.url;
    await visit(page, url, 'domcontentloaded');
    await noInjectedMarkup(page, `${url} (${a.title})`);
    const h1 = await page.textContent('h1');
    check(h1 === a.title, `${url}: the heading reads ${JSON.stringify(h1)}, not the stored title ${JSON.stringify(a.title)}`);
    const captions = await page.$$eval('figcaption', (f) => f.length);
    check(captions <= 1, `${url}: ${captions} figure captions`);
    if (a.title.includes('<script>')) {
      const body = await page.textContent('.body');
      for (const payload of HOSTILE_BODY_TEXT)
        check(body.includes(payload), `${url}: the hostile body text ${JSON.stringify(payload)} is not shown as text`);
    }
  }
  await context.close();
}

async function checkHostileSearch(browser, base) {
  const context = await newContext(browser);
  const url = `${base}/search?q=${encodeURIComponent(HOSTILE_QUERY)}`;
  const page = await open(context, url, 'domcontentloaded');
  await noInjectedMarkup(page, `search for ${HOSTILE_QUERY}`);
  check(await page.inputValue('#q') === HOSTILE_QUERY, `${url}: the search box does not hold the query as typed`);
  // Snippets wrap query words in <mark> after escaping: search the hostile
  // paragraph itself so its highlighted snippet is rendered.
  const snippetUrl = `${base}/search?q=onerror`;
  await visit(page, snippetUrl, 'domcontentloaded');
  await noInjectedMarkup(page, snippetUrl);
  check(await page.locator('.teaser').count() > 0, `${snippetUrl}: the story with the hostile paragraph is not found`);
  await context.close();
}

async function main() {
  const [heraldPath, artifactsArg] = process.argv.slice(2);
  if (!heraldPath || !artifactsArg) usage('two arguments are needed');
  if (!fs.existsSync(heraldPath)) usage(`${heraldPath} does not exist (build the herald target first)`);
  if (!fs.existsSync(CHROMIUM)) usage(`${CHROMIUM} is missing: run scripts/install-deps.sh (it installs Debian's chromium)`);
  const { chromium, axePath } = loadDependencies();
  const artifacts = path.resolve(artifactsArg);
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of fs.readdirSync(artifacts)) if (f.endsWith('.png')) fs.rmSync(path.join(artifacts, f));

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-browser-'));
  const { child, base } = await startHerald(path.resolve(heraldPath), workDir);
  let browser;
  try {
    const articles = await waitForContent(base, child);
    lap(`${articles.length} articles ingested`);
    // The wire story: it has a captioned lead image and related stories.
    // Whichever of its three copies represents it is the one listed.
    const story = articles.find((a) => WIRE_TITLES.includes(a.title));
    if (!story) throw new Error(`the demo's wire story is missing (none of ${JSON.stringify(WIRE_TITLES)} is listed)`);
    const articleUrl = base + story.url;
    check(story.story_id, `${articleUrl}: the wire story has no story_id: the story layer has not assigned stories`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    lap('chromium started');

    const coverageUrl = await checkWireStory(browser, base, articleUrl, story.source.name, story.story_id);
    lap('wire story, also published by, full coverage');
    const pages = { home: `${base}/`, article: articleUrl, search: `${base}/search?q=${encodeURIComponent(SEARCH_QUERY)}` };
    if (coverageUrl) pages.coverage = coverageUrl;
    await checkPages(browser, pages, artifacts, axePath);
    lap('screenshots, axe, layout');
    await checkCaption(browser, articleUrl, 'Rare earth magnets at a factory in Ganzhou, Jiangxi province');
    lap('caption');
    await checkRelated(browser, articleUrl, story.url);
    lap('related');
    await checkViewCounter(browser, articleUrl);
    lap('view counter');
    await checkEveryArticle(browser, base, articles);
    lap('every article');
    await checkHostileSearch(browser, base);
    lap('hostile search');
    console.log(`browser tests: screenshots in ${artifacts}; ${((Date.now() - runStart) / 1000).toFixed(1)} s in all`);
  } catch (e) {
    check(false, e.message);
  } finally {
    if (browser) await browser.close();
    await stopHerald(child);
    lap('chromium and herald stopped');
  }
  // herald's log stays with the artifacts; its data directory goes.
  fs.copyFileSync(path.join(workDir, 'herald.log'), path.join(artifacts, 'herald.log'));
  fs.rmSync(workDir, { recursive: true, force: true });
  if (failures.length) {
    console.error(`browser tests: ${failures.length} failure(s) (herald's log: ${path.join(artifacts, 'herald.log')}):\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log('browser tests: all checks passed');
}

await main();
