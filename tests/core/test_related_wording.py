"""How the resolver reads an editor's wording: verbs of getting, ambiguous verbs, a
swearing-in that is not an election, bare figures, weekdays dated from the linking
article, and acronyms the store's text spells out."""

from __future__ import annotations

from datetime import date

import pytest

from newsreader.document.blocks import RelatedLink
from newsreader.document.plaintext import parse_plaintext
from newsreader.related import Pool, best_match, build_profile, resolve_link
from newsreader.related.acronyms import spelled_out
from newsreader.related.terms import weekday_date
from newsreader.store import NewArticle, Store


def profile(article_id: str, lede: str, *more: str, date: str = "2025-03-01"):
    title = lede.split(". ")[0].rstrip(".")
    return build_profile(article_id, title, [lede, *more, "Further words about the matter."], date=date)


def choose(headline: str, *profiles, when: date | None = None):
    chosen = best_match(headline, list(profiles), Pool(list(profiles)), when=when)
    return chosen.id if chosen else None


APPROVAL = profile(
    "approval",
    "The Tarnic Medicines Board approved ostrelin, a heart drug made by Dovren Pharma, on Tuesday.",
    "It is the first drug developed in Tarnica to be approved in a decade, Tarnic Post reports.",
)
ELECTION = profile(
    "elected",
    "Ilse Marrow was elected mayor of Korvik on Sunday, defeating Piet Aldous in the runoff with 55% of the vote.",
    "Aldous conceded shortly before midnight, Korvik Times reports.",
    date="2025-03-03",
)
SWORN = profile(
    "sworn",
    "Ilse Marrow was sworn in as mayor of Korvik on Monday and promised a review of the city budget.",
    "The ceremony took place in the council chamber, Korvik Times reports.",
    date="2025-03-10",
)
BREACH = profile(
    "breach",
    "Selvane Telecom raised its estimate of the number of customers affected by the data breach to 2.4 million on Tuesday.",
    "The company had first spoken of a smaller leak, Tarnic Post reports.",
)
HACK = profile(
    "hack",
    "Hackers stole the personal data of about 900,000 Selvane Telecom customers, the company said on Monday.",
    "Names and addresses were taken, Tarnic Post reports.",
)


def test_a_verb_of_getting_before_an_event_is_not_a_win() -> None:
    assert choose("First Tarnic-made drug in a decade wins approval", APPROVAL) == "approval"


def test_took_is_not_won() -> None:
    assert choose("Hackers took data of 900,000 Selvane Telecom customers", HACK, BREACH) == "hack"


def test_sworn_in_is_not_elected() -> None:
    assert choose("Marrow elected mayor of Korvik", ELECTION, SWORN) == "elected"
    assert choose("Marrow sworn in as Korvik mayor", ELECTION, SWORN) == "sworn"


def test_a_bare_figure_counts_what_its_sentence_named_before_it() -> None:
    assert choose("Selvane Telecom breach hit 2.4 million customers", BREACH, HACK) == "breach"
    assert choose("Selvane Telecom breach hit 2.4 million homes", BREACH, HACK) is None


def test_hits_is_not_damage() -> None:
    river = profile(
        "river",
        "The Orna peaked at 5.2 metres at the Kell gauge on Monday, the highest level since records began in 1923.",
        "The previous record was set in 1968, Korvik Times reports.",
        "The river stayed close to its peak for three hours.",
    )
    assert choose("River Orna hits highest level since 1923", river) == "river"


def test_weekday_date_is_that_day_or_the_last_one_before() -> None:
    assert weekday_date(5, date(2025, 3, 7)) == date(2025, 3, 7)  # a Friday seen on Friday
    assert weekday_date(5, date(2025, 3, 8)) == date(2025, 3, 7)
    assert weekday_date(5, date(2025, 3, 6)) == date(2025, 2, 28)


def test_a_weekday_names_the_day_of_the_linking_articles_week() -> None:
    this_week = profile(
        "this",
        "Bus drivers in Korvik walked out on Friday over pay, the first stoppage this year.",
        "The union said the strike would last a day, Korvik Times reports.",
        date="2025-03-07",
    )
    last_week = profile(
        "last",
        "Bus drivers in Korvik walked out on Friday over pay, the second stoppage this year.",
        "Routes were cut across the city, Korvik Times reports.",
        date="2025-02-28",
    )
    assert choose("Korvik bus drivers strike on Friday", this_week, last_week) is None  # undated: a tie
    assert choose("Korvik bus drivers strike on Friday", this_week, last_week, when=date(2025, 3, 8)) == "this"


def test_acronyms_are_read_from_names_written_out() -> None:
    assert spelled_out("NSO", ["Data from the National Statistics Office (NSO) showed"]) == (
        ("~nationwid", "statist", "offic"),
    )
    assert spelled_out("nso", ["The Port Workers' Union (PWU) said"]) == ()
    assert spelled_out("PWU", ["The Port Workers' Union (PWU) said"]) == (("~port", "~worker", "~union"),)
    assert spelled_out("MWS", ["the Ministry of Water and Sewerage (MWS)"]) == (("~ministri", "~water", "sewerag"),)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def add(store: Store, text: str, *, name: str) -> str:
    source = store.add_source("file", f"/articles/{name}.txt")
    document = parse_plaintext(text)
    item = NewArticle(title=document.title, document=document, origin=source.address, published=document.date)
    result = store.ingest(source.id, [item])
    return (result.added or result.updated)[0]


def test_an_acronym_the_store_spells_out_elsewhere_finds_the_story(store: Store) -> None:
    add(
        store,
        "date 2025-09-01 Prices in Tarnica rose by 3.1% in August, the National Statistics Office (NSO) said on Monday.\n\n"
        "Food and fuel drove the rise, Tarnic Post reports.\n",
        name="august",
    )
    target = add(
        store,
        "date 2025-10-01 Inflation in Tarnica fell to 2.6% in September, the statistics office said on Wednesday.\n\n"
        "Cheaper fuel pulled prices down, Tarnic Post reports.\n",
        name="september",
    )
    assert resolve_link(store, RelatedLink("NSO: inflation fell to 2.6% in September", None, None)) == target
    assert resolve_link(store, RelatedLink("KSO: inflation fell to 2.6% in September", None, None)) is None


HARVEST = profile(
    "harvest",
    "Tarnica's wheat harvest will be the smallest in 25 years because of the drought, the farm ministry said on Monday.",
    "The ministry expects about 2 million tonnes, Tarnic Post reports.",
)
TERM = profile(
    "term",
    "Mayor Piet Aldous launched his bid for a third term in Korvik on Saturday, promising a new tram line.",
    "He spoke to supporters in the market square, Korvik Times reports.",
)


def test_wire_abbreviations_and_verbs() -> None:
    assert choose("Tarnica wheat harvest seen at 25-yr low", HARVEST, TERM) == "harvest"
    assert choose("Korvik's Aldous seeks third term", HARVEST, TERM) == "term"
