"""Links, pictures and titles on real feeds and files from the shared corpus, as `show` prints them."""

from __future__ import annotations

import json
import re

from newsreader.cli import main


def show(args: list[str], capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["show", *args]) == 0
    return capsys.readouterr().out


def articles_of(out: str) -> list[str]:
    """The printed articles of a feed file, each from its numbered line on."""
    return re.split(r"\n── \d+/\d+ ─+\n", out)[1:]


def test_a_feed_item_whose_only_link_is_comments_keeps_it_numbered(shared, home, capsys, monkeypatch):
    out = show([str(shared / "corpus/feeds/rss2/hackernews_en.xml")], capsys, monkeypatch)
    first = articles_of(out)[0]
    assert "\nComments[1]\n" in first
    assert "\nLinks\n[1] https://news.ycombinator.com/item?id=19607371" in first


def test_links_in_list_items_are_kept(shared, home, capsys, monkeypatch):
    data = json.loads(show(["--json", str(shared / "corpus/feeds/rss2/stratechery_en.xml")], capsys, monkeypatch))
    lists = [block for article in data for block in article["blocks"] if block["type"] == "list"]
    linked = [block for block in lists if block["links"]]
    assert len(linked) >= 5
    for block in linked:
        for link in block["links"]:
            assert link["url"].startswith("https://") and link["text"] in block["items"][link["item"]]
    assert all(isinstance(item, str) for block in lists for item in block["items"])  # the shape docs/cli.md gives


def test_tracking_pixels_are_not_pictures(shared, home, capsys, monkeypatch):
    data = json.loads(show(["--json", str(shared / "corpus/feeds/rss2/npr-world_en.xml")], capsys, monkeypatch))
    images = [block["url"] for article in data for block in article["blocks"] if block["type"] == "image"]
    assert images and not any("pixel" in url for url in images)  # NPR puts a tracking/npr-rss-pixel.png in each
    out = show([str(shared / "corpus/feeds/rss2/npr-world_en.xml")], capsys, monkeypatch)
    assert "pixel" not in out


def test_a_picture_is_its_description_and_a_numbered_address_never_inline(shared, home, capsys, monkeypatch):
    out = show([str(shared / "corpus/feeds/rss2/time-world_en.xml")], capsys, monkeypatch)
    pictures = 0
    for article in articles_of(out):
        body, _, listed = article.partition("\nLinks\n")
        lines = body.splitlines()
        header = next(i for i, line in enumerate(lines) if line.startswith("https://"))  # the article's own
        assert header < 5 and "\n" not in lines[header]
        assert not any(("http://" in line or "https://" in line) for line in lines[header + 1 :])
        marked = re.findall(r"^▣ .*\[(\d+)\]$", body, re.M)
        pictures += len(marked)
        for number in marked:
            assert re.search(rf"^\[{number}\] https://\S+$", listed, re.M)
        assert all(line.startswith("[") and " " not in line.split(" ", 1)[1] for line in listed.splitlines() if line)
    assert pictures > 20


def test_a_plain_text_article_shows_its_title_once(shared, home, capsys, monkeypatch):
    folder = shared / "corpus/articles/txt/bbc-2005"
    files = sorted(folder.glob("*.txt"))
    assert files
    for path in files:
        out = show([str(path)], capsys, monkeypatch)
        title = out.splitlines()[0]
        assert title and out.count(title) == 1, path.name
        data = json.loads(show(["--json", str(path)], capsys, monkeypatch))
        assert data["blocks"][0]["text"].startswith(data["title"])  # stored whole: search reads it all
