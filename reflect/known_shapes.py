"""How the phrasing guide reads what the writer knows that is no claim to know the person's
feeling, and the writer's trouble with one thing that is in hand.

Knowing (the `known` context in `reflect.set_aside`, for i_know_how_you_feel):
- what the person told the writer themselves ("i know how you feel about the new key worker,
  you told me last week", "i know what she thinks of the hostel, she said so"): the knowing is
  theirs, heard, not the writer's own experience laid over theirs (`heard_from_them`);
- how hard it is to get, find or book something ("i know how hard it is to get a gp
  appointment", "i know how tricky it is to find a dentist round here"): a difficulty of the
  services, not of the person's inner life (`hard_to_obtain`).

In hand (the `in_hand` context, for writer_not_coping): the writer can't cope with one
particular thing ("the new rota", "this heat") and says it was taken to their manager or
supervisor, or laughs it off in the same sentence ("haha", "lol"): the trouble is named,
small and dealt with, and the writer is not in the state the rule is for (`one_thing_in_hand`).

Heard as it sounds (for missing_coping's difficulties): "that sounds so hard", "it sounds
exhausting" is the writer's answer to what the person told, no hard story of the writer's
(`sounds_so`).
"I can't cope any more", "i'm not coping with anything" or "not coping with my mum's death"
are no one thing in hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_negated, root_of
from reflect.language_shapes import told_to_support

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs by which the person tells the writer what they feel or think.
_TELLING = frozenset({"tell", "say", "mention", "explain", "share", "describe", "write", "text", "put"})
_TELLERS = frozenset({"you", "u", "ya", "he", "she", "they"})
_WHEN_IT_HAPPENS = frozenset({"when", "whenever", "if", "once", "until", "till", "before", "after", "because", "unless"})
# Verbs of getting hold of something from a service.
_OBTAINING = frozenset(
    {"get", "find", "book", "obtain", "access", "reach", "contact", "secure", "arrange", "afford", "claim", "apply", "see", "fill", "chase"}
)
_KNOWING = frozenset({"know", "understand", "realise", "realize", "appreciate"})
_LAUGHING = frozenset({"haha", "hahaha", "lol", "lmao", "lool", "hehe", "😂", "🤣"})
# Words for all of life or its hardest parts: no one particular thing ("can't cope with anything").
_WHOLE = frozenset({"anything", "everything", "life", "it", "this", "that", "things", "myself", "me", "any", "all"})
_PARTICULAR = frozenset({"the", "this", "that", "these", "those", "my", "our", "all"})
_COPING = frozenset({"cope", "manage", "deal", "handle"})
# Their forms, for where the small pipeline's lemmatizer slips ("coping" read as "cop").
_COPING_FORMS = frozenset({"cope", "copes", "coped", "coping", "manage", "managing", "managed", "deal", "dealing", "handle", "handling"})


def heard_from_them(doc: Doc, start: int, end: int) -> bool:
    """After the writer's "i know how you feel ...", the sentence says the person told them
    ("..., you told me last week", "..., as you said"): a verb of telling, not negated, whose
    subject is the person, after the verb of knowing and outside the clause of what is known
    ("i know how [you feel about it], you told me"; or, with no
    verb of knowing in the span, after the span: the second reader's hit is the whole
    sentence)."""
    root = root_of(doc, start, end)
    if root is None:
        return False
    knowing = _knowing(doc, start, end)
    known = _known_clause(knowing) if knowing is not None else None
    for token in root.sent:
        if token.lemma_.lower() not in _TELLING or token.pos_ not in ("VERB", "AUX"):
            continue
        if knowing is None and token.idx < end or knowing is not None and (token.i < knowing.i or known is not None and token in known.subtree):
            continue
        if any(c.lower_ in _WHEN_IT_HAPPENS and c.dep_ in ("advmod", "mark") for c in token.children):
            continue  # "when they say no": what happens, not what they told me
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in _TELLERS and not is_negated(token):
            return True
    return False


def _known_clause(knowing: Token) -> Token | None:
    """The verb of the clause that is known: the one "how" or "what" opens ("i know [how you
    feel about it]"), read from the wh-word, for the parser may hang it elsewhere."""
    wh = next((t for t in knowing.doc[knowing.i + 1 : knowing.i + 4] if t.lower_ in ("how", "what")), None)
    clause = wh.head if wh is not None else None
    # A word in "-ing" that says how it is ("how gutting it is", tagged as a verb) is no clause.
    while clause is not None and (clause.pos_ not in ("VERB", "AUX") or clause.dep_ in ("acomp", "amod")) and clause.head.i != clause.i:
        clause = clause.head
    return clause


