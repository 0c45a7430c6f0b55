"""Deterministic benchmark data: feeds, items, articles, OPML, 1 MB documents.

Every item is a pure function of (seed, feed number, item number), so two
readers fed by the loopback server see the same words, and a rerun with the
same seed sees them again. An item is described once (``ItemSpec``) and
rendered twice: as feed HTML (what a refresh parses) and as a ``Document``
built directly (what the large stores are filled with, skipping the parser).
"""

from __future__ import annotations

import functools
import html
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsreader.store import NewArticle

# The newest item of any feed is at most this old; items are an hour apart.
EPOCH = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
ITEM_SPACING = timedelta(hours=1)
# A changed feed has this many new items at its top (and drops as many old ones).
ITEMS_PER_GENERATION = 5

WORDS = """
council minister port river harbour railway budget tribunal strike union vote
grant dredging timetable mayor district hospital school teachers nurses court
ruling appeal inquiry report tender contract bridge tunnel ferry airport runway
energy grid prices tariff inflation rates bank lending housing rent cap tenants
landlords planning permit zoning farmers harvest drought flood warning coast
storm levee reservoir water supply pipeline emissions target climate heat wave
election campaign coalition opposition parliament committee hearing budget deficit
pension reform wages overtime shift agreement talks mediator deadline protest
police station patrol cameras privacy data card transit fares tram line bus
route depot cyclists pedestrians safety audit hospital beds waiting list clinic
""".split()

NAMES = """
Lina Ortis|Marek Halloran|Aiko Brandt|Tomas Vey|Ines Kowal|Rafael Dunmore|
Sora Lindqvist|Petra Umerov|Jonah Achebe|Mina Castell|Oskar Fenwick|Leila Moravec
""".replace("\n", "").split("|")

OUTLETS = ["Harbor Daily", "Valley Post", "The Ledger", "River Courier", "Metro Wire", "Northern Star"]

PLACES = ["Eastport", "Millbrook", "Calder", "Ashford", "Redwater", "Lowmoor", "Kingsbury", "Fairhaven"]

VERBS = [
    "approves",
    "rejects",
    "delays",
    "backs",
    "questions",
    "extends",
    "cuts",
    "doubles",
    "freezes",
    "reviews",
    "defends",
    "unveils",
    "scraps",
    "funds",
    "postpones",
    "halts",
]

TOPICS = [
    "tram line extension",
    "river dredging plan",
    "teachers' pay offer",
    "rent cap for tenants",
    "night ferry service",
    "hospital waiting list target",
    "flood barrier contract",
    "bus fare increase",
    "port customs point",
    "school meals budget",
    "data sharing scheme",
    "heat wave emergency plan",
    "airport runway expansion",
    "water pipeline repair",
]

TAILS = [
    "after dispute over costs",
    "as unions threaten strikes",
    "despite auditors' warning",
    "ahead of council vote",
    "after residents complain",
    "in late-night session",
    "amid row over documents",
    "after court ruling",
]


@dataclass(frozen=True)
class ItemSpec:
    """One generated story: enough to render it as feed HTML or as a Document."""

    feed: int
    number: int  # grows with time: the newest item of a feed has the highest number
    title: str
    published: datetime
    outlet: str
    paragraphs: tuple[tuple[str, ...], ...]  # sentences; a (text, url) link sits in links
    links: tuple[tuple[int, str, str], ...]  # (paragraph index, link text, url)
    quote: tuple[str, str]  # (quoted words, speaker)
    quote_after: int  # paragraph index the blockquote follows
    list_lead: str
    list_items: tuple[str, ...]
    related: tuple[tuple[str, str, str], ...]  # (title, outlet, url) of "read more" stories

    @property
    def guid(self) -> str:
        return f"urn:bench:{self.feed}:{self.number}"

    @property
    def url(self) -> str:
        return item_url(self.feed, self.number)


def item_url(feed: int, number: int) -> str:
    # A reserved documentation domain: never fetched by either reader.
    return f"https://news.example/{feed}/{number}.html"


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def make_title(rng: random.Random) -> str:
    """A headline of about 70 characters."""
    title = (
        f"{rng.choice(PLACES)} {rng.choice(['council', 'ministry', 'board', 'court', 'agency'])} "
        f"{rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(TAILS)}"
    )
    return title[:1].upper() + title[1:]


FUNCTION_WORDS = """the of and to in a said on for with was that by at from as has it is its be
will after over their were which they have not but this more than an who had been about""".split()


