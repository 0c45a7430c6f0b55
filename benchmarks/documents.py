"""Parsing one 1 MB article: plain text (the article format) and HTML."""

from __future__ import annotations

import time

from benchmarks import data
from benchmarks.context import Context
from benchmarks.measure import median, reason
from benchmarks.report import Row


def run(ctx: Context) -> None:
    text = data.big_plaintext(ctx.settings.seed)
    page = data.big_html(ctx.settings.seed)
    cases = [
        ("1 MB plain-text article: parse_plaintext", "newsreader.document.plaintext", "parse_plaintext", (text,)),
        ("1 MB HTML article: parse_html", "newsreader.document.html", "parse_html", (page,)),
        ("1 MB HTML page: parse_html_page", "newsreader.document.html", "parse_html_page", (page,)),
    ]
    for name, module, function, args in cases:
        try:
            parse = getattr(__import__(module, fromlist=[function]), function)
            times, result = [], None
            for _ in range(ctx.settings.runs):
                began = time.perf_counter()
                result = parse(*args)
                times.append(time.perf_counter() - began)
            blocks = result.blocks if hasattr(result, "blocks") else result
            ctx.report.add(
                Row(
                    "documents",
                    name,
                    median(times),
                    "s",
                    detail={
                        "bytes": len(args[0].encode()),
                        "blocks": len(blocks),
                        "runs_s": [round(t, 3) for t in times],
                    },
                )
            )
        except Exception as error:
            ctx.report.skip(f"documents: {name}", reason(error))
