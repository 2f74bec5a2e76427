"""How the phrasing guide reads a claim about everyone, whatever the words: a whole group said
to be or do one thing ("people like us never get a fair crack", "all psychiatrists just want
to up your meds", "lads who grow up in care all end up in bother", "that's what services do",
"the council never help anyone", "nobody gets their first choice"). The overgeneralising rule
asks for it by name (`shapes:` in prompts/phrasing.yaml), through
`reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect import everyone_shapes
from reflect.everyone_shapes import KIND_VERBS, in_a_place
from reflect.language import is_negated, is_question

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_EVERYONE = frozenset({"everyone", "everybody", "anyone", "anybody", "nobody", "noone"})
_ALL_DETS = frozenset({"all", "every", "each", "any"})
_ALWAYS = frozenset({"always", "never", "inevitably", "invariably", "ever", "all"})
# Said of everyone and kind ("everyone's different", "anyone is welcome", "everyone deserves
# support", "nobody knows how long"): not one outcome told for all.
_KIND = frozenset({"different", "unique", "welcome", "entitled", "allowed", "invited", "free", "special", "human"})
# Who speak for the group: "people", "lads", "mums", "psychiatrists", "services".
# The common feelings everyone has ("everyone gets nervous", "we all feel low sometimes"):
# normalising said plainly, not one outcome told for all.
_COMMON_FEELINGS = frozenset(
    {"down", "low", "nervous", "anxious", "stressed", "sad", "blue", "fed", "wobbly", "jittery", "scared", "worried",
     "tired", "bad", "off", "days", "moments", "nerves", "butterflies", "upset", "lonely"}
)
_GROUP_HEADS = frozenset({"people", "folk", "ppl", "those", "lads", "men", "women", "mums", "dads", "kids", "teenagers"})


def _present_or_will(verb: Token) -> bool:
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN" and any(c.tag_ in ("VBZ", "VBP") and c.lemma_ in ("get", "be") for c in helpers):
        return True  # "people like us always get judged"
    if verb.tag_ == "VB" and any(c.lower_ in ("will", "'ll", "ll", "wo") for c in helpers):
        return True
    return verb.tag_ == "VB" and not helpers and verb.dep_ in ("ROOT", "ccomp", "conj", "relcl")  # "they all end up"


def _whole_group(subject: Token, verb: Token) -> bool:
    """The subject is a group taken whole: everyone, all psychiatrists, every survivor, people
    like us, lads who grow up in care ... all."""
    low = subject.lower_
    if low in _EVERYONE or (low == "one" and any(c.lower_ == "no" for c in subject.children)):
        return True
    if low == "all":  # "lads who grow up in care all end up ...", "all of us feel it"
        return not any(
            c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ not in ("us", "you") for g in c.children)
            for c in subject.children
        )
    if subject.pos_ not in ("NOUN", "PROPN") and low not in ("those", "ppl"):
        return False
    dets = {c.lower_ for c in subject.children if c.dep_ in ("det", "predet", "poss", "nummod")}
    if dets & _ALL_DETS and not dets - _ALL_DETS:
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)
    if _all_the_kind(subject):
        return True
    if dets:
        return False  # "my mates", "the staff", "these lads"
    plural = subject.tag_ in ("NNS", "NNPS") or low in _GROUP_HEADS
    if not plural:
        return False
    floating = any(c.lower_ == "all" for c in list(verb.children) + list(subject.children))
    always = any(c.lower_ in _ALWAYS for c in verb.children)
    described = any(c.dep_ in ("relcl", "prep", "acl") for c in subject.children)
    likes = any(c.lower_ == "like" and any(g.lower_ in ("us", "them", "me", "you") for g in c.children) for c in subject.children)
    return likes or floating or (always and (described or low in _GROUP_HEADS or subject.lemma_.endswith("ist")))


# Words for a whole or a mass, not one of a kind: "all the staff", "all the time".
_MASS = frozenset(
    {"staff", "team", "family", "group", "class", "crew", "time", "way", "day", "world", "money", "stuff", "work", "rest",
     "while", "same", "place", "food", "advice", "support", "help", "care", "information", "evidence", "paperwork", "stress"}
)


def _all_the_kind(subject: Token) -> bool:
    """ "all the doctor", "all the social worker": in English as a second language, "all the"
    before one of a kind is every one of that kind (not "all the staff", "all the time")."""
    dets = {c.lower_ for c in subject.children if c.dep_ in ("det", "predet")}
    return dets == {"all", "the"} and subject.tag_ == "NN" and subject.lemma_.lower() not in _MASS


def _kind_of_person(subject: Token | None) -> bool:
    """A group of people by kind taken whole: "every father", "all teenagers", "all the boss"."""
    if subject is None or subject.pos_ != "NOUN":
        return False
    dets = {c.lower_ for c in subject.children if c.dep_ in ("det", "predet")}
    return bool(dets & {"all", "every"}) and not dets - {"all", "every"} or _all_the_kind(subject)


def _said_as_now(verb: Token) -> bool:
    """ "every husband is drinking", "all the boss is only want money": the form with "is" or
    "are" that English as a second language uses for what is always so."""
    return verb.tag_ in ("VBG", "VB") and any(c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def _feeling_said_plainly(verb: Token) -> bool:
    """ "everyone gets them", "everyone does in the end", "everyone feels a bit paranoid",
    "everyone has bad thoughts sometimes", "nobody has to come", "everyone has their own way":
    normalising a feeling, an obligation or each their own, not one outcome told for all."""
    lemma = verb.lemma_.lower()
    if lemma not in ("get", "feel", "have", "do", "be"):
        return False
    kids = [c for c in verb.children if c.dep_ not in ("ccomp", "conj", "advcl", "parataxis", "punct", "cc")]
    if lemma == "have" and any(c.dep_ == "xcomp" for c in kids):
        return True  # "nobody has to come to every session"
    words = {t.lower_ for c in kids for t in c.subtree}
    if words & {"bit", "sometimes", "little", "own", "times"}:
        return True
    objects = [c for c in kids if c.dep_ in ("dobj", "acomp", "attr", "oprd")]
    if lemma == "do" and not objects:
        return True  # "everyone does in the end"
    if lemma in ("get", "have") and objects and all(o.pos_ == "PRON" for o in objects):
        return True  # "everyone gets them", "nobody gets it"
    return lemma in ("get", "feel", "be") and any(o.pos_ == "ADJ" for o in objects)


def _everyone_before(verb: Token) -> Token | None:
    """ "anybody who's been sectioned comes out worse": the small pipeline may hang the verb
    off the relative clause; the universal word that opens its sentence is its subject."""
    for t in verb.sent:
        if t.i >= verb.i:
            return None
        if t.lower_ in _EVERYONE and t.dep_ in ("nsubj", "nsubjpass") and (any(c.dep_ == "relcl" for c in t.head.children) or t.head.dep_ == "ROOT"):
            return t
    return None


def said_of_all(doc: Doc) -> list[tuple[int, int]]:
    """Spans where one outcome or way is told of a whole group, in the present or as will be
    ("people like us never get a fair crack", "all psychiatrists just want to up your meds",
    "nobody gets their first choice", "the council never help anyone", "that's what services
    do"). Not a group in a place ("everyone on the ward is lovely"), nor kindness said of all
    ("everyone's different", "anyone is welcome"), nor a question."""
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass") or is_question(verb.sent):
            continue
        lemma = verb.lemma_.lower()
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = next((c for c in subjects if _whole_group(c, verb)), subjects[0] if subjects else None)
        if subject is None and verb.dep_ in ("advcl", "conj", "ROOT"):
            subject = _everyone_before(verb)
        everyone = subject is not None and subject.lower_ in _EVERYONE
        if everyone and lemma in KIND_VERBS or any(c.lower_ in _KIND for c in verb.children if c.dep_ in ("acomp", "attr")):
            continue
        if lemma in ("get", "feel", "have", "be") and any(
            c.lower_ in _COMMON_FEELINGS for c in verb.children if c.dep_ in ("acomp", "attr", "dobj", "oprd", "prt")
        ):
            continue
        # "every father is strict", "all the doctor is same": a kind of person described, not a feeling.
        kind = _kind_of_person(subject)
        if _feeling_said_plainly(verb) and not (kind and lemma == "be" and not _COMMON_FEELINGS & {t.lower_ for t in verb.subtree}):
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in verb.children):
            continue  # "if anyone fancies it"
        if everyone and any(c.dep_ in ("dobj", "dative") and c.lower_ in ("me", "us") for c in verb.children):
            continue  # "when i come to this country nobody help me": the writer's own story, not a claim
        if any(c.dep_ == "aux" and c.lower_ in ("can", "could", "may", "might", "should", "must", "would", "'d") for c in verb.children):
            continue
        if not (_present_or_will(verb) or kind and _said_as_now(verb)):
            continue
        found = subject is not None and _whole_group(subject, verb) and not (everyone and in_a_place(subject))
        # "the council never help anyone", "they always fob everybody off".
        if not found and any(c.lower_ in ("always", "never") for c in verb.children) and not (
            subject is not None and subject.pos_ == "PRON"
        ):
            found = any(c.dep_ == "dobj" and c.lower_ in _EVERYONE - {"nobody", "noone"} for c in verb.children)
        # "that's what services do": a group's way, said as a fact.
        if not found and lemma == "do" and subject is not None and subject.tag_ == "NNS":
            found = not any(c.dep_ in ("det", "poss") for c in subject.children) and any(
                c.lower_ == "what" for c in verb.children
            )
        if found and not (subject is not None and subject.lower_ in ("nobody", "noone")) and is_negated(verb):
            if not any(c.lower_ == "never" for c in verb.children):
                continue  # "everyone doesn't ..." read as not everyone
        if found:
            start = min(verb.left_edge.i, subject.left_edge.i if subject is not None else verb.i)
            end = verb.right_edge
            spans.append((doc[start].idx, end.idx + len(end)))
    # The other ways of saying it of everyone (`reflect.everyone_shapes`).
    return spans + [span for shape in everyone_shapes.SHAPES.values() for span in shape(doc)]
