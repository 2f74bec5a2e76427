"""How the phrasing guide reads the writer's own way urged on the person when the urging is
not put as "you should": a suggestion dressed as a question ("wouldn't it be better to just
leave him, like i did?", "shouldn't you be getting back to work? that's what helped me most"),
"the thing is to ...", "the key is to ...", "all you need is ...", or a bare "do that", tied in
the same sentence (or the next) to what worked for the writer ("always worked for me", "like
i did", "that's what got me through"). Not where the writer's way is laid beside others' or
left to the person ("but you might find something else suits you", "others found swimming
better", "up to you"): that is one option among many, as the guidance asks. The prescribing
rule asks for it by name (`shapes:` in prompts/phrasing.yaml) through
`reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import SECOND_PERSON, is_negated, run_on, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_YOU = SECOND_PERSON | {"u", "ya"}
_THEM = frozenset({"he", "she", "they"})
# Nouns that, as "the ... is to ...", give the one way to do it.
_THE_WAY = frozenset({"thing", "key", "trick", "secret", "answer", "way", "best", "cure", "solution"})
_URGING_MODALS = frozenset({"should", "need", "must", "ought", "have", "got"})
# Questions that suggest: "wouldn't it be better", "shouldn't you", "have you (not) tried".
_SUGGESTING_AUX = frozenset({"would", "wo", "should", "could", "have"})
_WORKED = frozenset({"work", "help", "sort", "save", "fix", "get", "cure", "pull", "change", "turn"})
# Words that leave the choice with the person, or lay the writer's way beside others'.
_OPTIONS = frozenset({"others", "other", "option", "options", "choice", "might", "may", "some", "everyone", "depends", "whatever", "whichever"})


def _urged(token: Token) -> bool:
    """The word urges the person: "the key is to ...", "you need ...", a question that suggests
    ("wouldn't it be better to ...", "shouldn't you be ..."), or "do that" said to them."""
    if token.lower_ in _THE_WAY and token.dep_ == "nsubj" and token.head.lemma_ == "be" and not any(c.dep_ == "relcl" for c in token.children):
        return any(c.dep_ in ("xcomp", "attr", "ccomp") for c in token.head.children)
    if token.lower_ in _YOU | _THEM and token.dep_ == "nsubj":
        verb = token.head
        if is_negated(verb):
            return False  # "you don't need to copy me"
        modals = [c for c in verb.children if c.dep_ == "aux" and c.lemma_ in _URGING_MODALS]
        if verb.lemma_ == "need" or modals:
            return True
        # "shouldn't you be ...", "have you not tried ...": the helper before its subject.
        return any(c.dep_ == "aux" and c.lemma_ in _SUGGESTING_AUX and c.i < token.i for c in verb.children)
    if token.lemma_ == "be" and token.dep_ == "ROOT" and any(c.tag_ in ("JJR", "JJS") or c.lower_ in ("good", "wise") for c in token.children if c.dep_ == "acomp"):
        return any(c.dep_ == "aux" and c.lemma_ in _SUGGESTING_AUX and c.i < token.i for c in token.children)
    # "so do that", "just do it": do with no subject, said to the person.
    return token.lemma_ == "do" and token.tag_ == "VB" and token.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "aux") for c in token.children)


def _mine_worked(token: Token) -> bool:
    """What worked for the writer: "worked for me", "that's what helped me", "got me through",
    "like i did", "like me" (not denied: "it never worked for me")."""
    if token.lemma_ in _WORKED and token.pos_ == "VERB" and not is_negated(token):
        if any(c.lower_ == "me" and c.dep_ == "dobj" for c in token.children):
            return True
        return any(c.dep_ in ("prep", "dative") and c.lower_ == "for" and any(g.lower_ == "me" for g in c.children) for c in token.children)
    if token.lower_ == "like" and token.i + 1 < len(token.doc):
        after = token.doc[token.i + 1 : token.i + 3]
        return after[0].lower_ == "me" or len(after) == 2 and after[0].lower_ == "i" and after[1].lemma_ == "do"
    return False


def _left_open(sentence: Span) -> bool:
    return any(t.lower_ in _OPTIONS for t in sentence) or any(t.lower_ == "up" and t.i + 2 < len(t.doc) and t.doc[t.i + 2].lower_ in _YOU for t in sentence)


def my_way_urged(doc: Doc) -> list[tuple[int, int]]:
    """Spans from the urging to what worked for the writer, in one sentence or the next."""
    spans = []
    sentences = list(doc.sents)
    for n, sentence in enumerate(sentences):
        whole = run_on(sentence)
        urged = next((t for t in sentence if _urged(t)), None)
        if urged is None:
            continue
        near = list(whole) + (list(sentences[n + 1]) if n + 1 < len(sentences) and sentences[n + 1].start >= whole.end else [])
        worked = next((t for t in near if _mine_worked(t)), None)
        if worked is not None and not _left_open(whole) and not any(t.lower_ in _OPTIONS for t in near):
            spans.append(span_of(urged, worked))
    return spans


SHAPES = {"my_way_urged": my_way_urged}
