#include "web/templates.h"

namespace herald::web {
namespace {

constexpr char kLayout[] = R"HTML(<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{page_title}}</title>
{{#description}}<meta name="description" content="{{description}}">
{{/description}}{{#canonical}}<link rel="canonical" href="{{canonical}}">
{{/canonical}}{{#og}}<meta property="og:type" content="article">
<meta property="og:title" content="{{og_title}}">
<meta property="og:site_name" content="{{site_title}}">
{{#og_image}}<meta property="og:image" content="{{og_image}}">
{{/og_image}}{{/og}}<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header class="site-header">
<a class="site-title" href="/">{{site_title}}</a>
<span class="tagline">{{site_tagline}}</span>
</header>
<main id="main">
{{{body}}}
</main>
<footer class="site-footer">
{{#donate_url}}<a class="donate" href="{{donate_url}}">Donate</a>{{/donate_url}}
<span>Powered by herald</span>
</footer>
</body>
</html>
)HTML";

constexpr char kHome[] = R"HTML(<h1 class="visually-hidden">Latest news</h1>
{{^articles}}<p class="empty">No articles yet. herald is fetching its sources; reload in a moment.</p>{{/articles}}
<ol class="article-list">
{{#articles}}<li class="teaser">
{{#thumb}}<a href="{{href}}" tabindex="-1"><img class="thumb" src="{{thumb}}" alt="{{thumb_alt}}" loading="lazy"></a>{{/thumb}}
<div class="teaser-text">
<h2><a href="{{href}}">{{title}}</a>{{#paywalled}} <span class="badge">PREMIUM</span>{{/paywalled}}</h2>
<p class="meta"><span class="publisher">{{publisher}}</span>{{#published_human}} · <time datetime="{{published_iso}}">{{published_human}}</time>{{/published_human}}</p>
{{#excerpt}}<p class="excerpt">{{excerpt}}</p>{{/excerpt}}
</div>
</li>
{{/articles}}</ol>
<nav class="pager" aria-label="Pages">
{{#prev_href}}<a rel="prev" href="{{prev_href}}">← Newer</a>{{/prev_href}}
{{#next_href}}<a rel="next" href="{{next_href}}">Older →</a>{{/next_href}}
</nav>
)HTML";

constexpr char kArticle[] = R"HTML(<article class="article" lang="{{lang}}">
<h1>{{title}}</h1>
<p class="meta">
{{#byline}}<span class="byline">By {{byline}}</span> · {{/byline}}<span class="publisher">{{publisher}}</span>
{{#published_human}} · <time datetime="{{published_iso}}">Published: {{published_human}}</time>{{/published_human}}
</p>
{{#lead_image}}<figure class="lead">
<img src="{{url}}" alt="{{alt}}">
{{#has_caption}}<figcaption>{{caption}}{{#credit}} <span class="credit">Photo: {{credit}}</span>{{/credit}}</figcaption>{{/has_caption}}
</figure>
{{/lead_image}}
<div class="body">
{{{body_html}}}
</div>
{{#excerpt_only}}<p class="read-more"><a href="{{source_url}}" rel="noopener">Read the full article at {{publisher}}</a></p>{{/excerpt_only}}
<p class="source"><a href="{{source_url}}" rel="noopener">Source link</a></p>
</article>
)HTML";

constexpr char kMessage[] = R"HTML(<section class="message">
<h1>{{heading}}</h1>
<p>{{text}}</p>
<p><a href="/">Back to the front page</a></p>
</section>
)HTML";

}  // namespace

const char kStyleCss[] = R"CSS(:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#666;--accent:#9b1c1c;--line:#e3e3e0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#141414;--muted:#a0a0a0;--accent:#f08080;--line:#333}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:0 1rem;font:1.05rem/1.6 Georgia,"Noto Serif","Noto Serif CJK SC",serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.site-header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-bottom:2px solid var(--fg);padding:1rem 0 .5rem}
.site-title{font-weight:bold;font-size:1.5rem;text-decoration:none;color:var(--fg)}
.tagline,.meta,.site-footer{color:var(--muted);font-size:.9rem;font-family:system-ui,sans-serif}
.article-list{list-style:none;padding:0}
.teaser{display:flex;gap:1rem;padding:1rem 0;border-bottom:1px solid var(--line)}
.teaser h2{font-size:1.15rem;margin:0 0 .25rem}
.teaser h2 a{color:var(--fg);text-decoration:none}
.thumb{width:8rem;height:5.5rem;object-fit:cover;flex:none}
.excerpt{margin:.25rem 0 0}
.badge{font:bold .7rem system-ui,sans-serif;background:var(--accent);color:var(--bg);padding:.1rem .35rem;border-radius:.2rem;vertical-align:middle}
.article h1{font-size:2rem;line-height:1.2}
figure{margin:1rem 0}
figure img,.body img{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9rem}
.credit{font-style:italic}
.pager{display:flex;justify-content:space-between;padding:1rem 0}
.site-footer{display:flex;justify-content:space-between;border-top:1px solid var(--line);margin-top:2rem;padding:1rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:30rem){.teaser{flex-direction:column}.thumb{width:100%;height:auto}}
)CSS";

Result<Templates> Templates::Compile() {
  auto layout = Template::Compile(kLayout, "layout");
  auto home = Template::Compile(kHome, "home");
  auto article = Template::Compile(kArticle, "article");
  auto message = Template::Compile(kMessage, "message");
  for (const auto* t : {&layout, &home, &article, &message})
    if (!t->ok()) return t->error();
  return Templates{*layout, *home, *article, *message};
}

}  // namespace herald::web