def _vocabulary() -> tuple[list[str], list[float]]:
    """Topical words and their cumulative Zipf weights: a few everywhere, most rare.

    The real words of WORDS sit at ranks 300–8,000, so a query for one of them
    matches a few per cent of a store, as a topical word does in a news archive
    (not nearly every article, as it would with a small uniform vocabulary).
    """
    rng = random.Random("bench-vocabulary")
    consonants, vowels = "bcdfghklmnprstvwz", "aeiou"
    made: set[str] = set()
    while len(made) < 12000:
        made.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))))
    words = sorted(made - set(WORDS))
    rng.shuffle(words)
    step = (8000 - 300) // len(WORDS)
    for index, word in enumerate(WORDS):
        words.insert(300 + index * step, word)
    weights, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        weights.append(total)
    return words, weights


VOCABULARY, CUMULATIVE = _vocabulary()


def _new_sentence(rng: random.Random, low: int = 10, high: int = 22) -> str:
    count = rng.randint(low, high)
    topical = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count)
    glue = rng.choices(FUNCTION_WORDS, k=count // 2)
    words = topical[: count - len(glue)]
    for word in glue:
        words.insert(rng.randrange(len(words) + 1), word)
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


POOL_SIZE = 20000


@functools.cache
def pooled_sentence(index: int) -> str:
    """Sentence ``index`` of a fixed pool that every item draws from, made on first use.

    A pool makes 100,000 items in seconds, not minutes. Each sentence recurs in
    a few dozen articles of a 100,000-article store (as boilerplate does); the
    words' frequencies are those of the vocabulary.
    """
    return _new_sentence(random.Random(f"bench-sentence:{index}"))


def sentence(rng: random.Random) -> str:
    return pooled_sentence(rng.randrange(POOL_SIZE))


def title_of(seed: int, feed: int, number: int) -> str:
    return make_title(rng_for(seed, "title", feed, number))


def item_time(feed: int, number: int, feeds: int = 1000) -> datetime:
    """Items an hour apart, feeds a second apart: every timestamp distinct, item 0 oldest."""
    return EPOCH - timedelta(days=400) + number * ITEM_SPACING + timedelta(seconds=feed % 3600)


def make_item(seed: int, feed: int, number: int) -> ItemSpec:
    """The item ``number`` of feed ``feed``: 2–5 KB of HTML once rendered."""
    rng = rng_for(seed, "item", feed, number)
    paragraphs = tuple(tuple(sentence(rng) for _ in range(rng.randint(3, 4))) for _ in range(rng.randint(6, 9)))
    links = tuple(
        (
            p,
            " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=3)),
            item_url(rng.randrange(1000), rng.randrange(5000)),
        )
        for p in sorted(rng.sample(range(len(paragraphs)), k=min(2, len(paragraphs))))
    )
    speaker = rng.choice(NAMES)
    quote = (sentence(rng), speaker)
    list_items = tuple(
        " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(3, 7))) for _ in range(rng.randint(3, 5))
    )
    related = ()
    if rng.random() < 0.35 and number > 0:
        # "Read more" pointing at an older item of the same feed (resolvable) or a
        # story nobody stored (unresolvable).
        older = rng.randrange(max(0, number - 30), number)
        if rng.random() < 0.7:
            related = ((title_of(seed, feed, older), rng.choice(OUTLETS), item_url(feed, older)),)
        else:
            related = ((make_title(rng), rng.choice(OUTLETS), ""),)
    return ItemSpec(
        feed=feed,
        number=number,
        title=title_of(seed, feed, number),
        published=item_time(feed, number),
        outlet=rng.choice(OUTLETS),
        paragraphs=paragraphs,
        links=links,
        quote=quote,
        quote_after=rng.randrange(1, len(paragraphs)),
        list_lead=f"{rng.choice(NAMES)} named the priorities:",
        list_items=list_items,
        related=related,
    )


# --- rendering: feed HTML -----------------------------------------------------------


def item_html(item: ItemSpec) -> str:
    """The item body as feed HTML: paragraphs with links, a blockquote, a list, related links."""
    esc = html.escape
    links_by_paragraph = {p: (text, url) for p, text, url in item.links}
    out: list[str] = []
    for index, sentences in enumerate(item.paragraphs):
        body = esc(" ".join(sentences))
        if index in links_by_paragraph:
            text, url = links_by_paragraph[index]
            body += f' See <a href="{esc(url)}">{esc(text)}</a>.'
        out.append(f"<p>{body}</p>")
        if index == item.quote_after:
            words, speaker = item.quote
            out.append(f"<blockquote><p>\u201c{esc(words)}\u201d</p><footer>{esc(speaker)}</footer></blockquote>")
            out.append(f"<p>{esc(item.list_lead)}</p>")
            out.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in item.list_items) + "</ul>")
    out.append(f"<p>{esc(item.outlet)} reports.</p>")
    for title, outlet, url in item.related:
        if url:
            out.append(f'<p>Read more: <a href="{esc(url)}">{esc(title)}</a> - {esc(outlet)}</p>')
        else:
            out.append(f"<p>Read more: {esc(title)} - {esc(outlet)}</p>")
    return "\n".join(out)


