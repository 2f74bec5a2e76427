"""How the phrasing guide reads the writer's own distress now when it is said through what it
does to their days rather than named: off sick or signed off ("i've been off sick for three
weeks with anxiety and i dread going back"), sleep gone ("lying awake going over my
caseload"), drink ("i've started needing a drink before visits just to calm my nerves",
"drinking far more than i should"), panic ("i keep having panic attacks and can't face going
in"), barely getting by ("i'm barely functioning", "i'm struggling to get through each day").

Each is the writer's (subject "I", or a note with no subject, which the rule's `own` context
reads for "I", "me" or "my"), and now: not a time looked back on ("i was off sick in the
spring, back on a phased return", "i used to drink too much", "i slept badly before the
panel"), not denied ("i have not had a drink in six years").

One current fact alone ("i've been having panic attacks every day this week", "at the moment
i'm drinking most nights just to get to sleep", "i'm currently off sick with depression") is
too raw to share but no sign the writer is not coping, as the earlier sets read it: the
sentence must say more (`_more_than_the_fact`): dread, tears, shaking, something they can't
face or stop or haven't told, that it is getting worse, that they have started needing it.
Barely getting by, nights spent going over it, and drinking more than they should are that
sign in the same words. The writer_not_coping rule asks for it by name (`shapes:` in
prompts/phrasing.yaml) through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, clause_subject, is_negated, run_on, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words that, beside a current fact, say the writer is not coping with it.
_MORE = frozenset(
    {"dread", "dreading", "cry", "crying", "shake", "shaking", "tremble", "bricking", "terrified", "terrify", "failure", "worse",
     "drown", "drowning", "breakdown", "burnout", "broken", "desperate", "despair"}
)
# What the writer can't do with it: "can't face anyone", "can't stop", "haven't told anyone".
_CANNOT = frozenset({"face", "stop", "concentrate", "think", "tell", "function", "cope", "manage"})
# What a drink is had for: to get through, to switch off, to calm down.
_DRINK_FOR = frozenset({"cope", "get", "switch", "calm", "numb", "face", "forget", "sleep", "unwind", "relax", "block", "settle", "stop"})
_DRINKS = frozenset({"drink", "wine", "bottle", "vodka", "booze", "pint", "beer", "gin", "glass"})
# Days and nights counted: it goes on ("every night", "most days", "a night", "for weeks").
_OFTEN = frozenset({"night", "nights", "day", "days", "week", "weeks", "fortnight", "month", "months", "morning", "mornings", "now"})
# What the writer struggles or barely manages to do: get through, cope, carry on.
_GETTING_BY = frozenset({"cope", "function", "manage", "keep", "carry", "get", "sleep", "eat", "concentrate", "focus", "switch", "breathe"})
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


def _verb_of(token: Token) -> Token:
    verb = token
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    return verb


def _often(verb: Token) -> bool:
    """The verb's own clause counts the days or nights ("not slept properly in weeks"), not a
    clause joined on ("i can't sleep and i cry every night")."""
    joined = {t.i for c in verb.children if c.dep_ == "conj" for t in c.subtree}
    return any(t.lower_ in _OFTEN for t in verb.subtree if t.i not in joined and t.dep_ in ("npadvmod", "pobj", "advmod", "dobj"))


def _more_than_the_fact(sentence: Span, fact: Token) -> bool:
    """Beside the fact, the sentence says the writer is not coping with it: dread, tears,
    shaking ("i dread going back", "couldnt stop shaking"), what they can't face or haven't
    told, that it is getting worse, or that they have started needing it."""
    for t in sentence:
        if t.i == fact.i:
            continue
        lemma = t.lemma_.lower()
        if lemma in _MORE or t.lower_ in _MORE:
            return True
        if lemma in _CANNOT and t.pos_ in ("VERB", "AUX") and is_negated(t):
            return True
        if lemma in ("need", "start", "begin", "keep") and t.pos_ == "VERB" and _writers(t) and _now(t) and any(c.dep_ == "xcomp" for c in t.children):
            return True  # "i've started needing a drink", "i keep having them"
        if lemma in ("bad", "worse") and t.head.lemma_ == "get":
            return True
    return False


def _off_sick(token: Token) -> bool:
    """ "off sick", "signed off", "called in sick": time off work, now."""
    verb = _verb_of(token)
    before = token.doc[token.i - 1].lower_ if token.i else ""
    sick = token.lower_ == "sick" and before in ("off", "in") and verb.lemma_ in ("be", "call", "ring", "rang", "phone", "go")
    signed = token.lemma_ == "sign" and any(c.lower_ == "off" for c in token.children)
    return (sick or signed) and _writers(verb) and _now(verb) and not is_negated(verb)


def _sleepless(token: Token) -> bool:
    """ "not sleeping more than two hours a night", "lying awake every night": sleep gone,
    now, night after night."""
    if token.lemma_ == "sleep" and token.pos_ == "VERB":
        return is_negated(token) and _writers(token) and _now(token) and _often(token)
    if token.lemma_ == "lie" and any(t.lower_ == "awake" for t in token.doc[token.i + 1 : token.i + 3]):
        return _writers(token) and _now(token) and _often(token)
    return False


def _lying_awake_over_it(token: Token) -> bool:
    """ "lying awake going over my caseload", "lying awake worrying about the visits": the
    nights taken up with it, the fact and the sign at once."""
    if token.lemma_ != "lie" or not any(t.lower_ == "awake" for t in token.doc[token.i + 1 : token.i + 3]):
        return False
    return _writers(token) and _now(token) and any(t.lemma_ in ("dread", "worry", "go", "replay") for t in token.subtree if t.i != token.i)


def _drinking(token: Token) -> bool:
    """The writer drinking, or needing or having a drink, to get through or night after night,
    now: not denied, not in the past."""
    drink = token.lemma_ == "drink" or token.pos_ == "NOUN" and (token.lower_ in _DRINKS or token.lower_.rstrip("s") in _DRINKS)
    verb = _verb_of(token)
    if not drink or verb.pos_ not in ("VERB", "AUX") or not (_writers(verb) and _now(verb)) or is_negated(verb):
        return False
    purpose = any(t.lemma_ in _DRINK_FOR and t.dep_ in ("advcl", "acl", "xcomp") and any(c.lower_ == "to" for c in t.children) for t in verb.head.subtree)
    return purpose or any(t.lower_ in ("every", "most") for t in verb.subtree)


def _too_much(token: Token) -> bool:
    """ "drinking far more than i should": more than they should, the sign in the same words."""
    if token.lemma_ != "drink" or token.pos_ != "VERB" or not (_writers(token) and _now(token)):
        return False
    return any(t.lower_ == "more" for t in token.children if t.dep_ == "advmod") and any(t.lower_ == "should" for t in token.subtree)


def _panic(token: Token) -> bool:
    """ "i'm having panic attacks every day": had now, not "i had panic attacks at uni"."""
    if token.lemma_ != "attack" or not any(c.lower_ == "panic" for c in token.children):
        return False
    verb = token.head
    return verb.lemma_ == "have" and token.dep_ == "dobj" and _writers(verb) and _now(verb) and not is_negated(verb)


def _barely_getting_by(token: Token) -> bool:
    """ "i'm barely functioning", "i can hardly function", "i'm struggling to get through each
    day", "struggling to cope": the sign itself, no other needed."""
    if token.pos_ != "VERB" or not (_writers(token) and _now(token)):
        return False
    if token.lemma_ in ("function", "cope", "manage") and any(c.lower_ in ("barely", "hardly", "scarcely") for c in token.children):
        return True
    if token.lemma_ != "struggle" or is_negated(token):
        return False
    to_do = [c for c in token.children if c.dep_ == "xcomp" and c.lemma_ in _GETTING_BY]
    return any(c.lemma_ != "get" or any(g.lower_ == "through" for g in c.children) for c in to_do)


def own_strain_now(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer's own distress now is said through what it does to their days:
    off sick, sleep gone, drink or panic with a sign beyond the fact; nights spent going over
    it, drinking more than they should, barely getting by."""
    spans = []
    for sentence in doc.sents:
        whole = run_on(sentence)
        for token in sentence:
            fact = _off_sick(token) or _sleepless(token) or _drinking(token) or _panic(token)
            if fact and _more_than_the_fact(whole, token) or _lying_awake_over_it(token) or _too_much(token) or _barely_getting_by(token):
                spans.append(span_of(_verb_of(token), token))
    return spans


SHAPES = {"own_strain_now": own_strain_now}
