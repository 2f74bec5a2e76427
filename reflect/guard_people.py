"""Where a note puts a person so plainly that even a word can be a name there, on the parse:
- the one who said, asked or rang, at the start of a note ("bill said he'd never told anyone",
  "nilufar said she didn't want ..."), however the pipeline reads the word;
- the one told, rung, asked or met ("told hope i'd had a rough year", "rang sandy to check in",
  "met with frank today"), the one something was said or explained to ("i said to grace ..."),
  and the one beside the writer or another person ("me and kamala talked", "him and dev");
- a name after a role of theirs ("her sw dawn", "the new psychologist emeka", "my supervisor
  kirsty"), and someone's home by their name ("dropped the forms round to thistlethwaite's").
A first name that is also a word (`WORD_NAMES`: "hope", "frank", "sandy") and initials typed in
lower case ("told ab", "met with jp") are names only in these places, so "i hope you know",
"a frank chat", "summer's always worse" and "rang the gp" stay clean. Works on the guard's
lighter reading (tags and dependencies, no lemmas)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reflect.guard_words import IRREGULAR, JOBS, KIN, POSSESSIVES, SHORT_NAMES, base_form

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs whose subject is someone who spoke or got in touch: "bill said", "grace asked".
_SPOKE = frozenset({"say", "tell", "ask", "ring", "phone", "text", "call", "cry", "agree", "promise", "explain", "admit", "mention", "reply", "want", "email", "message"})
# Their forms after a name at the start of a note, read on the words alone ("nilufar said"), as
# the small pipeline reads an unknown word there as anything from an adverb to an organisation.
_SPOKE_FORMS = frozenset(
    {"said", "says", "asked", "asks", "rang", "rings", "told", "tells", "texted", "texts", "phoned", "phones", "called", "cried",
     "agreed", "promised", "explained", "admitted", "mentioned", "replied", "wants", "wanted", "emailed", "messaged"}
)
# Verbs whose object is someone contacted: "told hope", "rang sandy", "asked frank".
_CONTACTED = frozenset({"tell", "ring", "phone", "text", "call", "visit", "message", "email", "ask", "chase", "remind", "meet"})
# Verbs after which "to X" is the one spoken to: "said to grace", "explained to xiaoling".
_SAID_TO = frozenset({"say", "explain", "mention", "admit", "confide", "reply", "talk", "speak", "chat", "write", "open", "lie", "spoke"})
# What "with X" is after when X is a person met: "met with frank", "a session with hope".
_MET_WITH = frozenset({"meet", "catch", "chat", "talk", "speak", "word", "sit", "session", "appt", "appointment", "call", "visit", "coffee", "cuppa", "check"})
# What "for X" is after when X is someone a message was left for: "left a vm for banks".
_LEFT_FOR = frozenset({"vm", "voicemail", "message", "msg", "note", "card", "text"})
# Where someone on "X was on duty" is a member of staff: "price was on duty", "cook's on nights".
# ... "turner won't be in today", "mills is off tomorrow".
_ON_WORK = frozenset({"duty", "shift", "nights", "days", "lates", "earlies", "leave", "call", "rota"})
_AT_WORK = {"on": _ON_WORK, "in": frozenset({"today", "tomorrow", "tonight", "work"}), "off": frozenset({"today", "tomorrow", "sick", "work"})}
_PRONOUNS = frozenset({"me", "i", "him", "her", "he", "she", "us", "we", "them", "they"})
_DETERMINERS = frozenset({"a", "an", "the", "my", "your", "his", "her", "their", "our", "this", "that", "some", "any", "every", "no"})
# Roles a name follows: "her sw dawn", "his care coordinator sunita", "the new psychologist emeka".
ROLES = JOBS | KIN | frozenset(
    {"sw", "cpn", "ot", "gp", "cc", "psychologist", "psychiatrist", "counsellor", "keyworker", "coordinator", "co-ordinator", "worker",
     "advocate", "mentor", "physio", "therapist", "key", "named", "link", "lead", "buddy", "tutor", "coach", "sponsor"}
)
# Where a name's possessive is someone's home: "round to thistlethwaite's", "over at X's place".
_HOME = frozenset({"house", "flat", "place", "home", "bungalow", "caravan"})
# Two letters that are services, people's roles and words, not initials: "rang the gp", "told
# hr", "met em", "pt says" (the patient), "su wants" (the service user).
NOT_INITIALS = frozenset(
    {"gp", "ot", "sw", "hv", "pa", "ta", "hr", "aa", "na", "ae", "mp", "pc", "dr", "ms", "mh", "uc", "cc", "rn", "sn", "tv", "ok",
     "id", "em", "ur", "ya", "im", "uk", "eu", "us", "nb", "ps", "pm", "am", "cv", "ah", "oh", "eh", "er", "um", "hi", "yo",
     "ad", "ex", "ma", "da", "ye", "re", "pt", "su", "yp", "ss", "dv", "la", "hb", "ig", "fb", "wa", "sc", "ft", "wb", "mr", "st", "rd", "th", "nd", "vs", "bp", "ie", "eg", "ct", "iv", "pe", "it", "is"}
)


# Words of endearment used to address someone (Scots, northern, Midlands): never a name there.
ENDEARMENTS = frozenset({"hen", "pet", "duck", "duckie", "petal", "flower", "chuck", "hinny", "doll", "love", "luv", "son", "sweetheart", "darlin", "darling", "hun", "hon", "chick", "lovey", "bab"})
_CALLS = frozenset(
    {"ah", "aw", "awh", "oh", "och", "aye", "yes", "no", "naw", "right", "ok", "okay", "thanks", "thank", "ta", "cheers", "hiya", "hi", "hello",
     "alright", "morning", "night", "bye", "there", "come", "now", "sorry", "yeah", "yep", "nah", "you", "ye", "u", "my"}
)
_YOUNG = frozenset({"baby", "babies", "bairn", "bairns", "kids", "kid", "children", "child", "boys", "girls", "twins", "boy", "girl", "toddler", "newborn", "little'un", "one", "ones"})
_UNITS = frozenset({"ward", "bay", "bed", "room", "flat", "unit", "wing", "floor", "corridor", "block", "landing"})
_A_UNIT_NUMBER = re.compile(r"\d{1,3}[a-z]?|[a-z]\d{1,3}")
_IRREGULAR = {"sat": "sit", "sitting": "sit", "caught": "catch", "wrote": "write", "written": "write", "lied": "lie", "met": "meet", "spoke": "speak", "told": "tell"}


def _base(token: Token) -> str:
    word = token.lower_
    if word in _IRREGULAR or word in IRREGULAR:
        return _IRREGULAR.get(word) or IRREGULAR[word]
    known = _SPOKE | _CONTACTED | _SAID_TO | _MET_WITH
    for ending in ("ing", "ed", "es", "s", "d", ""):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: len(word) - len(ending)] if ending else word
            doubled = stem[:-1] if ending and len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem
            for base in (stem, stem + "e", doubled):
                if base in known:
                    return base
    return token.lemma_ or word


def plainly_a_person(token: Token) -> bool:
    """The word stands where only a person can in a note, with no "the", "a" or "my" before it:
    the one who said or asked, the one told, rung, met or spoken to, or the one beside "me"."""
    if not token.is_alpha or any(c.dep_ in ("det", "poss") for c in token.children):
        return False
    doc, i = token.doc, token.i
    if i > 0 and doc[i - 1].lower_ in _DETERMINERS:
        return False
    start = i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("and", "then", "so", "but", "said", "says", "that")
    k = i + 2 if i + 2 < len(doc) and doc[i + 1].tag_ == "RB" else i + 1  # "nilufar really said"
    if start and k < len(doc) and doc[k].lower_ in _SPOKE_FORMS:
        return True
    if i > 0 and doc[i - 1].lower_ in ("told", "rang", "phoned", "texted", "asked", "chased", "met", "visited", "emailed", "messaged", "reminded") and (
        i - 1 == token.sent.start or doc[i - 2].is_punct or doc[i - 2].lower_ in ("i", "we", "and", "then", "so", "also", "just", "said", "that")
    ):
        return True  # "rang sandy to check in": a note the pipeline misreads
    k = i + 3
    while k < len(doc) and doc[k].tag_ in ("JJ", "JJR", "JJS"):
        k += 1  # "her new baby", "his little brother"
    if k < len(doc) and doc[i + 1].lower_ in ("and", "n", "&") and doc[i + 2].lower_ in POSSESSIVES and (doc[k].lower_ in KIN or doc[k].lower_ in _YOUNG):
        return True  # "summer and her mum", "saw dawn and her new baby"
    if start and _placed_in_a_service(doc, i):
        return True  # "april from 4b told me", "frank on the ward keeps asking"
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.tag_.startswith("VB"):
        return _base(head) in _SPOKE
    if token.dep_ in ("dobj", "dative") and head.tag_.startswith("VB"):
        return _base(head) in _CONTACTED
    if token.dep_ == "pobj" and head.lower_ == "with" and head.head.i != head.i:
        return _base(head.head) in _MET_WITH
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head.i != head.i:
        return _base(head.head) in _SAID_TO
    if token.dep_ == "conj" and head.lower_ in _PRONOUNS:
        return True  # "me and kamala talked", "him and bogdan"
    return False


def _placed_in_a_service(doc: Doc, i: int) -> bool:
    """The word is followed by where in a service someone is ("from 4b", "on the ward", "in bed
    3") and then by what they did, a verb other than "be": "rose in bed 3 asked for me", not
    "summer on the ward is hot"."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("from", "on", "in", "at"):
        return False
    j = i + 3 if doc[i + 2].lower_ in ("the", "bay", "bed", "room", "flat", "unit") and i + 3 < len(doc) else i + 2
    where = doc[j].lower_ in _UNITS or _A_UNIT_NUMBER.fullmatch(doc[j].lower_) is not None
    verbs = [t for t in doc[j + 1 : doc[i].sent.end] if t.tag_.startswith("VB")]
    return where and bool(verbs) and verbs[0].lower_ not in ("is", "was", "'s", "s", "are", "were", "been", "being")


def a_term_of_address(token: Token) -> bool:
    """A word of endearment said to someone, not a name: "ah hen i know", "aye son, no rush",
    "thanks pet", "you alright duck?" (after a greeting or an interjection, or set off by a
    comma at the edge of what is said)."""
    if token.lower_ not in ENDEARMENTS:
        return False
    doc, i = token.doc, token.i
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if before is not None and (before.lower_ in _CALLS or before.tag_ == "UH"):
        return True
    edge_before = before is None or before.is_punct
    edge_after = after is None or after.is_punct
    return (edge_before and after is not None and after.text == ",") or (before is not None and before.text == "," and edge_after)


def initials_in_lower_case(token: Token) -> bool:
    """Two letters typed for a person's initials where only a person can be: "told ab i'd been in
    hospital", "met with jp again" (not "rang the gp", "told hr")."""
    word = token.lower_
    return len(word) == 2 and token.is_alpha and word not in NOT_INITIALS and plainly_a_person(token)


def after_a_role(token: Token) -> bool:
    """A name after a role of theirs that has "her", "his", "the" or "my" before it: "her sw
    dawn", "his key worker sunita", "the new psychologist emeka" (a noun, not "the nurse will")."""
    doc, i = token.doc, token.i
    if i < 2 or doc[i - 1].lower_ not in ROLES or token.tag_.startswith("VB") or token.tag_ in ("MD", "IN", "DT", "CC", "PRP", "PRP$", "TO"):
        return False  # "the nurse will ring", "his sw said"
    if i + 1 < len(doc) and doc[i + 1].tag_ in ("NN", "NNS") and doc[i + 1].dep_ == "compound":
        return False  # "her sw team leader"
    return any(doc[k].lower_ in POSSESSIVES or doc[k].lower_ in ("the", "our") for k in range(max(0, i - 4), i - 1))


def someones_home(token: Token) -> bool:
    """A name whose possessive is someone's home: "dropped the forms round to thistlethwaite's",
    "she stays over at nowak's place" (not "went to sainsbury's")."""
    doc, i = token.doc, token.i
    if i + 1 >= len(doc) or doc[i + 1].tag_ != "POS":
        return False
    after = doc[i + 2].lower_ if i + 2 < len(doc) else ""
    if after in _HOME or after in KIN:
        return True
    return i >= 2 and doc[i - 1].lower_ in ("to", "at") and doc[i - 2].lower_ in ("round", "over", "back")


def a_short_word_before_a_noun(token: Token) -> bool:
    """A short name that is also an abbreviation, typed before the noun it qualifies: "reg plate",
    "dev day", "sal sacrifice" (not "mo and his sister", "the jo family")."""
    head = token.head
    return (
        token.lower_ in SHORT_NAMES
        and token.dep_ in ("amod", "compound", "nmod")
        and head.i == token.i + 1
        and head.tag_ in ("NN", "NNS")
        and head.lower_ not in KIN
        and head.lower_ not in ("family", "household", "lot", "crew", "gang", "clan")
    )


def a_job(word: Token) -> bool:
    """Where work is said: a job ("a porter at"), a verb of work ("works at") or a verb whose
    complement is a job ("she's a carer at", "his wife was the head at")."""
    return (
        word.lower_ in JOBS
        or base_form(word) in ("work", "volunteer", "clean", "teach")
        or any(c.dep_ == "attr" and (c.lower_ in JOBS or c.lower_ == "head") for c in word.children)
    )


def alone_a_person(token: Token) -> bool:
    """spaCy reads this word alone as a person ("me and kamala talked"), not as part of a longer
    span that takes in a word before it ("rang security", read as one name)."""
    doc, i = token.doc, token.i
    return token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and (i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I")


def a_surname_in_a_persons_place(token: Token) -> bool:
    """A surname that is also a word ("baker", "price", "jenkins"), standing alone where a note
    puts a person: told, rung or met ("rang baker about the flat"), saying ("cook said"), someone's
    home or family ("phoned hill's daughter"), a message left for them ("left a vm for banks"), an
    appointment with them ("my 2pm with jenkins"), or at work or not ("price was on duty", "turner won't be in today"); never a word
    qualifying the noun after it ("told young people", "rang day services")."""
    if token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
        return False
    if plainly_a_person(token) or someones_home(token):
        return True
    doc, i, head = token.doc, token.i, token.head
    if i > 0 and doc[i - 1].lower_ in _DETERMINERS:
        return False
    if token.dep_ == "pobj" and head.lower_ == "for" and (head.head.lower_ in _LEFT_FOR or any(c.dep_ == "dobj" and c.lower_ in _LEFT_FOR for c in head.head.children)):
        return True
    if token.dep_ == "pobj" and head.lower_ == "with" and (head.head.ent_type_ == "TIME" or re.fullmatch(r"\d{1,2}([:.]\d\d)?(am|pm)?", head.head.lower_)):
        return True
    if token.dep_ in ("nsubj", "nsubjpass") and (head.lemma_ == "be" or head.lower_ in ("is", "was", "'s", "s", "are", "were", "be", "been", "'ll")):
        return any(p.lower_ in _AT_WORK and p.i + 1 < len(doc) and doc[p.i + 1].lower_ in _AT_WORK[p.lower_] for p in head.children)
    return False
