"""How the phrasing guide reads graphic detail given as a run of specifics, whatever the words:
a harm told, or about to be told, with its particulars asked and answered one after another
("exactly what I took, which tablets and how many", "how I cut myself and where, and how deep
it got", "the night I was attacked step by step, where he grabbed me, what he said", "how the
beatings happened, the belt, the kitchen"). One particular is not a run ("she asked what I took
and I said I'd rather not go into that"), nor is a run refused ("without going into what or
how"). The graphic_detail rule asks for it by name (`shapes:` in prompts/phrasing.yaml),
through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Harm, by its verb or its noun.
_HARM = frozenset({"cut", "overdose", "attack", "assault", "beat", "beating", "rape", "burn", "starve", "hang", "ligature", "stab", "punch",
                   "kick", "strangle", "choke", "tablet", "pill", "paracetamol", "blood", "bleed", "scar", "wound", "self-harm", "harm", "grab"})
# How much, how deep, how long: the size of it.
_MEASURE = frozenset({"many", "much", "deep", "long", "bad", "often", "far", "hard"})
_REFUSED = frozenset({"without", "not", "n't", "never", "no", "rather"})


def _particulars(sentence: Span) -> list[Token]:
    """The words that ask or give a particular: "exactly", "which tablets", "how many", "where",
    "step by step", "how" of a harm ("how I cut myself")."""
    found = []
    words = list(sentence)
    for i, t in enumerate(words):
        low = t.lower_
        after = words[i + 1].lower_ if i + 1 < len(words) else ""
        if low == "exactly" and after in ("what", "how", "where", "which", "when"):
            found.append(t)
        elif i and words[i - 1].lower_ == "exactly":
            continue  # "exactly where": one particular
        elif low == "which" and (words[i + 1].lemma_.lower() in _HARM or after in ("one", "ones") if i + 1 < len(words) else False):
            found.append(t)  # "which tablets", "which ones"
        elif low == "how" and after in _MEASURE:
            found.append(t)
        elif low == "how" and any(w.lemma_.lower() in _HARM for w in words[i + 1 : i + 5]):
            found.append(t)  # "how I cut myself", "how the beatings happened"
        elif low == "where" and not (after in ("i", "i'm", "you") and "from" in [w.lower_ for w in words[i + 1 : i + 6]]):
            found.append(t)
        elif low == "step" and after == "by":
            found.append(t)
        elif low in ("detail", "details") and i and words[i - 1].lower_ in ("every", "gory", "all"):
            found.append(t)
    return found


def _listed_after(sentence: Span, start: int) -> bool:
    """ "..., the belt, the kitchen": two short noun phrases set off by commas after the harm."""
    commas = 0
    words = list(sentence)
    for i, t in enumerate(words):
        if t.i <= start or t.lower_ != ",":
            continue
        if i + 2 < len(words) and words[i + 1].lower_ == "the" and words[i + 2].pos_ == "NOUN" and (
            i + 3 >= len(words) or words[i + 3].lower_ in (",", "and", ".")
        ):
            commas += 1
    return commas >= 2


def harm_in_detail(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a harm is told with its particulars, one after another."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        harm = next((t for t in sentence if t.lemma_.lower() in _HARM or t.lower_ in _HARM), None)
        if harm is None:
            continue
        particulars = _particulars(sentence)
        if particulars and any(doc[j].lower_ in _REFUSED for p in particulars for j in range(max(sentence.start, p.i - 4), p.i)):
            continue  # "without going into what or how", "I'd rather not go into where"
        if len(particulars) >= 2 or particulars and _listed_after(sentence, harm.i):
            first = min([harm, *particulars], key=lambda t: t.i)
            last = max([harm, *particulars], key=lambda t: t.i)
            spans.append(span_of(first, last))
    return spans


SHAPES = {"harm_in_detail": harm_in_detail}