def feed_title(feed: int) -> str:
    return f"Bench Feed {feed:04d} \u2014 {OUTLETS[feed % len(OUTLETS)]}"


def item_xml(seed: int, feed: int, number: int) -> str:
    """One RSS <item>, its HTML body escaped into <description>."""
    esc = html.escape
    item = make_item(seed, feed, number)
    return (
        f"<item><title>{esc(item.title)}</title><link>{esc(item.url)}</link>"
        f'<guid isPermaLink="false">{item.guid}</guid>'
        f"<pubDate>{format_datetime(item.published)}</pubDate>"
        f"<description>{esc(item_html(item))}</description></item>\n"
    )


def feed_xml(
    seed: int,
    feed: int,
    generation: int,
    items: int,
    self_url: str | None,
    cache: dict[tuple[int, int], str] | None = None,
    *,
    title: str | None = None,
) -> bytes:
    """RSS 2.0 with the ``items`` newest items of ``feed`` at ``generation``.

    ``cache`` keeps rendered items across generations (a new generation shares
    all but ``ITEMS_PER_GENERATION`` of them with the last). ``self_url``: the
    feed's own address (an atom:link), or None for none; ``title``: the
    channel's title instead of ``feed_title(feed)``.
    """
    newest = generation * ITEMS_PER_GENERATION + items - 1
    esc = html.escape
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n',
        f"<title>{esc(title or feed_title(feed))}</title>\n<link>https://news.example/{feed}/</link>\n",
        f'<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml"/>\n' if self_url else "",
        f"<description>Generated feed {feed} for the newsreader benchmark</description>\n",
        f"<lastBuildDate>{format_datetime(item_time(feed, newest))}</lastBuildDate>\n",
    ]
    for number in range(newest, newest - items, -1):
        if cache is None:
            parts.append(item_xml(seed, feed, number))
            continue
        key = (feed, number)
        if key not in cache:
            cache[key] = item_xml(seed, feed, number)
        parts.append(cache[key])
    if cache is not None:
        for number in range(newest - items - ITEMS_PER_GENERATION, newest - items + 1):
            cache.pop((feed, number), None)
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def make_feed(feed: int, items: int, *, title: str | None = None, seed: int = 1) -> bytes:
    """A small feed for the tests: the first ``items`` items of ``feed`` (newest first), no self link.

    ``make_feed(n, 5)`` holds the items of ``make_feed(n, 3)`` and two newer ones,
    as a feed does after two stories were published. The channel is titled
    ``title``, by default "Bench feed <feed>".
    """
    return feed_xml(seed, feed, 0, items, None, title=title or f"Bench feed {feed}")


def newest_title(seed: int, feeds: int, generation: int, items: int) -> str:
    """The title a reader should show first after ``generation`` (newest item of the last feed)."""
    newest = generation * ITEMS_PER_GENERATION + items - 1
    best = max(range(feeds), key=lambda f: item_time(f, newest))
    return title_of(seed, best, newest)


def opml(urls: list[tuple[str, str]]) -> str:
    """An OPML subscription list of (url, title)."""
    esc = html.escape
    body = "\n".join(f'    <outline type="rss" text="{esc(t)}" title="{esc(t)}" xmlUrl="{esc(u)}"/>' for u, t in urls)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
        "  <head><title>newsreader benchmark</title></head>\n"
        f'  <body>\n  <outline text="Bench" title="Bench">\n{body}\n  </outline>\n  </body>\n</opml>\n'
    )


# --- rendering: Documents directly (for the large stores) ---------------------------


def item_document(item: ItemSpec):
    """The Document a parser would be expected to make of ``item_html`` — built directly, for speed."""
    from newsreader.document.blocks import BulletList, Document, Paragraph, Quote, RelatedLink, Span

    blocks: list = []
    links_by_paragraph = {p: (text, url) for p, text, url in item.links}
    for index, sentences in enumerate(item.paragraphs):
        spans = [Span(" ".join(sentences))]
        if index in links_by_paragraph:
            text, url = links_by_paragraph[index]
            spans += [Span(" See "), Span(text, "link", url), Span(".")]
        blocks.append(Paragraph(spans))
        if index == item.quote_after:
            blocks.append(Quote(item.quote[0], item.quote[1]))
            blocks.append(BulletList(list(item.list_items), item.list_lead))
    blocks.append(Paragraph([Span(f"{item.outlet} reports.")]))
    for title, outlet, url in item.related:
        blocks.append(RelatedLink(title, outlet, url or None))
    published = item.published.isoformat()
    return Document(
        title=item.title,
        blocks=blocks,
        date=published[:10],
        published=published,
        source=item.outlet,
        url=item.url,
    )


