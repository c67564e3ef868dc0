#include "web/templates.h"

namespace herald::web {
namespace {

// Interface words come from i18n.h as s_* fields.
constexpr char kLayout[] = R"HTML(<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{page_title}}</title>
{{#description}}<meta name="description" content="{{description}}">
{{/description}}{{#feed_href}}<link rel="alternate" type="application/rss+xml" title="{{feed_title}}" href="{{feed_href}}">
{{/feed_href}}{{#canonical}}<link rel="canonical" href="{{canonical}}">
{{/canonical}}{{#og}}<meta property="og:type" content="article">
<meta property="og:title" content="{{og_title}}">
<meta property="og:site_name" content="{{site_title}}">
{{#og_image}}<meta property="og:image" content="{{og_image}}">
{{/og_image}}{{/og}}{{#json_ld}}<script type="application/ld+json">{{{json_ld}}}</script>
{{/json_ld}}<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header class="site-header">
<a class="site-title" href="/">{{site_title}}</a>
<span class="tagline">{{site_tagline}}</span>
<form class="search-form" role="search" action="/search" method="get">
<label class="visually-hidden" for="q">{{s_search}}</label>
<input id="q" name="q" type="search" value="{{query}}" placeholder="{{s_search_placeholder}}">
<button type="submit">{{s_search}}</button>
</form>
</header>
<main id="main">
{{{body}}}
</main>
<footer class="site-footer">
{{#donate_url}}<a class="donate" href="{{donate_url}}">{{s_donate}}</a>{{/donate_url}}
<span>{{s_powered_by}}</span>
</footer>
</body>
</html>
)HTML";

constexpr char kTeasers[] = R"HTML(<ol class="article-list">
{{#articles}}<li class="teaser">
{{#thumb}}<a href="{{href}}" tabindex="-1" aria-hidden="true"><img class="thumb" src="{{thumb}}" alt="{{thumb_alt}}" loading="lazy"></a>{{/thumb}}
<div class="teaser-text">
<h{{h}} class="teaser-title"><a href="{{href}}">{{title}}</a>{{#paywalled}} <span class="badge">{{s_premium}}</span>{{/paywalled}}</h{{h}}>
<p class="meta"><span class="publisher">{{publisher}}</span>{{#published_human}} · <time datetime="{{published_iso}}">{{published_human}}</time>{{/published_human}}</p>
{{#excerpt_html}}<p class="excerpt">{{{excerpt_html}}}</p>{{/excerpt_html}}
</div>
</li>
{{/articles}}</ol>
)HTML";

constexpr char kHome[] = R"HTML({{#has_topics}}<nav class="topics" aria-label="{{s_topics}}">{{#topics}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a>
{{/topics}}</nav>
{{/has_topics}}{{#stories_href}}<p class="top-stories"><a href="{{stories_href}}">{{s_top_stories}}</a></p>
{{/stories_href}}<h1 class="{{#heading_hidden}}visually-hidden{{/heading_hidden}}">{{heading}}</h1>
{{^has_articles}}<p class="empty">{{empty_text}}</p>{{/has_articles}}
{{{teasers}}}
<nav class="pager" aria-label="Pages">
{{#prev_href}}<a rel="prev" href="{{prev_href}}">{{s_newer}}</a>{{/prev_href}}
{{#next_href}}<a rel="next" href="{{next_href}}">{{s_older}}</a>{{/next_href}}
</nav>
)HTML";

constexpr char kArticle[] = R"HTML(<article class="article" lang="{{lang}}">
<h1>{{title}}</h1>
<p class="meta">
{{#byline}}<span class="byline">{{s_by}}{{byline}}</span> · {{/byline}}<a class="publisher" href="{{source_href}}">{{publisher}}</a>
{{#published_human}} · <time datetime="{{published_iso}}">{{s_published}}{{published_human}}</time>{{/published_human}}
</p>
{{#story}}<p class="story-line"><a href="{{href}}">{{text}}</a></p>
{{/story}}{{#lead_image}}<figure class="lead">
<img src="{{url}}" alt="{{alt}}">
{{#has_caption}}<figcaption>{{caption}}{{#credit}} <span class="credit">{{s_photo}}{{credit}}</span>{{/credit}}</figcaption>{{/has_caption}}
</figure>
{{/lead_image}}
<div class="body">
{{{body_html}}}
</div>
{{#excerpt_only}}<p class="read-more"><a href="{{source_url}}" rel="noopener">{{s_read_full_at}}{{publisher}}</a></p>{{/excerpt_only}}
<p class="source"><a href="{{source_url}}" rel="noopener">{{s_source_link}}</a></p>
{{#has_article_topics}}<nav class="article-topics" aria-label="{{s_topics}}"><ul>{{#article_topics}}<li><a href="{{href}}">{{title}}</a></li>
{{/article_topics}}</ul></nav>
{{/has_article_topics}}<p class="views">{{views}}</p>
</article>
{{#has_copies}}<section class="also-published" aria-labelledby="also-heading">
<h2 id="also-heading">{{s_also_published_by}}</h2>
<ul>{{#copies}}<li><a href="{{href}}">{{publisher}}</a> · <a href="{{source_url}}" rel="noopener">{{source_host}}</a></li>
{{/copies}}</ul>
</section>
{{/has_copies}}{{#has_related}}<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">{{s_related}}</h2>
{{{related}}}
</section>{{/has_related}}
)HTML";

constexpr char kStory[] = R"HTML(<article class="story">
<p class="kicker">{{s_full_coverage}}</p>
<h1>{{headline}}</h1>
<p class="meta">{{counts}}{{#languages}} · {{s_languages}}{{languages}}{{/languages}}</p>
<section class="coverage" aria-labelledby="coverage-heading">
<h2 id="coverage-heading">{{s_by_publisher}}</h2>
{{#groups}}<section class="publisher-coverage" aria-labelledby="publisher-{{source_id}}">
<h3 id="publisher-{{source_id}}"><a href="{{source_href}}">{{publisher}}</a></h3>
{{{teasers}}}
</section>
{{/groups}}</section>
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">{{s_timeline}}</h2>
<ol class="timeline">
{{#timeline}}<li><time datetime="{{time_iso}}">{{time_human}}</time><span class="publisher">{{publisher}}</span>: <a href="{{href}}">{{title}}</a></li>
{{/timeline}}</ol>
</section>
</article>
)HTML";

constexpr char kStories[] = R"HTML(<h1>{{s_top_stories}}</h1>
{{^has_stories}}<p class="empty">{{s_no_stories}}</p>{{/has_stories}}
<ol class="story-list">
{{#stories}}<li class="story-item">
<h2><a href="{{href}}">{{headline}}</a></h2>
<p class="meta">{{counts}}{{#languages}} · {{languages}}{{/languages}} · <time datetime="{{time_iso}}">{{time_human}}</time></p>
</li>
{{/stories}}</ol>
<nav class="pager" aria-label="Pages">
{{#next_href}}<a rel="next" href="{{next_href}}">{{s_older}}</a>{{/next_href}}
</nav>
)HTML";

constexpr char kMessage[] = R"HTML(<section class="message">
<h1>{{heading}}</h1>
<p>{{text}}</p>
<p><a href="/">{{s_back_home}}</a></p>
</section>
)HTML";

}  // namespace

const char kStyleCss[] = R"CSS(:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#595959;--accent:#9b1c1c;--line:#e3e3e0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#141414;--muted:#b0b0b0;--accent:#f08080;--line:#333}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:0 1rem;font:1.05rem/1.6 Georgia,"Noto Serif","Noto Serif CJK SC",serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
a{color:var(--accent)}
.site-header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-bottom:2px solid var(--fg);padding:1rem 0 .5rem}
.site-title{font-weight:bold;font-size:1.5rem;text-decoration:none;color:var(--fg)}
.tagline,.meta,.site-footer,.views{color:var(--muted);font-size:.9rem;font-family:system-ui,sans-serif}
.search-form{display:flex;gap:.25rem;margin-left:auto;max-width:100%}
.search-form input{min-width:0;flex:1;font:inherit;padding:.2rem .4rem}
.article-list{list-style:none;padding:0}
.teaser{display:flex;gap:1rem;padding:1rem 0;border-bottom:1px solid var(--line)}
.teaser-title{font-size:1.15rem;margin:0 0 .25rem}
.teaser-title a{color:var(--fg);text-decoration:none}
.thumb{width:8rem;height:5.5rem;object-fit:cover;flex:none}
.excerpt{margin:.25rem 0 0}
.badge{font:bold .7rem system-ui,sans-serif;background:var(--accent);color:var(--bg);padding:.1rem .35rem;border-radius:.2rem;vertical-align:middle}
.article h1{font-size:2rem;line-height:1.2}
figure{margin:1rem 0}
figure img,.body img{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9rem}
.credit{font-style:italic}
mark{background:#fde68a;color:#1b1b1b}
.topics{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:.5rem 0;font-family:system-ui,sans-serif;font-size:.9rem}
.topics a[aria-current]{font-weight:bold;color:var(--fg)}
.top-stories{margin:.5rem 0;font:bold .95rem system-ui,sans-serif}
.kicker{margin:1.5rem 0 0;font:bold .8rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.05em;color:var(--accent)}
.story h1{font-size:2rem;line-height:1.2;margin-top:.25rem}
.publisher-coverage h3{margin:1.5rem 0 0;font:bold 1rem system-ui,sans-serif}
.timeline{padding-left:1.25rem}
.timeline li{margin:.4rem 0}
.timeline time,.timeline .publisher{font-family:system-ui,sans-serif;font-size:.9rem;color:var(--muted)}
.timeline time{display:block}
.story-list{list-style:none;padding:0}
.story-item{padding:.75rem 0;border-bottom:1px solid var(--line)}
.story-item h2{font-size:1.15rem;margin:0 0 .25rem}
.story-item h2 a{color:var(--fg);text-decoration:none}
.story-line,.also-published,.article-topics{font-family:system-ui,sans-serif;font-size:.95rem}
.also-published ul,.article-topics ul{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.pager{display:flex;justify-content:space-between;padding:1rem 0}
.site-footer{display:flex;justify-content:space-between;border-top:1px solid var(--line);margin-top:2rem;padding:1rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:30rem){.teaser{flex-direction:column}.thumb{width:100%;height:auto}}
)CSS";

Result<Templates> Templates::Compile() {
  auto layout = Template::Compile(kLayout, "layout");
  auto teasers = Template::Compile(kTeasers, "teasers");
  auto home = Template::Compile(kHome, "home");
  auto article = Template::Compile(kArticle, "article");
  auto message = Template::Compile(kMessage, "message");
  auto story = Template::Compile(kStory, "story");
  auto stories = Template::Compile(kStories, "stories");
  for (const auto* t : {&layout, &teasers, &home, &article, &message, &story, &stories})
    if (!t->ok()) return t->error();
  return Templates{*layout, *teasers, *home, *article, *message, *story, *stories};
}

}  // namespace herald::web
