#!/usr/bin/python3
"""readability-lxml (Debian python3-readability) as an extract-eval --run-batch peer.

    /usr/bin/python3 bench/extract/readability_lxml.py INDIR OUTDIR

INDIR/index.json is [{"id", "url", "html"}] (html: a file relative to INDIR);
OUTDIR/<id>.json receives {"articleBody", "extractMs"}. One warm process for
all pages. extractMs covers Document(...).summary() (lxml parse plus the
readability scoring) and turning the summary HTML into text, which is what
the article body costs; reading the file and writing the result are outside.
Debian's python3 on purpose: python3-readability lives there.
"""
import json
import os
import sys
import time

try:
    import lxml.html
    from readability import Document
except ImportError:
    sys.exit("python3-readability is not installed (apt-get install python3-readability)")


def is_safe_id(page_id):
    return (isinstance(page_id, str) and page_id not in ("", ".", "..")
            and not any(c in page_id for c in "/\\\0"))


BLOCKS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
          "pre", "blockquote", "figcaption", "dt", "dd", "section", "article")


def article_text(summary_html):
    """The text of readability's summary, a line break after every block so
    that words of adjacent paragraphs never fuse into one token."""
    root = lxml.html.fromstring(summary_html)
    for block in root.iter(*BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return root.text_content().strip()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: readability_lxml.py INDIR OUTDIR")
    in_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(in_dir, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    failed = 0
    for page in index:
        page_id = page.get("id") if isinstance(page, dict) else None
        if not is_safe_id(page_id):
            print("readability-lxml: skipping unsafe id %r" % (page_id,), file=sys.stderr)
            failed += 1
            continue
        result = {"articleBody": ""}
        try:
            path = page["html"] if os.path.isabs(page["html"]) else os.path.join(in_dir, page["html"])
            # The dataset is UTF-8; decoding here keeps chardet's guess out of the timing.
            with open(path, "rb") as f:
                html = f.read().decode("utf-8", "replace")
            start = time.perf_counter()
            document = Document(html, url=page.get("url") or None)
            text = article_text(document.summary(html_partial=True))
            result["extractMs"] = (time.perf_counter() - start) * 1000.0
            result["articleBody"] = text
        except Exception as error:  # one bad page must not hide the others
            result["error"] = "%s: %s" % (type(error).__name__, error)
            failed += 1
            print("readability-lxml: %s: %s" % (page_id, result["error"]), file=sys.stderr)
        with open(os.path.join(out_dir, page_id + ".json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