def _knowing(doc: Doc, start: int, end: int) -> Token | None:
    """The writer's verb of knowing in the span: "I know", "i understand"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    return next(
        (t for t in span if t.lemma_.lower() in _KNOWING and any(c.dep_ == "nsubj" and c.lower_ in ("i", "im") for c in t.children)),
        None,
    )


# What "been there" may be said of when it is a feeling or a hard time, not a place.
_HARD_TIMES = frozenset({"feeling", "place", "point", "stage", "darkness", "bottom", "hole", "pit", "state", "situation", "time", "times", "day", "days", "mess"})


def been_to_the_place(doc: Doc, start: int, end: int) -> bool:
    """ "i have been there, the drop-in on a tuesday, it's a nice group": "been there" names the
    place the person spoke of, set out next as a noun phrase ("the drop-in", "that cafe"), not
    a hard time ("been there, the dark place you're in")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span[-1].lower_ != "there" or span[-1].i + 3 >= len(doc):
        return False
    comma, det = doc[span[-1].i + 1], doc[span[-1].i + 2]
    if comma.lower_ not in (",", "-", ":") or det.lower_ not in ("the", "that", "this", "ur", "your"):
        return False
    head = next((t for t in doc[det.i + 1 : det.i + 5] if t.pos_ in ("NOUN", "PROPN")), None)
    # Not the subject of a story told next ("been there, the eating disorder took my teens").
    subject = head is not None and (head.dep_ in ("nsubj", "nsubjpass") or head.head.dep_ in ("nsubj", "nsubjpass"))
    return head is not None and not subject and head.lower_ not in _HARD_TIMES and not any(t.lemma_ in ("feel", "know") for t in doc[det.i : span.sent.end])


def hard_to_obtain(doc: Doc, start: int, end: int) -> bool:
    """The writer knows how hard it is to get, find or book a thing ("how hard it is to get a gp
    appointment"): after the verb of knowing, an infinitive of getting with a thing to get, not
    a way through ("to get through the day", "to get out of bed", "to get over it")."""
    knowing = _knowing(doc, start, end)
    return knowing is not None and any(_obtaining(t) for t in knowing.subtree if t.i > knowing.i)


def _obtaining(token: Token) -> bool:
    if token.lemma_.lower() not in _OBTAINING or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is None or following.pos_ in ("ADP", "PART") or any(c.dep_ == "prt" for c in token.children):
        return False
    # The parser may hang the thing anywhere under the verb ("a social worker to call back").
    return any(t.pos_ in ("NOUN", "PROPN") and t.i > token.i for t in token.subtree)


def one_thing_in_hand(doc: Doc, start: int, end: int) -> bool:
    """The writer can't cope with one particular thing ("with this heat", "with the new
    rota"), and the sentence laughs it off or says it was taken to their own manager or
    supervisor."""
    root = root_of(doc, start, end)
    if root is None:
        return False
    verb = next((t for t in doc[root.sent.start : root.sent.end] if _coping(t) and start <= t.idx < end), None)
    if verb is None or not _with_one_thing(verb):
        return False
    sent = verb.sent
    return any(t.lower_ in _LAUGHING for t in sent) or told_to_support(sent)


def _coping(token: Token) -> bool:
    return token.lemma_.lower() in _COPING or token.lower_ in _COPING_FORMS


def _with_one_thing(verb: Token) -> bool:
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        for thing in (c for c in prep.children if c.dep_ == "pobj"):
            # The parser may hang the determiner lower down ("this printer lol, third jam").
            if thing.pos_ == "NOUN" and thing.lower_ not in _WHOLE and any(c.lower_ in _PARTICULAR for c in thing.subtree):
                # "my mum's death": a particular thing, but no small one.
                return not any(c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN") for c in thing.subtree)
    return False


_SEEMING = frozenset({"sound", "seem"})
_WHAT_WAS_TOLD = frozenset({"that", "it", "this", "which", "all"})


def sounds_so(doc: Doc, start: int, end: int) -> bool:
    """The difficulty is how what the person told sounds to the writer ("that sounds so hard",
    "it sounds like a nightmare"): under "sound" or "seem", whose subject is what was told."""
    token = root_of(doc, start, end)
    for _ in range(3):
        if token is None:
            return False
        if token.lemma_.lower() in _SEEMING or token.lower_ in ("sounds", "sounded", "seems"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subject is None or subject.lower_ in _WHAT_WAS_TOLD
        token = None if token.head.i == token.i else token.head
    return False