def store_items(seed: int, total: int, per_feed: int = 1000):
    """(feed, [ItemSpec...]) for a store of ``total`` articles, ``per_feed`` a source, oldest first."""
    feeds = max(1, -(-total // per_feed))
    for feed in range(feeds):
        count = min(per_feed, total - feed * per_feed)
        yield feed, [make_item(seed, feed, number) for number in range(count)]


# --- articles for the store's own figures and the store tests ------------------------

RARE_WORD = "zeppelin"  # in one article of every RARE_EVERY
RARE_EVERY = 1000


def _article_vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    words = {"the", "of", "and", "to", "in", "said", "minister", "government", "people", "year"}
    while len(words) < size:
        length = rng.randint(3, 10)
        words.add("".join(rng.choice(letters[: rng.randint(8, 26)]) for _ in range(length)))
    return sorted(words)


@functools.lru_cache(maxsize=1)
def _paragraph_pool(seed: int = 7, count: int = 3000) -> list[str]:
    """Sentences over a Zipf-like vocabulary: a few words everywhere, most words rare."""
    rng = random.Random(seed)
    vocabulary = _article_vocabulary(rng)
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocabulary))))
    pool = []
    for _ in range(count):
        words = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(40, 60))
        pool.append("The " + " ".join(words) + ".")
    return pool


def generated_articles(
    count: int, origin: str = "https://example.org/feed", start: int = 0, body_bytes: int = 3000
) -> Iterator[NewArticle]:
    """``count`` distinct articles with guids, dates an hour apart, bodies of about ``body_bytes``.

    Every one says "report"; one in ``RARE_EVERY`` names ``RARE_WORD``. What the
    store's own figures (``store_figures``) and the store tests fill stores with.
    """
    from newsreader.document.blocks import Document, Paragraph, RelatedLink, Span
    from newsreader.store import NewArticle

    pool = _paragraph_pool()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(start, start + count):
        paragraphs: list[str] = [f"Report number {number} from the desk."]
        size = 0
        step = 0
        while size < body_bytes:
            text = pool[(number * 7 + step * 131) % len(pool)]
            paragraphs.append(text)
            size += len(text)
            step += 1
        if number % RARE_EVERY == 0:
            paragraphs.append(f"A {RARE_WORD} was seen over the city.")
        blocks: list[Any] = [Paragraph([Span(text)]) for text in paragraphs]
        blocks.append(RelatedLink(f"Earlier report {number - 1}", "Example News"))
        published = (base + timedelta(hours=number)).isoformat()
        title = f"Story {number}: {pool[number % len(pool)][4:50]}"
        yield NewArticle(
            title=title,
            document=Document(title=title, blocks=blocks, published=published, source="Example News"),
            origin=origin,
            guid=f"{origin}#{number}",
            url=f"https://example.org/story/{number}",
            published=published,
        )


# --- one large article of each kind --------------------------------------------------


def big_plaintext(seed: int, size: int = 1 << 20) -> str:
    """About ``size`` bytes in the plain-text article format: dateline, quotes, lists, read-more."""
    rng = rng_for(seed, "big-text")
    out = [f" date 2026-06-12 {sentence(rng)} {sentence(rng)}", "", f"{sentence(rng)[:-1]}, Harbor Daily reports.", ""]
    length = sum(len(line) + 1 for line in out)
    while length < size:
        kind = rng.random()
        if kind < 0.15:
            name = rng.choice(NAMES)
            chunk = [f"\u201c{sentence(rng)} {sentence(rng)}\u201d {name} said.", ""]
        elif kind < 0.22:
            chunk = [f"{rng.choice(NAMES)} named the priorities:", ""]
            items = [" ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=5)) + ";" for _ in range(3)]
            items[-1] = items[-1][:-1] + "."
            for entry in items:
                chunk += [entry, ""]
        elif kind < 0.25:
            chunk = [f"Read more: {make_title(rng)} - {rng.choice(OUTLETS)}", ""]
        else:
            chunk = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5))), ""]
        out += chunk
        length += sum(len(line) + 1 for line in chunk)
    return "\n".join(out) + "\n"


def big_html(seed: int, size: int = 1 << 20) -> str:
    """About ``size`` bytes of article HTML: many generated items' bodies in one page body."""
    parts = ["<html><head><title>A very long article</title></head><body><article><h1>A very long article</h1>"]
    length = len(parts[0])
    number = 0
    while length < size:
        body = item_html(make_item(seed, 99999, number))
        parts.append(f"<h2>Part {number + 1}</h2>\n{body}")
        length += len(parts[-1]) + 1
        number += 1
    parts.append("</article></body></html>")
    return "\n".join(parts)
