"""How the phrasing guide reads a way through that was tried and did not work, as a hard part of
the writer's story (never its way forward): denied to everything tried ("nothing anyone did made
a difference", "not one of them touched it", "none of it shifted it", "no amount of therapy
helped"), failed ("every single round failed", "the placement fell through"), or worse each
time ("each time was harder than the last", "the therapy just made things worse"). The
missing_coping rule asks for it by name (`shapes:` in prompts/phrasing.yaml) through
`reflect.shapes.SHAPES`; the rule's context keeps only the writer's own story, and a story that
goes on to what did help ("none of the first three suited me but the fourth did") has its way
forward."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import REPORTING_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# What a way through does when it works: helps, works, touches it, shifts it, makes a difference.
_HELP = frozenset({"help", "work", "touch", "shift", "fix", "ease", "lift", "stop", "make", "do", "improve", "budge",
                   "dent", "sort", "cure"})
# Said with "make" or "do", the difference it makes: "made a difference", "did any good".
_DIFFERENCE = frozenset({"difference", "dent", "dint", "good", "anything", "thing", "impact", "change"})
_ABLE = frozenset({"able", "seem", "manage", "appear", "try", "want"})
_NOTHING = frozenset({"nothing", "none", "nobody", "noone", "neither", "nowt"})
# Each try counted: "each time", "every round", "every attempt".
_EACH = frozenset({"each", "every"})
_WORSE = frozenset({"worse", "harder", "longer", "deeper", "darker", "bleaker", "lower"})
_PEOPLE = frozenset({"you", "u", "he", "she", "they", "we"})


def _denied_subject(subject: Token) -> bool:
    """"nothing", "none of it", "no one", "not one of them", "no amount of therapy", "no tablet"."""
    if subject.lower_ in _NOTHING:
        return True
    if subject.lower_ == "one" and any(c.lower_ in ("not", "no") for c in subject.children):
        return True
    doc = subject.doc
    if subject.lower_ == "one" and subject.i > 0 and doc[subject.i - 1].lower_ in ("not", "no"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _denial_of(verb: Token) -> Token | None:
    """The "nothing", "none of it" or "not one of them" that a helping verb is said of: its
    subject, or one a few words before it that it hangs on or that hangs on it ("nothing anyone
    did made a difference", "nothing the physio did shifted it", which parsers often read as
    "nothing [that] anyone made")."""
    subject = _subject(verb)
    if subject is not None and _denied_subject(subject):
        return subject
    if verb.dep_ == "xcomp":
        # "nobody has ever been able to help", "nothing seemed to work": said of the verb above.
        for above in list(verb.ancestors)[:3]:
            subject = _subject(above)
            if subject is not None:
                return subject if _denied_subject(subject) else None
    doc = verb.doc
    for i in range(verb.i - 1, max(verb.sent.start, verb.i - 7) - 1, -1):
        if doc[i].is_punct:
            return None
        if _denied_subject(doc[i]) and (verb in doc[i].subtree or doc[i] in verb.subtree):
            return doc[i]
    return None


def _told_as_done(verb: Token) -> bool:
    """The verb tells what was or is done: finite ("helped", "has worked", "did make"), or
    what something was able or seemed to do; not a need ("nothing to get worked up about",
    "no need to make a thing of it")."""
    helpers = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if helpers & {"to", "get", "got"}:
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ABLE
    return verb.tag_ in ("VBD", "VBZ", "VBP") or bool(helpers) or verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ABLE


def _nothing_worked(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma not in _HELP or verb.pos_ not in ("VERB", "AUX") or not _told_as_done(verb) or _denial_of(verb) is None:
        return False
    if lemma in ("make", "do"):
        return any(t.lower_ in _DIFFERENCE for t in verb.subtree if t.i > verb.i)
    return True


def _failed(verb: Token) -> bool:
    """"every single round failed", "the treatment failed", "it fell through" (not a person failing
    someone: "she failed her exam" is no way through)."""
    if verb.lemma_.lower() not in ("fail", "flop", "collapse") or verb.pos_ != "VERB":
        return False
    subject = _subject(verb)
    return subject is not None and subject.lower_ not in _PEOPLE and not any(c.dep_ == "dobj" for c in verb.children)


def _worse_each_time(token: Token) -> bool:
    """"each time was harder than the last", "every relapse got longer", "it just made things
    worse": a way through that took them further down."""
    if token.lower_ not in _WORSE:
        return False
    verb = token.head
    subject = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subject is not None and any(c.lower_ in _EACH for c in subject.children):
        return True
    # "made things worse", "made it all worse", with a way through (not a person) doing it.
    if verb.lemma_.lower() == "make" and subject is not None and subject.lower_ not in _PEOPLE | {"i"}:
        return any(c.dep_ in ("ccomp", "oprd", "xcomp") and c.i <= token.i for c in verb.children) or token.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod", "amod")
    return False


def _made_worse(verb: Token) -> bool:
    return any(_worse_each_time(t) for t in verb.subtree if t.lower_ in _WORSE and t.head.i == verb.i)


def tried_and_failed(token: Token) -> bool:
    """The word (a cue of coping: "therapy", "the group", "helped") is part of a way through
    that did nothing, failed or made it worse ("the therapy just made things worse", "no amount
    of talking helped"), or is a thing tried that the sentence goes on to deny ("i saw three
    counsellors and not one of them made any difference", "i went to the support group but no
    amount of talking eased it")."""
    for verb in [token, *list(token.ancestors)[:3]]:
        if _nothing_worked(verb) or _failed(verb) or _made_worse(verb):
            return True
    if token.pos_ not in ("NOUN", "PROPN"):
        return False  # "it helped, though none of the tablets worked": a way of its own
    return any(_nothing_worked(verb) and _denial_of(verb).i > token.i for verb in token.sent if verb.i > token.i)


def _theirs(verb: Token) -> bool:
    """Said in someone else's words: "she told me ...", "he said ..."."""
    for above in list(verb.ancestors)[:4]:
        if above.lemma_.lower() in REPORTING_LEMMAS | {"think", "feel", "reckon"}:
            subject = _subject(above)
            return subject is not None and subject.lower_ in _PEOPLE - {"you", "u", "we"}
    return False


def ways_through_failed(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a way through tried is said to have done nothing, failed or made it worse
    (see the module's docstring)."""
    spans = []
    for token in doc:
        if _theirs(token):
            continue  # "she told me not one of them had helped her": her story
        if _nothing_worked(token) or _failed(token):
            subject = _denial_of(token) or _subject(token)
            start = min(subject.left_edge.i, token.i) if subject is not None else token.i
            spans.append((doc[start].idx, token.right_edge.idx + len(token.right_edge)))
        elif _worse_each_time(token):
            head = token.head
            spans.append((head.left_edge.idx, token.idx + len(token)))
    return spans


SHAPES = {"ways_through_failed": ways_through_failed}
