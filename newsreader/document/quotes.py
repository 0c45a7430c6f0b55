"""Quoted speech inside a paragraph: which words are quoted, and who said them.

News text marks quotations with "…", “…”, „…“ or «…». A reader highlights the
quoted words and names the speaker from the attribution around them
(`," the minister noted.`, `" Ortis added.`, `," said Ortis`,
`Ortis said: “…”`). A paragraph that is nothing but one quotation and its
attribution becomes a quote block (``as_quote_block``).

Decisions, relied on by every parser:

* The quote marks stay OUTSIDE the quote span: the span holds only the quoted
  words; the opening mark ends the text span before it, the closing mark
  begins the text span after it. So ``Paragraph.quotes`` and ``Quote.text``
  never carry marks, and the spans still concatenate to the input exactly.
* Only outermost quotations become spans; quotes nested inside them stay part
  of the outer quoted text. A mark with no partner stays plain text: it never
  swallows the rest of the paragraph.
* A quotation is counted once: a paragraph whose only content is one quotation
  plus a bare attribution becomes a ``Quote`` block, otherwise the quotation is
  one quote span of its paragraph.

Everything here runs in linear time: one scan for marks, a bounded stack, and
word lists of bounded length for attributions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .blocks import Quote, Span

# Verbs that introduce or follow reported speech. Lower case, one word each;
# "according to" is handled as a two-word verb.
SPEECH_VERBS = frozenset(
    """
    said says say added adds noted notes told tells wrote writes asked asks
    stated states explained explains continued continues stressed stresses
    warned warns replied replies responded responds insisted insists claimed
    claims argued argues declared declares announced announces remarked remarks
    commented comments concluded concludes recalled recalls posted posts
    tweeted emphasised emphasized emphasises emphasizes admitted admits
    acknowledged acknowledges urged urges promised promises joked jokes
    observed observes suggested suggests confirmed confirms cautioned cautions
    conceded concedes shouted whispered cried answered answers reported
    recounted predicted vowed pleaded protested exclaimed murmured agreed
    """.split()
)

# Subjects that attribute a quote without naming anyone worth showing.
PRONOUNS = frozenset("he she they i we it you one".split())

# Words that start a clause, not a speaker's name ("and then Ortis said").
_NOT_SUBJECT_START = frozenset(
    "and but or so then while as if because when after before to in on at of for with by from that which who".split()
)

# Words that open a sentence before its subject: "But, he added", "Meanwhile Ortis said".
_CONNECTORS = frozenset("but and meanwhile however so yet still also then now later earlier separately instead".split())

# A speaker phrase may start with one of these and hold no name ("the minister noted").
_DETERMINERS = frozenset("the a an his her their its our my this that one".split())

_OPENERS = {"“": "”", "«": "»", "„": "“”"}
_CLOSERS = frozenset("”»“")
_OPENED_BY = {"”": "“„", "»": "«", "“": "„"}  # closing mark -> the openers it closes
_STRAIGHT = '"'
_MAX_DEPTH = 16  # deeper nesting is junk; bounding it keeps matching linear
_MAX_SPEAKER_WORDS = 8
_ATTRIBUTION_WINDOW = 240  # characters looked at around a quote for its speaker

_MARK = re.compile('["“”«»„]')
_WORD = re.compile(r"\S+")
_WORD_CHAR = re.compile(r"[^\W_]")
_EDGE_PUNCT = ",.;:!?)(\"'“”«»„—–-"
_SENTENCE_END = re.compile(r"[.!?…]\s+")
# Titles whose full stop does not end the sentence before a speaker's name.
_TITLES = frozenset("mr mrs ms mx dr prof gen col lt sgt capt gov sen rep rev st jr sr".split())


def _opening_context(text: str, i: int) -> bool:
    """A straight quote at ``i`` looks like an opener: start or space before, a word after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;,“«„") and not after.isspace()


def _closing_context(text: str, i: int) -> bool:
    """A straight quote at ``i`` looks like a closer: something other than space before it."""
    return i > 0 and not text[i - 1].isspace()


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """Outermost matched (open, close) mark positions, in order, non-overlapping.

    Open marks wait on a stack of at most ``_MAX_DEPTH`` entries; a closing
    mark pairs with the nearest opener it fits, and the openers above that
    one are left unmatched (they stay plain text).
    """
    marks = ""  # the stack's opening marks, innermost last
    positions: list[int] = []
    pairs: list[tuple[int, int]] = []
    for found in _MARK.finditer(text):
        i, ch = found.start(), found.group()
        if ch == _STRAIGHT:
            index = marks.rfind(_STRAIGHT)
            if index >= 0 and (_closing_context(text, i) or not _opening_context(text, i)):
                pairs.append((positions[index], i))
                marks, positions = marks[:index], positions[:index]
                continue
            if not _opening_context(text, i):
                continue
        elif ch in _CLOSERS:
            openers = _OPENED_BY[ch]
            index = marks.rfind(openers[0])
            if len(openers) > 1:
                index = max(index, marks.rfind(openers[1]))
            if index >= 0:
                pairs.append((positions[index], i))
                marks, positions = marks[:index], positions[:index]
                continue
            if ch not in _OPENERS:
                continue
        marks += ch
        positions.append(i)
        if len(marks) > _MAX_DEPTH:
            marks, positions = marks[1:], positions[1:]
    return _outermost(pairs)


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if result and start < result[-1][1]:
            continue  # nested inside the previous outer quotation
        result.append((start, end))
    return result


