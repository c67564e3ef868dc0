#!/usr/bin/env python3
"""Store::Search's SQL with and without the search window, timed on a store
made by bench/gen_articles (the web benchmark's 100,000 articles):

    build/bench/gen_articles --data /tmp/sb --count 100000
    bench/search_window_bench.py /tmp/sb/herald.db

"all matches" is the query before the window (BM25 over every match, whole
rows sorted); "window" is today's (the 5,000 most recently stored matches,
whole rows read for the page only). Each query runs twice; the second time
is printed (warm page cache)."""
import sqlite3
import sys
import time

COLUMNS = ("articles.id, articles.source_id, sources.name, articles.url, articles.title, articles.published_utc, "
           "articles.excerpt, articles.lead_image_url, articles.language, articles.paywalled, "
           "COALESCE(articles.published_utc, articles.fetched_utc), articles.featured")
VISIBLE = "articles.hidden = 0 AND articles.duplicate_of IS NULL "
ALL_MATCHES = (f"SELECT articles.text, {COLUMNS} FROM articles JOIN sources ON sources.id = articles.source_id "
               f"JOIN articles_fts ON articles_fts.rowid = articles.id WHERE articles_fts MATCH ? AND {VISIBLE}"
               "ORDER BY bm25(articles_fts, 4.0, 1.0), articles.id DESC LIMIT 20")
BOUND = ("SELECT articles_fts.rowid FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid "
         f"WHERE articles_fts MATCH ? AND {VISIBLE}ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET 4999")
WINDOW = (f"SELECT articles.text, {COLUMNS} FROM articles JOIN sources ON sources.id = articles.source_id "
          "JOIN (SELECT articles_fts.rowid AS hit, bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts "
          f"JOIN articles ON articles.id = articles_fts.rowid WHERE articles_fts MATCH ? AND {VISIBLE}"
          "AND articles_fts.rowid >= ? ORDER BY score, hit DESC LIMIT 20) AS top ON top.hit = articles.id "
          "ORDER BY top.score, articles.id DESC")


def timed(run):
    run()
    start = time.perf_counter()
    rows = run()
    return (time.perf_counter() - start) * 1000, len(rows)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    # Stores generated before gen_articles' fix have Chinese titles cut mid-character.
    db.text_factory = lambda b: b.decode("utf-8", "replace")
    print("| query | matches | all matches ms | window ms | ratio |")
    print("|---|---:|---:|---:|---:|")
    for words in (["bank"], ["airport"], ["battery", "protest"], ["住房"]):
        match = " ".join('"' + w + '"' for w in words)
        matches = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]
        full_ms, _ = timed(lambda: db.execute(ALL_MATCHES, (match,)).fetchall())

        def windowed():
            bound = db.execute(BOUND, (match,)).fetchone()
            return db.execute(WINDOW, (match, bound[0] if bound else 0)).fetchall()
        window_ms, _ = timed(windowed)
        print(f"| {' '.join(words)} | {matches} | {full_ms:.0f} | {window_ms:.0f} | {full_ms / window_ms:.1f}x |")


if __name__ == "__main__":
    main()
