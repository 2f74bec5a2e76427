"""How the phrasing guide reads wording that is talked about rather than said, a way laid beside
others', and a sentence that is wholly the person's own words.

Mentioned (the `mentioned` context in `reflect.set_aside`): the rule's wording is the thing the
writer talks about, not what they said to the person: the subject of another verb or the
object of a preposition in quotation marks ("we talked about why 'I know how you feel' can
shut things down"), or what a gerund of saying names ("saying you should do what i did can
leave people feeling they failed", "i try to avoid saying i know how you feel", "instead of
telling him what worked for me"). Supervisors, team leads and trainers write this way about the
guidance itself.

Beside others' (the `options` context): the writer's way is laid beside what other people
found ("I did X but I know other people who found Y or Z more helpful", "walking helped me,
others prefer swimming"), or leaves the choice with them ("i can tell you what i did but you
might want something different", "it's up to you"): one option among many, the form of words
the guidance recommends.

Their words (`their_words`, for the second reader's sentence): the whole sentence is what the
person said, under a verb of saying whose subject is someone else, with no clause of the
writer's joined on ("she told me 'the thing is to keep busy, that's what I always do'")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, clause_subject, root_of, run_on
from reflect.language_shapes import voiced_by_other

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_QUOTES = "'\"‘’“”`"
_SAYING = frozenset({"say", "tell", "use", "write", "reply", "answer", "respond"})
# Verbs by which the writer keeps from saying it: "i try to avoid saying ...", "stop saying ...".
_NOT_SAYING = frozenset({"avoid", "stop", "quit", "resist", "discuss", "consider"})
# Nouns that name wording: "the phrase 'i know how you feel'", "words like ...".
_WORDING = frozenset({"phrase", "phrases", "words", "line", "lines", "expression", "saying", "sentence", "things"})
_OTHERS = frozenset({"other", "others", "else", "some", "different"})
_PEOPLE = frozenset({"people", "ppl", "others", "someone", "somebody", "folk", "folks", "person", "one", "lot", "lots", "clients"})
_FINDING = frozenset({"find", "prefer", "like", "use", "swear", "choose", "rather", "go", "get", "try", "do", "love", "enjoy"})


def _quoted(doc: Doc, start: int, end: int) -> bool:
    """A quotation mark opens just before the words (or one word before) and closes after them."""
    before = doc.text[max(0, start - 12) : start].split()
    return bool(before) and any(q in before[-1] for q in _QUOTES) and any(q in doc.text[end : end + 40] for q in _QUOTES)


def _named_by_saying(token: Token) -> bool:
    """A gerund of saying used as a thing ("saying X can ...", "avoid saying X", "instead of
    telling him X"), not the writer saying it ("i keep saying ...", "i was saying ...")."""
    named = token.dep_ in ("csubj", "nsubj", "pobj", "pcomp", "dobj") or token.dep_ == "xcomp" and token.head.lemma_ in _NOT_SAYING
    return token.lemma_ in _SAYING and token.tag_ == "VBG" and named and not any(c.dep_ in ("aux", "nsubj") for c in token.children)


def mentioned(doc: Doc, start: int, end: int) -> bool:
    """The words at these offsets are talked about, not said to the person."""
    root = root_of(doc, start, end)
    if root is None:
        return False
    quoted = _quoted(doc, start, end)
    lead = doc.text[max(0, start - 30) : start].rstrip().rstrip(_QUOTES).lower().split()
    if quoted and lead and lead[-1].strip(",:") in _WORDING | {"like"}:
        return True  # "the phrase 'i know how you feel'", "things like 'i've been there'"
    current = root
    for _ in range(5):
        if _named_by_saying(current):
            return True
        if quoted and (current.dep_ in ("csubj", "csubjpass") or current.dep_ in ("pcomp", "pobj") and current.head.lower_ in ("about", "like", "of")):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _others_found(token: Token) -> bool:
    if token.lemma_ not in _FINDING and token.lower_ not in ("prefer", "rather"):
        return False
    subject = clause_subject(token)
    if subject is None:
        return False
    if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
        subject = subject.head.head
    words = {subject.lower_} | {c.lower_ for c in subject.children}
    return bool(words & _PEOPLE) and bool(words & _OTHERS or token.lower_ in ("prefer", "rather") or any(c.lower_ == "rather" for c in token.children))


def _choice_left(token: Token) -> bool:
    """ "it's up to you", "you might want something different", "she may prefer something else":
    the choice left with the person."""
    if token.lower_ == "up" and token.i + 2 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
        return token.doc[token.i + 2].lower_ in ("you", "u", "her", "him", "them")
    if token.lemma_ not in ("want", "prefer", "find", "like", "choose", "pick") or not any(c.lemma_ in ("might", "may", "could") for c in token.children):
        return False
    subject = clause_subject(token)
    return subject is not None and subject.lower_ in ("you", "u", "he", "she", "they") and any(t.lower_ in _OTHERS for t in token.subtree)


def beside_others(doc: Doc, start: int, end: int) -> bool:
    """The sentence lays the writer's way beside what other people found or prefer, or leaves
    the choice with the person."""
    root = root_of(doc, start, end)
    return root is not None and any(_others_found(t) or _choice_left(t) for t in run_on(root.sent))


def their_words(doc: Doc, start: int, end: int) -> bool:
    """The whole sentence is what someone else said: its root a verb of saying whose subject is
    another person, what they said under it, and no clause of the writer's joined on."""
    root = root_of(doc, start, end)
    if root is None:
        return False
    # The verb of saying is the root, or joined to it with the same subject ("she went quiet
    # and said ...": what she did, then what she said).
    theirs = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(g.dep_.startswith("nsubj") for g in c.children)]
    said = [c for verb in theirs for c in verb.children if c.dep_ == "ccomp"]
    if len(said) != 1 or not voiced_by_other(said[0]):
        return False
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None and len(theirs) > 1 or subject is not None and (subject.lower_ in FIRST_PERSON or any(c.dep_ == "aux" and c.i < subject.i for c in root.children)):
        return False  # a tag put to them ("..., doesn't he think"), not what they said
    # Nothing of the writer's outside what was said: no verb of its own, no "I" or "my" but the
    # one told ("she told me ...").
    inside = {t.i for t in said[0].subtree} | {v.i for v in theirs}
    outside = [t for t in run_on(root.sent) if t.i not in inside and not t.is_punct]
    return not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "neg") or t.lower_ in FIRST_PERSON and t.dep_ not in ("dobj", "dative") for t in outside)


