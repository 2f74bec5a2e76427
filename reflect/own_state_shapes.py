"""How the phrasing guide reads the writer's own struggle asked as a question to themselves:
"how am i meant to be there for anyone when i can hardly eat", "what good am i to them when i
cry on the way in", "who am i to advise anyone when i haven't slept". The question is the
writer's own, about their capacity now; what follows says they are not coping now. It is a
statement in effect, so a rule that reads only statements (`statement` in
`reflect.set_aside`) reads it too. The writer_not_coping rule asks for it by name (`shapes:` in
prompts/phrasing.yaml) through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_negated, run_on, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_ASKING = frozenset({"how", "what", "who", "why"})
_MYSELF = frozenset({"i", "me", "my", "myself", "im", "i'm"})
# What the writer cannot do for themselves ("can't sleep", "haven't left the house", "can
# barely get dressed"), and the distress that shows they are not coping ("i cry in the car").
_SELF_CARE = frozenset(
    {"sleep", "eat", "get", "leave", "focus", "concentrate", "think", "stop", "cope", "function", "breathe", "face",
     "hold", "keep", "look", "shower", "wash", "dress", "move", "talk", "speak"}
)
_DISTRESS = frozenset({"cry", "shake", "sob", "panic", "drown", "struggle", "fall", "break", "crumble", "shut"})
_BARELY = frozenset({"barely", "hardly", "even", "scarcely"})
_PAST = frozenset({"VBD"})


def _mine(verb: Token) -> bool:
    """The verb's subject is the writer: "i", or "my head", "my own mind"."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.lower_ in _MYSELF or any(c.lower_ == "my" for c in child.children)
    return False


def _now(verb: Token) -> bool:
    """Said of now: not "was", "could", "did" (a time looked back on)."""
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(h.tag_ in _PAST or h.lower_ in ("could", "would", "used") for h in helpers):
        return False
    # "am i meant to": the parser may take "meant" for a past; its "am" says now.
    return verb.tag_ not in _PAST or any(h.tag_ in ("VBP", "VBZ") for h in helpers)


def _not_coping(verb: Token) -> bool:
    """The writer can't look after themselves, or is in distress, now."""
    if not (_mine(verb) and _now(verb)):
        return False
    lemma = verb.lemma_.lower()
    if lemma in _DISTRESS:
        return True
    hedged = any(c.lower_ in _BARELY for c in verb.children)
    return lemma in _SELF_CARE and (is_negated(verb) or hedged) and not any(
        c.dep_ == "dobj" and c.lower_ not in _MYSELF and c.pos_ in ("PRON", "PROPN") for c in verb.children
    )


def _asked_of_myself(verb: Token) -> bool:
    """The question's own clause: opened by how, what, who or why and put by the writer about
    themselves, now ("how am i supposed to", "what use am i", "who am i to", "how do i")."""
    if verb.dep_ not in ("ROOT", "ccomp"):
        return False
    start = verb.left_edge.i
    lead = [t for t in verb.doc[start : verb.i] if t.lower_ in _ASKING]
    if not lead or lead[0].i - start > 3:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in ("i", "im") and subject.i > lead[0].i and _now(verb)


def own_capacity_asked(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the writer asking themselves how they can help anyone while they are not coping
    now: "how am i meant to be there for anyone when i can hardly eat", "what good am i to
    them right now, i cry on the way in". Not the person's ("how are you meant to ..."), not a
    time looked back on ("i wondered how i could help anyone when i was low")."""
    spans = []
    for sent in doc.sents:
        asked = next((t for t in sent if t.pos_ in ("VERB", "AUX", "ADJ") and _asked_of_myself(t)), None)
        if asked is None:
            continue
        # To the end of a sentence the parser split with no stop ("... my head is that full i can't think").
        whole = run_on(sent)
        after = [t for t in doc[asked.i + 1 : whole.end] if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
        found = next((t for t in after if _not_coping(t)), None)
        if found is not None:
            spans.append(span_of(asked.left_edge, found.right_edge))
    return spans


def asked_of_myself(sentence: Span) -> bool:
    """The question is the writer's own struggle asked of themselves: a statement in effect."""
    return any(sentence.start_char <= a < sentence.end_char for a, _ in own_capacity_asked(sentence.doc))


def own_capacity_stated(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the writer saying they can barely look after or carry themselves now: "i can
    barely look after myself let alone anyone else", "i can hardly drag myself in". A verb of
    the writer's, now, hedged by "barely" or "hardly", with "myself" next (or after its
    preposition: "look after myself"); not a time
    looked back on ("i could barely get myself dressed that year")."""
    spans = []
    for verb in doc:
        if verb.pos_ != "VERB" or not (_mine(verb) and _now(verb)):
            continue
        if not any(c.lower_ in _BARELY - {"even"} for c in verb.children) or any(c.dep_ in ("oprd", "acomp") for c in verb.children):
            continue  # "i can hardly keep myself awake": how the writer is kept, no struggle to look after themselves
        # "myself" next, or after a word that goes with the verb ("look after myself"): read by
        # order, for the parser often loses "after" to what follows ("... let alone anyone else").
        after = verb.doc[verb.i + 1 : verb.i + 3]
        if after and after[0].lower_ == "myself" or len(after) == 2 and after[0].pos_ in ("ADP", "SCONJ", "PART", "ADV") and after[1].lower_ == "myself":
            spans.append(span_of(verb.left_edge, verb))
    return spans
