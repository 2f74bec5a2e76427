"""How the phrasing guide reads the writer's own distress now when it is said through what it
does to their days rather than named: off sick or signed off with it ("i've been off sick for
three weeks with anxiety and i dread going back"), sleep gone ("not sleeping more than two
hours a night"), drink to get through ("i've started needing a drink before visits just to
calm my nerves"), panic at work ("i have panic attacks in the toilets most days now"), barely
getting through ("i'm barely functioning", "i'm struggling to get through each day right
now"). Each is the writer's (subject "I", or a note with no subject, which the rule's `own`
context reads for "I", "me" or "my"), and now: not a time looked back on ("i was off sick in
the spring, back on a phased return", "i used to drink too much", "i slept badly before the
panel"), not denied ("i have not had a drink in six years"). The writer_not_coping rule asks
for it by name (`shapes:` in prompts/phrasing.yaml) through `reflect.language_shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, clause_subject, is_negated, run_on, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words of the strain itself that, beside time off sick, make it the writer's distress, not a
# bad back.
_STRAIN = frozenset(
    {"anxiety", "anxious", "stress", "stressed", "depression", "depressed", "dread", "panic", "shake", "cry", "failure",
     "burnout", "burn", "breakdown", "nerve", "face", "cope", "exhausted", "exhaustion", "low", "overwhelmed", "again"}
)
# What a drink is had for: to get through, to switch off, to calm down.
_DRINK_FOR = frozenset({"cope", "get", "switch", "calm", "numb", "face", "forget", "sleep", "unwind", "relax", "block", "settle", "stop"})
_DRINKS = frozenset({"drink", "wine", "bottle", "vodka", "booze", "pint", "beer", "gin", "can", "glass"})
# Days and nights counted: it goes on ("every night", "most days", "a night", "for weeks").
_OFTEN = frozenset({"night", "nights", "day", "days", "week", "weeks", "fortnight", "month", "months", "morning", "mornings", "now"})
# What the writer struggles or barely manages to do: get through, cope, carry on.
_GETTING_BY = frozenset({"cope", "function", "manage", "keep", "carry", "get", "sleep", "eat", "concentrate", "focus", "switch", "breathe"})
_NOW = frozenset({"now", "moment", "minute", "currently", "today", "lately", "day", "days"})
_TODAY = frozenset({"today", "morning", "again", "tonight"})


def _writers(verb: Token) -> bool:
    """The verb's subject is the writer, or the note has no subject at all ("not sleeping,
    lying awake going over my caseload"); the rule's `own` context reads such a note for the
    writer's "I", "me" or "my"."""
    own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # A verb joined on ("... and is drinking more") shares its subject; a note's own clause
    # with none ("havent slept in days, my head wont stop") is the writer's.
    subject = own if own is not None or verb.dep_ not in ("conj", "xcomp") else clause_subject(verb)
    return subject is None or subject.lower_ in FIRST_PERSON | {"im"}


def _now(verb: Token) -> bool:
    """Said of now: present, present perfect or going on; a past tense only of today ("rang in
    sick this morning"); not "was", "used to", "could", "would"."""
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        return _now(verb.head)  # "i used to drink", "i've started needing a drink"
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(h.lower_ in ("was", "were", "had", "could", "would", "used", "did", "'d") for h in helpers):
        return False
    if verb.tag_ == "VBD" and not any(h.lemma_ == "have" for h in helpers):
        return any(t.lower_ in _TODAY for t in verb.subtree)
    return True


def _often(verb: Token) -> bool:
    return any(t.lower_ in _OFTEN for t in verb.subtree if t.dep_ in ("npadvmod", "pobj", "advmod", "dobj"))