_TELLING = frozenset({"tell", "share", "mention", "say", "disclose", "open", "bring", "talk"})


def my_telling_held_back(doc: Doc, start: int, end: int) -> bool:
    """The whole sentence is the writer weighing their own telling and holding it back ("I
    haven't told her about my own past yet and I might not", "i won't mention my divorce"):
    each verb is one of telling, the writer's, and not done. It asks no one to keep a secret
    and tells nothing raw: what it is about stays untold."""
    root = root_of(doc, start, end)
    if root is None:
        return False
    verbs = [t for t in run_on(root.sent) if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "neg")]
    # A modal left on its own stands for the telling ("... and I might not").
    told = [v for v in verbs if not (v.pos_ == "AUX" and v.lower_ in _MAYBE | {"will", "wo", "would", "should"})]
    if not told or any(v.lemma_.lower() not in _TELLING for v in told):
        return False
    return all(_mine(v) and (v not in told or _held_back(v)) for v in verbs)


_MAYBE = frozenset({"might", "may", "could"})


def _mine(verb: Token) -> bool:
    subject = clause_subject(verb)
    return subject is not None and subject.lower_ in FIRST_PERSON


def _held_back(verb: Token) -> bool:
    """Not done: negated ("haven't told"), or only maybe ("might", "may", "not sure")."""
    return any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _MAYBE for c in verb.children)
