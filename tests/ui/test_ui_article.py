"""The article view: one renderer per block, outside text shown literally, long articles in batches."""

from __future__ import annotations

from types import SimpleNamespace

from rich.console import Console
from rich.style import Style
from support.paths import APP_CSS
from support.ui_fixtures import INJECTION_TITLE, bridge_document, until
from textual.app import App

from newsreader.dates import long_date
from newsreader.document.blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Preformatted,
    Quote,
    RelatedLink,
    Rule,
    Span,
)
from newsreader.render import BLOCK_RENDERERS, render_link, render_paragraph
from newsreader.store import Article
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.article_batches import FIRST_PIECES
from newsreader.ui.widgets.article_body import RUN_SIZE, body_widgets
from newsreader.ui.widgets.block_widgets import BlockRun, LinkLine


def article_of(document: Document, article_id: str = "a1") -> Article:
    return Article(
        id=article_id,
        title=document.title or "",
        date=document.date,
        published=None,
        source=document.source,
        feed=None,
        origin="",
        url=None,
        read=False,
        bookmarked=False,
        source_id=None,
        document=document,
    )


def plain_style(name: str) -> Style:
    return Style()


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


class ArticleApp(App[None]):
    CSS_PATH = APP_CSS

    def __init__(self, document: Document, targets=None) -> None:
        super().__init__()
        self.document = document
        self.targets = targets or (lambda link, index: link.target)

    def compose(self):
        yield ArticleView(id="article")

    def on_mount(self) -> None:
        self.query_one(ArticleView).show_article(article_of(self.document), self.targets)


def test_every_block_type_has_a_renderer():
    assert set(BLOCK_RENDERERS) == {Paragraph, Quote, BulletList, RelatedLink, Heading, Image, Preformatted, Rule}
    text = rendered([BLOCK_RENDERERS[type(b)](b, plain_style) for b in bridge_document().blocks][0], 200)
    assert "“We kept every stone we could,” the chief engineer said at the ceremony. — Mara Ortis" in text.replace(
        "\n", " "
    )


def test_the_body_is_runs_of_blocks_and_a_line_per_link():
    blocks = [Paragraph([Span(f"p{n}")]) for n in range(RUN_SIZE + 3)] + [RelatedLink("One"), RelatedLink("Two")]
    widgets = list(body_widgets(blocks, ["t1", None]))
    assert [type(w) for w in widgets] == [BlockRun, BlockRun, LinkLine, LinkLine]
    assert len(widgets[0].blocks) == RUN_SIZE
    assert [(w.number, w.target) for w in widgets[2:]] == [(1, "t1"), (2, None)]
    assert widgets[2].has_class("-resolved") and widgets[3].has_class("-missing")


def test_outside_markup_is_text_in_every_renderer():
    blocks = [
        Paragraph([Span("Before "), Span("[bold]not bold[/bold]", "quote", speaker="[red]Ann[/red]")]),
        Quote("[@click=app.quit]quit[/]", "[link=x]y[/link]"),
        BulletList(["[b]item[/b]"], lead="[i]lead[/i]:"),
        Heading("[u]Head[/u]"),
        Image("[alt]", "https://e.example/[x].png"),
        Preformatted("[code]"),
    ]
    text = "\n".join(rendered(BLOCK_RENDERERS[type(b)](b, plain_style), 100) for b in blocks)
    for literal in [
        "Before [bold]not bold[/bold] — [red]Ann[/red]",
        "[@click=app.quit]quit[/]",
        "— [link=x]y[/link]",
        "[i]lead[/i]:",
        "[b]item[/b]",
        "[u]Head[/u]",
        "▣ [alt]",
        "[code]",
    ]:
        assert literal in text
    link = render_link(RelatedLink("[@click=app.quit]Link[/]", "[dim]Src[/dim]"), None, 1, plain_style)
    assert link.plain == "[1]   ↗ [@click=app.quit]Link[/] — [dim]Src[/dim]"


async def test_markup_in_an_article_shows_literally_and_clicks_do_nothing():
    document = Document(
        title=INJECTION_TITLE,
        blocks=[Paragraph([Span("[@click=app.quit]click me[/]")]), RelatedLink("[@click=app.quit]Link[/]")],
    )
    app = ArticleApp(document)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert str(view.query_one("#article-title").render()) == INJECTION_TITLE
        await pilot.click("#article-title")
        await pilot.click(BlockRun)
        assert app.is_running and app.return_code is None


