"""How the phrasing guide reads a text before its rules look at it.

- Characters that hide a word from a reader but not from a person are folded first (`fold`):
  invisible format characters inside a word go ("Da\u200bve" reads as "Dave"), and letters
  and digits in compatibility forms read as their plain ones (full-width "０７７００", the bold
  or script letters that styled-text tools make), so the guard sees what a reader sees.
- Text-speak is spelt out ("i know how u feel" -> "I know how you feel", "im", "dont" ...), so
  the rules are written once, in plain English.
- A second, reduced text drops intensifying adverbs and the "own" of "my own" ("a really bad
  patch", "my own marriage"), so a word put in for emphasis doesn't hide a phrase. Pattern
  rules look at both texts.
- Each sentence is read for whose it is: the writer's own story (a first-person subject, "my
  husband and I", "my dad died last month"), a question to the person, or about someone else
  ("lots of people", "she"), or about things in general with no one else in it ("things at home
  are really bad at the moment" is the writer's own); a rule can ask for its hits to be only in the writer's own
  statements, and for a negated word not to count ("nothing helped", "I won't pretend I know":
  a negated verb the clause hangs on negates it too).
- Reported speech is read as said (`reflect.reported_speech`): the tense moves forward, and
  what was told to someone is read as said to them ("I told her she'd never ..." -> "you'll
  never ...").
- A story is told in the past (`is_past`, leaving out the tense of "I said").
- A coping word can tell of no coping (`tells_of_no_coping`: "stopped talking to anyone",
  "drinking to cope"), and a rule's second pattern is looked for in the sentence of its first
  (`holds_in_sentence`).
Offsets always map back to the text as given, so suggestions point at the writer's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Span, Token

# Whole words only, any case. Ambiguous shorthand ("ill", "id", "n", "2") is left alone.
TEXT_SPEAK = {
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "yr": "your", "r": "are", "i": "I",
    "im": "I'm", "ive": "I've", "dont": "don't", "cant": "can't", "didnt": "didn't",
    "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "couldnt": "couldn't", "shouldnt": "shouldn't",
    "wouldnt": "wouldn't", "havent": "haven't", "hasnt": "hasn't", "arent": "aren't", "werent": "weren't",
    "thats": "that's", "whats": "what's", "youre": "you're", "youve": "you've", "youll": "you'll", "youd": "you'd",
    "theyre": "they're", "theyve": "they've", "itll": "it'll", "theres": "there's", "lets": "let's",
    "tho": "though", "cos": "because", "coz": "because", "cuz": "because", "bc": "because", "b4": "before",
    "2day": "today", "2moro": "tomorrow", "2nite": "tonight", "ppl": "people", "pls": "please", "plz": "please",
    "tbh": "to be honest", "idk": "I don't know", "rn": "right now", "atm": "at the moment", "gr8": "great",
    "luv": "love", "wanna": "want to", "gonna": "going to", "gotta": "got to", "kinda": "kind of",
    "dunno": "don't know", "w/": "with", "thru": "through", "nite": "night", "bn": "been", "wud": "would",
    "shud": "should", "cud": "could", "sumthin": "something", "nuthin": "nothing", "evry1": "everyone",
    "every1": "everyone", "some1": "someone", "any1": "anyone", "no1": "no one", "u're": "you're",
    "u've": "you've", "u'll": "you'll", "u'd": "you'd", "ur're": "you're", "uve": "you've", "ull": "you'll",
    # Scottish and Northern English, as typed.
    "cannae": "can't", "canna": "can't", "dinnae": "don't", "didnae": "didn't", "wouldnae": "wouldn't",
    "couldnae": "couldn't", "isnae": "isn't", "wasnae": "wasn't", "wisnae": "wasn't", "hasnae": "hasn't",
    "havnae": "haven't", "willnae": "won't", "masel": "myself", "mesel": "myself", "yersel": "yourself",
    "hersel": "herself", "himsel": "himself", "ye're": "you're", "ye'll": "you'll", "ye've": "you've",
    "wi": "with", "wi'": "with", "tae": "to", "nowt": "nothing", "owt": "anything", "summat": "something",
}
_TEXT_SPEAK = re.compile(r"(?<![\w'@./-])(" + "|".join(re.escape(k) for k in sorted(TEXT_SPEAK, key=len, reverse=True)) + r")(?![\w'@-])", re.IGNORECASE)

_YOU_ARE_NEXT = re.compile(
    r" (?:not|so|very|really|going|gonna|a|an|the|right|wrong|welcome|fine|okay|ok|never|always|still|just|being|lucky|brave|strong|lovely|kind|"
    r"better|worse|alright|sound|safe|sure|joking|kidding|mad|too|only|no|probably|definitely|gonna|in|on|at|with|"
    r"doing|allowed|able|worth|amazing|brave|strong|safe|here|there|[a-z]{2,15}ing|[a-z]{2,15}ed)\b",
    re.IGNORECASE,
)

# Adverbs that only add emphasis; the reduced text leaves them out.
INTENSIFIERS = frozenset(
    {
        "really", "truly", "totally", "honestly", "genuinely", "literally", "actually", "completely", "absolutely",
        "properly", "seriously", "pretty", "quite", "very", "super", "so", "proper", "dead", "massively", "hugely",
        "incredibly", "extremely", "utterly", "fully", "deeply", "awfully", "terribly", "fairly", "rather", "basically",
        "definitely", "certainly", "surely", "clearly", "obviously", "simply", "exactly", "personally", "kinda",
    }
)
_OWN = re.compile(r"\b(?:my|your|his|her|their|our) (own )", re.IGNORECASE)
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
OTHER_PEOPLE = frozenset(
    {
        "he", "she", "they", "him", "her", "them", "someone", "somebody", "everyone", "everybody", "anyone", "anybody",
        "lots", "loads", "many", "most", "others", "plenty",
    }
)
PEOPLE_NOUNS = frozenset(
    {
        "mum", "mother", "dad", "father", "brother", "sister", "son", "daughter", "husband", "wife", "partner", "friend",
        "man", "woman", "lady", "lad", "girl", "boy", "guy", "bloke", "client", "patient", "person", "people", "colleague",
        "cousin", "aunt", "auntie", "uncle", "nan", "gran", "grandad", "grandma", "niece", "nephew", "boyfriend",
        "girlfriend", "flatmate", "neighbour", "child", "kid", "teenager", "resident", "carer", "user", "family",
        "supervisor", "manager", "nurse", "doctor", "worker",
    }
)
# A "my ..." subject of these verbs makes the sentence about the writer's own loss.
_LOSSES = frozenset({"die", "pass", "leave", "walk", "split", "divorce", "diagnose", "dump"})
# Where "my ..." is, that makes it the writer's coming loss ("my mum's in the hospice").
_DYING = frozenset({"hospice", "palliative", "terminal", "terminally", "dying"})
_NEGATING_SUBJECTS = frozenset({"nothing", "nobody", "none", "noone", "neither"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "nothing", "nobody", "none", "neither", "nor", "without", "hardly", "barely"})


@dataclass(frozen=True)
class Mapped:
    """A text derived from the original, with the original span of each of its characters."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> Mapped:
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `self.text[start:end]` came from."""
        if end <= start or not self.text:
            return (self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0),) * 2
        return self.starts[start], self.ends[end - 1]

    def replace(self, edits: list[tuple[int, int, str]]) -> Mapped:
        """A new text with each (start, end, new) edit of this one made (edits in order, apart)."""
        if not edits:
            return self
        parts, starts, ends, at = [], [], [], 0
        for start, end, new in edits:
            parts.append(self.text[at:start])
            starts.extend(self.starts[at:start])
            ends.extend(self.ends[at:start])
            parts.append(new)
            if new:
                origin_start = self.starts[start] if start < len(self.starts) else self.ends[-1]
                origin_end = self.ends[end - 1] if end > start else origin_start
                starts.extend([origin_start] * len(new))
                ends.extend([origin_end] * len(new))
            at = end
        parts.append(self.text[at:])
        starts.extend(self.starts[at:])
        ends.extend(self.ends[at:])
        return Mapped("".join(parts), tuple(starts), tuple(ends))


def fold(text: str) -> Mapped:
    """`text` as a reader sees it: invisible format characters (zero-width spaces and joiners,
    the soft hyphen, bidirectional controls, tag characters: Unicode's category Cf) removed,
    and every character whose compatibility form differs (full-width letters and digits,
    mathematical bold or script letters, ligatures, circled digits) read as that form
    (NFKC, one character at a time, so offsets map back). Nothing else changes."""
    edits = []
    for at, character in enumerate(text):
        if character.isascii():
            continue
        if unicodedata.category(character) == "Cf":
            edits.append((at, at + 1, ""))
            continue
        plain = unicodedata.normalize("NFKC", character)
        if plain != character and plain.isprintable() and plain.strip():
            edits.append((at, at + 1, plain))
    return Mapped.identity(text).replace(edits)


def spell_out(text: str | Mapped) -> Mapped:
    """`text` with text-speak spelt out; offsets map back to `text` (to the text a `Mapped`
    came from, when given one)."""
    read = text if isinstance(text, Mapped) else Mapped.identity(text)
    text = read.text
    edits = []
    for match in _TEXT_SPEAK.finditer(text):
        word = match.group(1)
        new = TEXT_SPEAK.get(word.lower())
        if new is None or word == new:
            continue  # None: a letter that only folds to one ("İ" matches "i" without case)
        after = text[match.end() : match.end() + 2]
        if len(word) == 1 and len(after) == 2 and after[0] == "." and after[1].isalpha():
            continue  # an initial, not text-speak: "u.s.", "u.k.", "R.K. from the flats"
        if word.lower() == "ur" and _YOU_ARE_NEXT.match(text, match.end()):
            new = "you're"  # "ur not", "ur overthinking it"
        edits.append((match.start(1), match.end(1), new))
    return read.replace(edits)


def reduce(read: Mapped, doc: Doc) -> Mapped:
    """`read` without intensifying adverbs or the "own" of "my own" (see the module docstring)."""
    edits = []
    for token in doc:
        if token.lower_ == "so" and (token.i + 1 >= len(doc) or doc[token.i + 1].pos_ not in ("ADJ", "ADV")):
            continue  # "so can you", "so I went": not emphasis
        if token.lower_ in INTENSIFIERS and token.pos_ in ("ADV", "ADJ") and token.dep_ in ("advmod", "amod") and token.whitespace_:
            edits.append((token.idx, token.idx + len(token) + 1, ""))
    for match in _OWN.finditer(read.text):
        edits.append((match.start(1), match.end(1), ""))
    return apply_edits(read, edits)


def apply_edits(read, edits: list[tuple[int, int, str]]):
    """The reading with each edit made, in order; an edit overlapping an earlier one is left out."""
    edits.sort()
    kept, last_end = [], -1
    for edit in edits:
        if edit[0] >= last_end:
            kept.append(edit)
            last_end = edit[1]
    return read.replace(kept)


# --- whose sentence is it ---------------------------------------------------------------


def is_question(sentence: Span) -> bool:
    """A question to the person: the sentence ends with a question mark."""
    text = sentence.text.rstrip()
    return text.endswith("?") or text.endswith("?\"")


def span_of(first: Token, last: Token) -> tuple[int, int]:
    """The character offsets from the start of the earlier of two words to the end of the later."""
    a, b = (first, last) if first.i <= last.i else (last, first)
    return (a.idx, b.idx + len(b))


def clause_subject(token: Token) -> Token | None:
    """The subject of the clause `token` is in (following heads up to a verb with a subject)."""
    current = token
    for _ in range(8):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                return child
        if current.head is current:
            return None
        current = current.head
    return None


def is_own(token: Token) -> bool:
    """The clause is the writer's own statement, not about someone else or the person: its
    subject is not "you", "he", "she", "they" or a person ("my brother", "a man I support").
    A subject of "I" or "my ..." always counts as the writer's own. What the writer told the
    person about things in general ("I reassured him that the first week is the worst") is
    no story of the writer's: a told clause with no "I", "me" or "my" in it."""
    subject = clause_subject(token)
    if subject is not None and (subject.lower_ in ("we", "us") or any(c.lower_ == "our" for c in subject.children)) and _we_mine(token, subject):
        return True  # "me and the kids got moved six times", "told her we were evicted"
    told = _told_clause(token)
    if told is not None and not any(t.lower_ in FIRST_PERSON for t in told.subtree):
        return False
    if subject is not None and subject.lower_ in FIRST_PERSON:
        return True
    if subject is not None and any(c.dep_ == "conj" and c.lower_ in FIRST_PERSON for c in subject.children):
        return True  # "my husband and I are splitting up"
    if subject is not None and any(c.lower_ == "my" for c in subject.children) and (
        subject.head.lemma_ in _LOSSES or subject.head.lemma_ in ("be", "'s") and any(t.lemma_.lower() in _DYING for t in subject.head.subtree)
    ):
        return True  # "my dad died last month", "my mum's in the hospice": the writer's own loss
    if not any(t.lower_ in FIRST_PERSON for t in token.sent):
        # No "I", "me" or "my": not the writer's story, unless it is about things in general
        # and no one else ("things at home are really hard at the moment").
        return subject is not None and subject.lower_ in _IMPERSONAL and not any(
            t.lower_ in OTHER_PEOPLE or t.lower_ in SECOND_PERSON or t.lemma_.lower() in PEOPLE_NOUNS or t.ent_type_ == "PERSON"
            for t in token.sent
        )
    if subject is None:
        return True
    if subject.lower_ == "we" and subject.head.lemma_ in _LOSSES | {"lose", "separate", "break"}:
        return True  # "we only split up last weekend": the writer's own loss, with a partner
    if subject.lower_ in SECOND_PERSON or subject.lower_ in OTHER_PEOPLE or subject.lower_ in ("who", "we", "us"):
        return False
    if subject.lemma_.lower() in PEOPLE_NOUNS or subject.ent_type_ == "PERSON":
        return False
    return True


_IMPERSONAL = frozenset({"things", "life", "everything", "home", "work"})
# What the writer and the person do together in a session: that "we" is no story of the writer's.
_TOGETHER = frozenset({"talk", "discuss", "agree", "meet", "speak", "chat", "look", "plan", "book", "go", "do", "make", "work", "fill", "sort", "write", "ring", "call", "arrange", "spend", "have", "finish", "start"})


def _we_mine(token: Token, subject: Token) -> bool:
    """The "we" of the clause is the writer and their own people, not the writer and the
    person in a session: the sentence says who ("me and my partner lost the house", "us as a
    family", "our family got torn apart", "me and the kids"), something was done to them ("we
    got sanctioned twice"), or the writer told the person of it ("told her we had nothing";
    not "we talked about his plan")."""
    sentence = token.sent
    named = any(
        t.lower_ in ("me", "i") and any(c.dep_ == "conj" for c in t.children) or t.dep_ == "conj" and t.lower_ in ("me", "i")
        or t.lower_ == "us" and any(c.lower_ in ("as", "lot", "two", "both", "all") for c in t.children)
        or t.lower_ == "our" and t.head.lemma_.lower() in ("family", "household", "lot")
        for t in sentence
    )
    if named:
        return True
    verb = subject.head
    done_to = subject.dep_ == "nsubjpass" or any(c.lemma_ == "get" and c.dep_ == "auxpass" for c in verb.children)
    if done_to:
        return True  # "we were made homeless", "we got sanctioned twice"
    if verb.lemma_.lower() in _TOGETHER - {"have"} or _planned(verb):
        return False
    told = next((a for a in verb.ancestors if a.lemma_ in REPORTING_LEMMAS and a.pos_ == "VERB"), None)
    told_by_me = told is not None and all(c.lower_ == "i" for c in told.children if c.dep_ == "nsubj")
    return told_by_me  # "told them when we first come here we have nothing"


def _planned(verb: Token) -> bool:
    """The clause proposes or plans ("we should just focus on keeping her well", "we'll try
    again next week", "we can ask the team"), not tells what happened to us ("we couldn't pay
    the rent")."""
    modals = [c for c in verb.children if c.tag_ == "MD"]
    return any(m.lower_ in _PLANNING or m.lower_ in ("can", "could", "ca") and not is_negated(verb) for m in modals)


_PLANNING = frozenset({"should", "shall", "will", "'ll", "ll", "might", "must", "ought", "may"})


def _told_clause(token: Token) -> Token | None:
    """The clause the word is in, when it is what the writer told someone ("I told him that
    ...", "I reassured her ..."): the verb of that clause, or None."""
    current = token
    for _ in range(8):
        head = current.head
        if head.i == current.i or current.dep_ in ("conj", "parataxis"):
            return None
        if current.dep_ == "ccomp" and head.lemma_ in REPORTING_LEMMAS | {"reassure"}:
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            addressed = any(c.dep_ in ("dobj", "dative") and c.lower_ in ("her", "him", "them", "you") for c in head.children)
            return current if subject is not None and subject.lower_ == "i" and addressed else None
        current = head
    return None


def is_past(sentence: Span) -> bool:
    """The sentence tells something that happened: a verb in the past tense or a past
    participle not in the present perfect ("my marriage ended", "I had lost everything", "I
    used to ..."; not "I've been struggling since Christmas")."""
    return any(
        (t.tag_ == "VBD" or (t.tag_ == "VBN" and not _present_perfect(t))) and not is_reported(t) for t in sentence
    )


def _present_perfect(token: Token) -> bool:
    """ "I've been struggling since Christmas": still going on, not a story told."""
    verb = token if token.dep_ not in ("aux", "auxpass") else token.head
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


REPORTING_LEMMAS = frozenset({"say", "tell", "explain", "mention", "admit", "suggest", "warn", "remind", "reassure", "ask"})


def is_reported(token: Token) -> bool:
    """The word is a reporting verb ("I said", "I told her"): its tense is the report's, not
    the story's."""
    return token.lemma_ in REPORTING_LEMMAS and any(c.dep_ in ("ccomp", "xcomp", "dobj", "dative") for c in token.children)


# "not once in months" is no turn.
_TURN = re.compile(r"\b(?:but|until|till|(?<!not )(?<!never )once)\b([^.!?;]{8,160})", re.IGNORECASE)
_NOT = re.compile(r"n't|\b(?:not|never|no|cannot)\b", re.IGNORECASE)


def turns(text: str, difficulties: tuple[re.Pattern[str], ...], hard: list[tuple[int, int]] | None = None) -> bool:
    """The story turns: after "but", "until" or "once" comes a part with no
    difficulty in it and nothing negated ("..., but my sister took me in"). `hard` are spans
    of `text` read as hard by shape ("..., but when I was in her shoes I just sank lower")."""
    for turn in _TURN.finditer(text):
        rest = turn.group(1)
        if any(turn.start(1) <= a < turn.end(1) for a, _ in hard or ()):
            continue
        if not _NOT.search(rest) and not any(p.search(rest) for p in difficulties):
            return True
    return False


def theirs(doc: Doc | None, start: int, end: int) -> bool:
    """The hard thing at these offsets is someone else's: owned by another person ("my
    sister's overdose", "my son's breakdown"), so no part of the writer's own story. A death
    or a loss ("my dad's death") is the writer's loss too."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for token in span:
        if token.lemma_.lower() in _THEIR_LOSS_IS_MINE:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lemma_.lower() in PEOPLE_NOUNS:
            return True
    return False


_THEIR_LOSS_IS_MINE = frozenset({"death", "loss", "passing", "funeral", "suicide", "dying"})


def is_negated(token: Token) -> bool:
    """The word is negated: its verb has a "not", its subject is "nothing" or "nobody", or a
    negating word stands just before it ("nothing helped", "didn't help", "never got better")."""
    verb = token if token.pos_ in ("VERB", "AUX", "ADJ") else token.head
    if _suggested(verb):
        return False  # "why don't you try ...": a suggestion, nothing denied
    if any(child.dep_ == "neg" for child in verb.children):
        return True
    subject = clause_subject(verb)
    if subject is not None and subject.lower_ in _NEGATING_SUBJECTS | {"no"}:
        return True
    if subject is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in subject.children):
        return True
    doc = token.doc
    if any(doc[i].lower_ in _NEGATORS for i in range(max(token.sent.start, token.i - 3), token.i)):
        return True
    # A negated verb that the word's clause hangs on: "I'm not going to pretend I know".
    governor = verb
    for _ in range(3):
        # "I wouldn't be able to go": through "able" to the verb that is negated.
        if governor.dep_ not in ("ccomp", "xcomp", "advcl", "parataxis", "acomp") or governor.head is governor:
            return False
        if governor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _GIVEN for c in governor.children):
            return False  # "since all lads bottle it up, he won't say much": a reason given is not denied
        governor = governor.head
        # Not a tag that follows the clause ("we're like friends now, aren't we?"), nor "I don't
        # mind", which says yes to it ("text me whenever, I don't mind").
        if governor.lemma_ == "mind":
            return False
        if any(child.dep_ == "neg" for child in governor.children) and not (governor.i > verb.i and governor.pos_ == "AUX"):
            return True
    return False


# A clause these open gives a reason or a time; the main clause's "not" does not deny it.
_GIVEN = frozenset({"since", "because", "as", "cos", "cause", "coz", "when", "once", "after", "whereas", "while"})


def _suggested(verb: Token) -> bool:
    """ "why don't you ...", "why didn't you ...", "wouldn't it be better ...", "shouldn't you
    be ...": a suggestion put as a question, its helper before its subject."""
    children = list(verb.children)
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("it", "you", "u", "he", "she", "they") and any(
        c.dep_ == "aux" and c.lemma_ in ("would", "should", "could") and c.i < subject.i for c in children
    ):
        return True
    return any(c.lower_ == "why" for c in children) and any(c.lower_ in ("do", "does", "did") and c.dep_ == "aux" for c in children) and any(
        c.dep_ == "nsubj" and c.lower_ in SECOND_PERSON | {"u", "ya", "he", "she", "they"} for c in children
    )


def sentence_of(doc: Doc, start: int, end: int) -> Span | None:
    """The sentence holding the character span, or None when the span is empty."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0].sent


def run_on(sentence: Span) -> Span:
    """The sentence with its neighbours where the parser split a run-on sentence with no stop
    between ("she was moaning about two weeks in hosp and | i said try nine months", "my back's
    been bad this week | so i've asked for a desk day, otherwise i'm grand")."""
    doc, start, end = sentence.doc, sentence.start, sentence.end
    while start > 0 and not (doc[start - 1].is_punct or doc[start - 1].is_space):
        start = doc[start - 1].sent.start
    while end < len(doc) and not (doc[end - 1].is_punct or doc[end - 1].is_space):
        end = doc[end].sent.end
    return doc[start:end]


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping spans so one phrase gets one suggestion per rule."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# A claim about everyone that is denied is no claim about everyone: "not everyone finds it
# hard", "hardly anybody gets that", "it isn't always like that".
_UNIVERSALS = frozenset({"everyone", "everybody", "anyone", "anybody", "all", "every", "always", "everything"})
_DENYING = frozenset({"not", "n't", "hardly", "barely", "rarely"})


def denies_universal(doc: Doc, start: int, end: int) -> bool:
    """The hit's universal word ("everyone", "all", "always") is denied by the word before it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.lower_ in _UNIVERSALS and t.i > 0 and doc[t.i - 1].lower_ in _DENYING for t in span)


def heads(token: Token, steps: int = 3) -> Iterator[Token]:
    """The words `token` hangs on, nearest first, up to `steps` of them."""
    for _ in range(steps):
        if token.head is token:
            return
        token = token.head
        yield token


def root_of(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# Verbs that undo a sign of coping hung on them: "stopped talking to anyone", "everyone who
# tried to help", "pretended to cope"; and ways of getting by that are harm of their own.
_UNDOING = frozenset({"stop", "quit", "try", "pretend", "fail", "refuse", "give"})
_HARMFUL = frozenset({"drink", "smoke", "use", "cut", "gamble", "binge", "self-harm", "starve"})


def tells_of_no_coping(token: Token) -> bool:
    """A coping word that tells of no coping: it hangs on "stop", "try" or "pretend", is a
    harmful way of getting by ("drinking to cope"), or starts harm ("started drinking")."""
    governor = token
    for _ in range(2):
        if governor.head is governor:
            break
        if governor.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "dobj") and governor.head.lemma_ in _UNDOING | _HARMFUL:
            return True
        governor = governor.head
    if token.lemma_ == "move" and (token.head.lemma_ == "get" or any(c.dep_ == "auxpass" for c in token.children)):
        return True  # "getting moved on" by the police: put out, not moving on
    return token.lemma_ in ("start", "begin") and any(c.lemma_ in _HARMFUL for c in token.children)


def holds_in_sentence(doc: Doc | None, text: str, reduced: Mapped, span: tuple[int, int], also: re.Pattern[str]) -> bool:
    """Whether the sentence of a hit (offsets into `text`, the text `doc` read) also holds
    `also`, as written or without its emphasis (`reduced`, whose offsets map into `text`)."""
    start, end = 0, len(text)
    if doc is not None:
        sentence = sentence_of(doc, *span)
        if sentence is not None:
            start, end = sentence.start_char, sentence.end_char
    if also.search(text, start, end):
        return True
    if reduced.text == text:
        return False
    inside = [i for i, (a, b) in enumerate(zip(reduced.starts, reduced.ends)) if start <= a and b <= end]
    return bool(inside) and also.search(reduced.text, inside[0], inside[-1] + 1) is not None
