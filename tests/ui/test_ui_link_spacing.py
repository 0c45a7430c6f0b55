"""A related link standing between paragraphs ("Read more: …") is set off from the text
after it by a blank line, as from the text before it; links in a row stay together."""

from __future__ import annotations

from support.ui_fixtures import main_screen, make_app, make_store, paragraph, settle

from newsreader.document.blocks import Document, RelatedLink
from newsreader.store import NewArticle
from newsreader.ui.widgets.block_widgets import BlockRun, LinkLine


async def test_a_related_link_inside_the_text_has_a_blank_line_after_it(tmp_path):
    store, _ = make_store(tmp_path, empty=True)
    source = store.add_source("folder", str(tmp_path / "articles"), "Articles")
    document = Document(
        title="Stadium deal cut to 85 million",
        date="2026-03-02",
        blocks=[
            paragraph("The club will make up the difference with a bank loan."),
            RelatedLink("Mayor orders review of the stadium deal", "Veyra Ledger", None),
            RelatedLink("Fans' trust calls for ticket price freeze", "Veyra Today", None),
            paragraph("Construction is still expected to begin in 2027."),
        ],
    )
    store.ingest(
        source.id, [NewArticle(title=document.title, document=document, origin=source.address, guid="stadium")]
    )
    [headline] = store.headlines()
    app = make_app(store)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            main_screen(app).open_article(headline.id)
            await settle(pilot)
            body = main_screen(app).article_view.query_one("#article-body")
            first, second = body.query(LinkLine)
            after = list(body.query(BlockRun))[-1]  # "Construction is still expected…"
            assert second.region.y == first.region.bottom  # the two links in a row, no gap
            assert after.region.y == second.region.bottom + 1  # a blank line before the next paragraph
    finally:
        store.close()