def test_a_speaker_the_attribution_names_is_marked_there_not_repeated():
    paragraph = Paragraph(
        [
            Span("“"),
            Span("We start in July,", "quote", speaker="Lina Ortis"),
            Span("” Lina Ortis said, and Ortis left."),
        ]
    )
    styles = {"paragraph--speaker": Style(bold=True), "paragraph--quote": Style(italic=True)}
    text = render_paragraph(paragraph, lambda name: styles.get(name, Style()))
    assert text.plain == "“We start in July,” Lina Ortis said, and Ortis left."
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == Style(bold=True)]
    assert marked == ["Lina Ortis"]


async def test_quotes_are_highlighted_and_the_speaker_is_dim():
    app = ArticleApp(bridge_document())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        run = app.query_one(BlockRun)
        text = render_paragraph(bridge_document().blocks[0], run.style_of)
        quote = "“We kept every stone we could,”"
        start = text.plain.index(quote)
        styles = [span.style for span in text.spans if span.start == start]
        assert styles and styles[0] == run.style_of("paragraph--quote")
        assert run.style_of("paragraph--quote") != Style()
        speaker = [span.style for span in text.spans if text.plain[span.start : span.end] == " — Mara Ortis"]
        assert speaker == [run.style_of("paragraph--speaker")]
        screen = rendered(run.build(), 96)
        assert "▌ It is the same bridge our grandparents crossed, only stronger." in screen
        assert "▌ — Mayor Ilse Brandt" in screen
        assert "The repairs included:" in screen and "• New steel bearings under each arch" in screen
        assert "1. Close the old ramp" in screen


async def test_a_long_article_is_drawn_as_the_reader_gets_to_it():
    paragraphs = [Paragraph([Span(f"Paragraph {n}. " + "words " * 60)]) for n in range(3000)]  # ~1 MB
    app = ArticleApp(Document(title="Long", blocks=paragraphs))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        body = app.query_one("#article-body")
        first = len(body.children)
        assert FIRST_PIECES <= first < 3000 // RUN_SIZE  # a few screens, not the whole article
        await pilot.pause(0.3)  # a window for a batch that should not come; the right code cannot fail here
        assert len(body.children) == first  # nothing more until the reader moves on
        for _ in range(200):
            view.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            if view.fully_mounted:
                break
        assert len(body.children) == 3000 // RUN_SIZE


async def test_opening_another_article_stops_the_batches_of_the_first():
    long = Document(title="Long", blocks=[Paragraph([Span(f"p{n}")]) for n in range(2000)])
    short = Document(title="Short", blocks=[Paragraph([Span("only")])])
    app = ArticleApp(long)
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(ArticleView)
        view.show_article(article_of(short, "a2"), lambda link, i: None)
        body = app.query_one("#article-body")
        await until(pilot, lambda: len(body.children) == 1, "the short article shown")
        await pilot.pause(0.3)  # a window for a stale batch of the first article to show
        assert len(body.children) == 1


async def test_similar_articles_continue_the_numbering():
    app = ArticleApp(bridge_document())
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(ArticleView)
        similar = [SimpleNamespace(id="s1", title="A similar story", source="Elsewhere", feed=None, url=None)]
        view.show_similar("a1", similar)
        await pilot.pause()
        lines = list(view.query_one("#article-similar").query(LinkLine))
        assert [line.number for line in lines] == [4]  # after the picture's address and two related stories
        assert view.links[3] == (lines[0].link, "s1")


def test_long_dates():
    assert long_date("2026-03-12") == "12 March 2026"
    assert long_date(None) is None
    assert long_date("sometime") == "sometime"


async def test_the_breadcrumb_keeps_the_newest_steps_and_drops_the_oldest():
    app = ArticleApp(bridge_document())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        titles = [f"Step {n} of a long walk through related stories" for n in range(1, 5)]
        view.set_breadcrumb(titles)
        await pilot.pause()
        crumb = str(view.query_one("#breadcrumb").render())
        assert crumb.startswith("‹ … › ")
        assert "Step 4 of a long" in crumb and "Step 3" in crumb and "Step 1" not in crumb
        view.set_breadcrumb(titles[:1])
        await pilot.pause()
        assert not view.query_one("#breadcrumb").display