@lru_cache(maxsize=8)
def quote_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Positions of the opening and closing marks of each outermost quotation with words.

    Cached: a paragraph is asked about by the sentence splitter, the quote
    block test and the span splitter in turn.
    """
    search = _WORD_CHAR.search
    return tuple((s, e) for s, e in _quote_pairs(text) if search(text, s + 1, e))


def quote_spans(text: str) -> list[Span]:
    """Split paragraph text into "text" and "quote" spans; the spans join back to ``text``.

    Quote marks stay in the text spans around each quote span. Empty or
    word-less quotations (``""``, ``"..."``) are left as text. A speaker is set
    on a quote span when an attribution names one.
    """
    if not text:
        return []
    if not _MARK.search(text):
        return [Span(text)]
    spans: list[Span] = []
    cursor = 0
    pairs = quote_ranges(text)
    for index, (start, end) in enumerate(pairs):
        if start + 1 > cursor:
            spans.append(Span(text[cursor : start + 1]))
        next_start = pairs[index + 1][0] if index + 1 < len(pairs) else len(text)
        prev_end = pairs[index - 1][1] + 1 if index else 0
        after_end = min(next_start, end + 1 + _ATTRIBUTION_WINDOW)
        before_start = max(prev_end, start - _ATTRIBUTION_WINDOW)
        speaker = _speaker_after(text[end + 1 : after_end])
        if speaker is None:
            speaker = _speaker_before(text[before_start:start])
        spans.append(Span(text[start + 1 : end], "quote", speaker=speaker or None))
        cursor = end
    if cursor < len(text):
        spans.append(Span(text[cursor:]))
    return spans


def as_quote_block(text: str, spans: list[Span] | None = None) -> Quote | None:
    """A Quote when ``text`` is one quotation plus at most a bare attribution.

    Accepted shapes: `“…”`, `"…," Ortis said.`, `"…" said Ortis.`,
    `"…," the minister noted.`, `Ortis said: “…”`. Anything more around the
    quotation (`told the audience`, `a farmer from …`) keeps it a paragraph,
    so no words are lost. The block's text is the quoted words without marks
    and without a trailing comma. ``spans``, when given, is ``quote_spans(text)``
    already computed by the caller.
    """
    if not _MARK.search(text) or len(quote_ranges(text)) != 1:
        return None
    if spans is None:
        spans = quote_spans(text)
    quotes = [s for s in spans if s.kind == "quote"]
    if len(quotes) != 1:
        return None
    position = spans.index(quotes[0])
    before = "".join(s.text for s in spans[:position])[:-1]  # minus the opening mark
    after = "".join(s.text for s in spans[position + 1 :])[1:]  # minus the closing mark
    lead = _bare_attribution(before, leading=True)
    tail = _bare_attribution(after, leading=False)
    if lead is None or tail is None or (lead[0] and tail[0]):
        return None
    body = quotes[0].text.strip().rstrip(",").rstrip()
    if not body:
        return None
    return Quote(body, lead[1] or tail[1])


# --- attributions ---------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCT).lower()


def _is_speaker_phrase(words: list[str]) -> bool:
    """Short, and every comma-separated part names someone ("Mark Oaten, Lib Dem spokesman")."""
    if not words or len(words) > _MAX_SPEAKER_WORDS:
        return False
    part: list[str] = []
    for word in words:
        part.append(word)
        if word.endswith(","):
            if not _names_someone(part):
                return False
            part = []
    return not part or _names_someone(part)


def _names_someone(words: list[str]) -> bool:
    first = words[0].lstrip("(\"'“«„").rstrip(",")
    if not first:
        return False
    lower = first.lower()
    if lower in _DETERMINERS or lower in PRONOUNS:
        return True
    if lower in _NOT_SUBJECT_START:
        return False
    # "Ortis", "head teacher Ilse Brandt": somebody's name is in it
    return any(word[:1].isupper() or word[:1].isdigit() for word in words)


def _without_connectors(words: list[str]) -> list[str]:
    """ "But, he added" -> "he added"; "Meanwhile Mark Oaten said" -> "Mark Oaten said"."""
    start = 0
    while start < len(words) - 1 and words[start].rstrip(",").lower() in _CONNECTORS:
        start += 1
    return words[start:]


def _speaker_name(words: list[str]) -> str | None:
    """The phrase as a speaker, or None for a bare pronoun."""
    if len(words) == 1 and _bare(words[0]) in PRONOUNS:
        return None
    name = " ".join(words).strip(" ,;:.!?)(")
    return name or None


def _speaker_after(segment: str) -> str | None:
    """The speaker named right after a quotation: `, Ortis said` or `said Ortis`."""
    segment = segment.lstrip(" ,")
    if not segment or segment[0] in ".!?;:":
        return None
    words = _words(segment[:_ATTRIBUTION_WINDOW])
    if not words:
        return None
    # verb first: "said Ortis", "asked Harald Moen, a farmer", "according to Ortis"
    verb_len = _verb_at(words, 0)
    if verb_len:
        return _name_run(words[verb_len:])
    # subject first: "Ortis said", "the minister noted", "Teachers' Federation head Maud Everly said"
    for index, word in enumerate(words[: _MAX_SPEAKER_WORDS + 1]):
        if index and _verb_at(words, index):
            subject = words[:index]
            if _is_speaker_phrase(subject) and not _ends_clause(subject[:-1]):
                return _speaker_name(subject)
            return None
        if _ends_clause([word]):
            return None
    return None


def _speaker_before(segment: str) -> str | None:
    """The speaker of `Ortis said: “…”` or `Mayor X said the city …: “…”`."""
    stripped = segment.rstrip()
    if not stripped or stripped[-1] not in ":,":
        return None
    clause = _last_sentence(stripped)
    words = _words(clause)
    for index in range(1, min(len(words), _MAX_SPEAKER_WORDS + 1)):
        if _verb_at(words, index):
            subject = _without_connectors(words[:index])
            if _is_speaker_phrase(subject) and not _ends_clause(subject):
                return _speaker_name(subject)
            return None
    return None


def _verb_at(words: list[str], index: int) -> int:
    """How many words make a speech verb at ``index`` (0 when none)."""
    word = words[index]
    if word.lower() in SPEECH_VERBS or word.rstrip(",:.").lower() in SPEECH_VERBS:
        return 1
    if word.lower() == "according" and index + 1 < len(words) and words[index + 1].lower() == "to":
        return 2
    return 0


def _name_run(words: list[str]) -> str | None:
    """Words after a verb up to the first clause break: the speaker's name."""
    name: list[str] = []
    for word in words[:_MAX_SPEAKER_WORDS]:
        name.append(word)
        if word[-1] in ",;:!?)" or (word[-1] == "." and not _is_abbreviation(word)):
            break
    if not _is_speaker_phrase(name):
        return None
    return _speaker_name(name)


