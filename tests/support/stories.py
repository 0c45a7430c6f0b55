"""A little story in four plain-text articles (two strikes, a deal, a review) that link to one
another, for the tests of suggestions, "linked from" and the story line."""

from __future__ import annotations

from newsreader.document.plaintext import parse_plaintext
from newsreader.store import NewArticle, Store

# Two strike stories alike enough that a vague headline cannot choose between them.
STRIKE_ONE = """ date 2025-04-07 Tram drivers in Orlen walked out on Monday over pay, stopping all trams in the city.

The union said the strike would last a day, Orlen Courier reports.
"""
STRIKE_TWO = """ date 2025-04-14 Tram drivers in Orlen walked out again on Monday over pay, stopping all trams in the city.

The union said the second strike would last two days, Orlen Courier reports.
"""
DEAL = """ date 2025-04-20 The Orlen tram company and the drivers' union agreed a pay deal on Sunday, ending the dispute.

Drivers will get a 6% rise over two years, Orlen Courier reports.

Read more: Tram drivers in Orlen walked out again on Monday over pay, stopping all trams in the city - Orlen Courier

Read more: Orlen tram drivers strike over pay - Orlen Courier

Read more: Orlen zoo welcomes twin lion cubs - Orlen Courier
"""
REVIEW = """ date 2025-04-25 Orlen's council will review tram fares after the pay deal with drivers, the mayor said on Friday.

The review is due in June, Orlen Courier reports.

Read more: The Orlen tram company and the drivers' union agreed a pay deal on Sunday, ending the dispute - Orlen Courier
"""
FILES = {"one.txt": STRIKE_ONE, "two.txt": STRIKE_TWO, "deal.txt": DEAL, "review.txt": REVIEW}


def ingest(store: Store, name: str, text: str) -> str:
    source = store.add_source("file", f"/articles/{name}")
    document = parse_plaintext(text)
    result = store.ingest(
        source.id, [NewArticle(title=document.title, document=document, origin=source.address, published=document.date)]
    )
    return (result.added or result.updated)[0]