def _off_sick(token: Token, sentence) -> bool:
    """ "off sick", "signed off", "called in sick": time off work, with the strain in words
    of the same sentence ("with anxiety", "i dread going back", "couldn't stop shaking")."""
    verb = token
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    before = token.doc[token.i - 1].lower_ if token.i else ""
    sick = token.lower_ == "sick" and before in ("off", "in") and verb.lemma_ in ("be", "call", "ring", "rang", "phone", "go")
    signed = token.lemma_ == "sign" and any(c.lower_ == "off" for c in token.children)
    if not (sick or signed) or not (_writers(verb) and _now(verb)) or is_negated(verb):
        return False
    return any(t.lemma_.lower() in _STRAIN or t.lower_ in _STRAIN for t in sentence if t.i != token.i)


def _sleepless(token: Token) -> bool:
    """ "not sleeping more than two hours a night", "lying awake every night": sleep gone,
    now, night after night."""
    if token.lemma_ == "sleep" and token.pos_ == "VERB":
        return is_negated(token) and _writers(token) and _now(token) and _often(token)
    if token.lemma_ == "lie" and any(t.lower_ == "awake" for t in token.doc[token.i + 1 : token.i + 3]):
        return _writers(token) and _now(token) and (_often(token) or any(t.lemma_ in ("dread", "worry", "go") for t in token.subtree))
    return False


def _drinking_through(token: Token) -> bool:
    """The writer drinking, or needing or having a drink, to get through ("just to switch off
    after work", "to calm my nerves") or more than they should: not denied, not in the past."""
    drink = token.lemma_ == "drink" or token.pos_ == "NOUN" and (token.lower_ in _DRINKS or token.lower_.rstrip("s") in _DRINKS)
    verb = token
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    if not drink or verb.pos_ not in ("VERB", "AUX"):
        return False
    if not (_writers(verb) and _now(verb)) or is_negated(verb):
        return False
    purpose = any(t.lemma_ in _DRINK_FOR and t.dep_ in ("advcl", "acl", "xcomp") and any(c.lower_ == "to" for c in t.children) for t in verb.head.subtree)
    too_much = any(t.lower_ in ("more", "much") for t in verb.children if t.dep_ == "advmod") or any(t.lower_ == "should" for t in verb.subtree)
    return purpose or too_much


def _panic_at_work(token: Token) -> bool:
    """ "i have panic attacks at work most days now", "i'm having panic attacks every day": had
    now, not "i had panic attacks at uni"."""
    if token.lemma_ != "attack" or not any(c.lower_ == "panic" for c in token.children):
        return False
    verb = token.head
    return verb.lemma_ == "have" and token.dep_ == "dobj" and _writers(verb) and _now(verb) and not is_negated(verb)


def _barely_getting_by(token: Token) -> bool:
    """ "i'm barely functioning", "i can hardly function", "i'm struggling to get through each
    day right now", "struggling to cope at the moment"."""
    if token.pos_ != "VERB" or not (_writers(token) and _now(token)):
        return False
    if token.lemma_ in ("function", "cope", "manage") and any(c.lower_ in ("barely", "hardly", "scarcely") for c in token.children):
        return True
    if token.lemma_ != "struggle" or is_negated(token) or any(c.lower_ in ("because", "cos") for c in token.children):
        return False
    to_do = [c for c in token.children if c.dep_ == "xcomp" and c.lemma_ in _GETTING_BY]
    through = any(c.lemma_ != "get" or any(g.lower_ == "through" for g in c.children) for c in to_do)
    return through or any(t.lower_ in _NOW for t in token.subtree if t.dep_ in ("advmod", "npadvmod", "pobj"))


def own_strain_now(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer's own distress now is said through what it does to their days:
    off sick with it, sleep gone, drink to get through, panic at work, barely getting by."""
    spans = []
    for sentence in doc.sents:
        whole = run_on(sentence)
        for token in sentence:
            if _off_sick(token, whole) or _sleepless(token) or _drinking_through(token) or _panic_at_work(token) or _barely_getting_by(token):
                verb = token if token.pos_ in ("VERB", "AUX") else token.head
                spans.append(span_of(verb, token))
    return spans


SHAPES = {"own_strain_now": own_strain_now}