def _ends_clause(words: list[str]) -> bool:
    """Does a clause end inside these words (a full stop that is no abbreviation, a quote mark)?"""
    for word in words:
        if word[0] in '"“”«»„' or word[-1] in "!?;:":
            return True
        if word[-1] == "." and not _is_abbreviation(word):
            return True
    return False


def _is_abbreviation(word: str) -> bool:
    """ "Mr.", "Dr.", an initial "J." or an acronym "U.S.": a full stop that ends no sentence."""
    bare = word.strip("(\"'“«„").rstrip(".")
    if bare.lower() in _TITLES:
        return True
    return bool(bare) and bare[0].isupper() and len(bare.replace(".", "")) <= 2


def _last_sentence(text: str) -> str:
    """The last sentence of ``text``; "Mr.", initials and "U.S." do not end one."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if text[stop] == "." and _is_abbreviation(text[text.rfind(" ", 0, stop) + 1 : stop + 1]):
            continue
        start = match.end()
    return text[start:]


def _bare_attribution(text: str, *, leading: bool) -> tuple[bool, str | None] | None:
    """Is ``text`` (beside a quotation) nothing, or nothing but "<speaker> <verb>"?

    ``(False, None)`` for punctuation only; ``(True, speaker)`` for a bare
    attribution, its speaker being every word but the verb (None for a
    pronoun); None when more is said, so the paragraph must stay a paragraph.
    """
    stripped = text.strip(" ,.;:!?—–-")
    if not stripped:
        return False, None
    if leading and not text.rstrip().endswith((":", ",")):
        return None
    words = _words(stripped)
    if not words or len(words) > _MAX_SPEAKER_WORDS + 2:
        return None
    verb = _verb_at(words, 0)
    if verb:
        rest = words[verb:]
        if _is_speaker_phrase(rest) and not _ends_clause(rest) and not any("," in w for w in rest):
            return True, _speaker_name(rest)
        return None
    last = len(words) - 1
    if last and _verb_at(words, last) == 1 and words[last].isalpha():
        subject = words[:last]
        if _is_speaker_phrase(subject) and not _ends_clause(subject):
            return True, _speaker_name(subject)
    return None
