"""Places and people the identifying-details guard reads from how a note is written, beside
`reflect/guard.py`: a pub, church, mosque, club or gym by its name, with no "pub" or "church"
said ("drinks in the wheatsheaf", "she's at st aidan's every sunday", "boxes at the phoenix
abc"); a street typed in lower case ("on church st", "at the end of cross lane"); a ward by the
tree or flower it is named after ("bay 3 on ash", "moved from rowan to maple"); a surname in a
handover list ("hughes settled, mcgrath still refusing"); and a date of birth said in many ways
("he is born in 1985, the 17 of october", "birth date 1990-05-14")."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from reflect.guard_words import NOT_NAME_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# The last word of a pub's name, and the words that come before it in one ("the red lion", "the
# kings arms", "the fox and hounds"): a pub is found where a note puts someone at it.
_PUB_HEADS = frozenset(
    {"arms", "inn", "tavern", "hart", "bull", "lion", "swan", "plough", "plow", "crown", "anchor", "wheatsheaf", "ship", "bell",
     "hounds", "horse", "horses", "stag", "cow", "oak", "eagle", "feathers", "globe", "mitre", "greyhound", "woolpack", "fleece",
     "unicorn", "griffin", "falcon", "pheasant", "boar", "ram", "lamb", "harrow", "chequers", "keys", "hare", "fox", "duck", "grapes",
     "vaults", "railway", "sun", "star", "dolphin", "angel", "victoria", "albion", "crane", "volunteer", "miners", "magpie", "cock", "head"}
)
_PUB_FIRST = frozenset(
    {"red", "white", "black", "golden", "green", "blue", "grey", "royal", "kings", "queens", "dukes", "nags", "saracens", "old",
     "jolly", "three", "two", "bay", "spread", "rising", "crossed", "cross", "fighting", "brown", "coach", "farmers", "masons",
     "bricklayers", "queen's", "king's", "duke's", "nag's", "marquis", "new", "blacksmiths", "travellers", "fox", "hare", "rose",
     "horse", "dog", "cat", "pig", "lamb", "bull", "shoulder", "wheatsheaf", "plough", "star", "half", "ye"}
)
# A head that is a pub only as the second word ("the kings head", not "the head").
_ONLY_SECOND = frozenset(
    {"head", "arms", "keys", "vaults", "railway", "victoria", "sun", "star", "volunteer", "miners", "angel", "oak", "horse", "horses",
     "fox", "lamb", "cock", "globe", "duck", "hare"}
)
# What a note says of a pub it puts someone in: drinking, a quiz, the bar, being a regular.
_PUB_CUES = frozenset(
    {"drink", "drinks", "drinking", "drank", "pint", "pints", "quiz", "regular", "regulars", "bar", "landlord", "landlady", "pub",
     "local", "karaoke", "darts", "pool", "barmaid", "barman", "lock-in", "bevvy", "bevvies", "boozer", "runs", "run", "ran", "nights",
     "friday", "fridays", "saturday", "saturdays", "weekend", "weekends", "sesh", "session", "fight", "lemonade"}
)
_TO_A_PLACE = frozenset({"at", "in", "to", "down", "outside", "near", "from", "behind", "into", "by", "round", "opposite", "run", "runs", "ran", "running"})
# Worship, and the places named for it: "st aidan's every sunday", "friday prayers at al-noor".
_WORSHIP = frozenset(
    {"sunday", "sundays", "mass", "church", "chapel", "prayers", "pray", "prays", "prayed", "praying", "service", "services", "vicar",
     "priest", "worship", "congregation", "mosque", "masjid", "temple", "gurdwara", "synagogue", "jummah", "communion", "imam", "rabbi"}
)
_SCHOOL_WORDS = frozenset({"school", "schools", "primary", "academy", "college", "class", "year", "yr", "teacher", "pupil", "uniform", "homework", "reception", "nursery"})
# Clubs and gyms by their name: "the phoenix abc", "iron works gym" (not "the local gym").
_CLUB_TAILS = frozenset({"abc", "fc", "afc", "rfc", "arlfc", "cc", "gym", "boxing", "fitness", "bjj", "dojo"})
_GENERIC = frozenset(
    {"local", "new", "old", "big", "small", "council", "leisure", "hospital", "work", "works's", "nearest", "same", "other", "cheap",
     "24", "24hr", "24-hour", "hotel", "uni", "university", "school", "college", "free", "outdoor", "open", "community", "nhs", "a",
     "an", "the", "my", "his", "her", "their", "our", "your", "this", "that", "every", "any", "some", "boxing", "football", "rugby",
     "cricket", "running", "walking", "swimming", "climbing", "golf", "one", "real", "proper", "decent", "village", "town", "staff"}
)
# Streets in lower case, after where someone is: "on church st", "at the end of cross lane".
_STREETS = frozenset(
    {"road", "rd", "street", "st", "lane", "ln", "avenue", "ave", "crescent", "cres", "parade", "terrace", "grove", "mews", "gardens",
     "gdns", "drive", "close"}
)
_ON_A_STREET = frozenset({"on", "off", "of", "along", "down", "up", "past", "near", "opposite", "top", "bottom"})
_NOT_A_STREET_NAME = frozenset(
    {"main", "busy", "quiet", "long", "back", "side", "ring", "slip", "country", "dirt", "toll", "memory", "bus", "cycle", "high",
     "wrong", "right", "same", "other", "whole", "open", "new", "old", "first", "last", "next", "very", "too", "so", "quite", "main",
     "private", "narrow", "dark", "local", "residential", "farm", "service", "access", "test", "easy", "short", "little", "big",
     "civvy", "civvie", "winding", "steep", "dead", "end", "brick", "garden"}
)
# Wards are often named after trees, flowers and birds: "bay 3 on ash", "moved to maple".
_WARD_NAMES = frozenset(
    {"ash", "willow", "rowan", "maple", "beech", "cedar", "larch", "elm", "oak", "birch", "hazel", "holly", "juniper", "acorn",
     "bluebell", "poppy", "primrose", "daisy", "lavender", "heather", "aspen", "alder", "sycamore", "chestnut", "laurel", "linden",
     "magnolia", "cherry", "hawthorn", "pine", "yew", "fern", "ivy", "jasmine", "lilac", "orchid", "snowdrop", "sunflower", "tulip",
     "kingfisher", "heron", "swift", "robin", "wren", "lark", "avocet", "osprey", "mulberry", "redwood", "cypress", "hollybush",
     "foxglove", "buttercup", "clover", "thistle", "bramble", "meadow", "harbour", "lighthouse"}
)
_HOSPITAL = frozenset(
    {"bay", "bed", "beds", "side", "unit", "pcu", "picu", "ward", "wards", "admitted", "admission", "transferred", "transfer", "moved",
     "discharged", "discharge", "sectioned", "section", "staff", "nurses", "nurse", "hospital", "obs", "inpatient", "consultant",
     "hca", "hcas", "visited", "visiting", "visit", "seclusion", "1:1", "escorted"}
)
_INTO_A_WARD = frozenset({"on", "onto", "to", "from", "off"})
_SAID_TO = frozenset({"explain", "say", "tell", "talk", "speak", "write", "give", "send", "mention", "listen", "chat", "read", "introduce", "text", "reply", "hand", "pass", "show", "wave", "lie", "admit", "open", "get", "hear"})
_STATUS = frozenset(
    {"ok", "okay", "settled", "stable", "improving", "better", "worse", "stuck", "brighter", "quiet", "unsettled", "escalate", "dna",
     "dna'd", "dnad", "d/c", "discharged", "seen", "fine", "good", "low", "agitated", "calm", "well", "poorly", "refusing", "declined"}
)
_HANDOVER_HEADS = frozenset(
    {"plan", "update", "note", "notes", "summary", "action", "actions", "outcome", "mood", "risk", "sleep", "meds", "review", "goal",
     "goals", "family", "work", "housing", "today", "tomorrow", "also", "then", "next", "later", "again", "re", "ps", "nb", "fyi", "tbc"}
)


# A shop, café or takeaway named by its owner ("janet's caff", "kofi's takeaway").
SHOPS = frozenset(
    {"caff", "cafe", "café", "caf", "takeaway", "takeout", "chippy", "chipper", "kebab", "kebabs", "barbers", "barber", "salon", "nails",
     "bakery", "deli", "diner", "grill", "pizza", "pizzeria", "restaurant", "bistro", "garage", "store", "shop", "stores", "offy", "offie",
     "newsagents", "launderette", "laundrette", "tattoo", "tattoos", "cafe's", "bar", "kitchen", "dhaba", "canteen", "butchers", "florist"}
)
_CHAINS = frozenset({"mcdonald", "sainsbury", "nando", "domino", "wetherspoon", "morrison", "papa", "frankie", "bella", "wimpy", "boot", "dunelm", "matalan", "currys"})
# Where an owner's shop is said to be: "mario's on the high street", "ali's by the station".
_LOCATED = frozenset({"on", "in", "near", "by", "opposite", "next", "behind", "round", "off", "outside"})
_LANDMARK_WORDS = _STREETS | frozenset({"corner", "precinct", "station", "parade", "square", "market", "estate", "roundabout", "high", "green", "front", "promenade", "prom", "seafront", "bus"})
# Caravan sites, holiday parks and allotments by name, said where someone has a plot or a van.
_SITE_TAILS = frozenset({"park", "site", "allotments", "allotment", "village", "campsite", "gardens"})
_SITE_WORDS = frozenset({"holiday", "caravan", "country", "leisure", "mobile", "home", "homes", "residential", "static", "park", "camping"})
_SITE_CUES = frozenset({"plot", "pitch", "van", "caravan", "static", "chalet", "allotment", "allotments", "lodge", "plots", "pitches"})
# What is said after names in a handover that is said only of people: "both settled", "all fine".
_SAID_OF_THEM = frozenset({"both", "all", "-", "–", ":", "r", "are", "were", "have", "just", "now", "still", "seem", "seemed", "ok'd"})


class _Names(Protocol):
    last: frozenset[str]
    words: frozenset[str]


class _Reader(Protocol):
    names: _Names

    def everyday(self, word: str) -> bool: ...

    def _a_name(self, word: str) -> bool: ...


def _pub(doc: Doc, i: int) -> tuple[int, int] | None:
    """The pub whose name starts at token `i` (after "the"): its token span, or None."""
    first = doc[i].lower_
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if nxt in ("and", "&") and i + 2 < len(doc) and first in _PUB_FIRST | _PUB_HEADS and doc[i + 2].lower_ in _PUB_HEADS | _PUB_FIRST:
        end = i + 3  # "the fox and hounds", "the rose and crown"
    elif first in _PUB_FIRST and nxt in _PUB_HEADS:
        end = i + 2  # "the red lion", "the kings arms"
    elif first in _PUB_HEADS and first not in _ONLY_SECOND:
        end = i + 1  # "the wheatsheaf", "the plough"
    else:
        return None
    if end < len(doc) and doc[end].tag_ in ("NN", "NNS", "NNP") and doc[end].dep_ in ("compound", "nmod", "amod", "pobj", "dobj") and doc[end].lower_ not in _PUB_CUES:
        return None  # "the lion king", "the crown court"
    return (i, end)


def named_venues(doc: Doc, reader: _Reader) -> list[tuple[int, int]]:
    """Pubs, places of worship, clubs, gyms and streets that put someone somewhere: character
    spans, found by the way a note speaks of them (see the module's docstring)."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        for t in sent:
            i = t.i
            if t.lower_ == "the" and i > sent.start and doc[i - 1].lower_ in _TO_A_PLACE and i + 1 < sent.end:
                pub = _pub(doc, i + 1)
                single = pub is not None and pub[1] - pub[0] == 1
                if pub and (not single or words & _PUB_CUES - {doc[pub[0]].lower_}):
                    spans.append(pub)
                    continue
            if t.lower_ == "our" and (i + 1 >= sent.end or doc[i + 1].lower_ not in ("lady", "lady's", "ladys")):
                continue
            if worship_sentence(sent) and t.lower_ in ("st", "st.", "saint", "our", "al", "al-", "masjid", "jamia") and i > sent.start and doc[i - 1].lower_ in _TO_A_PLACE | {"goes", "go", "went", "attends"}:
                end = i + 1
                while end < sent.end and end - i < 5 and (doc[end].is_alpha or doc[end].text in ("-", "'s", "’s")) and doc[end].lower_ not in _WORSHIP and not doc[end].like_num and doc[end].lower_ not in ("for", "every", "on", "with", "and", "most", "each"):
                    end += 1
                if end - i >= 2:
                    spans.append((i, end))
                    continue
            if t.lower_ in _CLUB_TAILS and i > sent.start:
                k = i - 1
                while k > sent.start and doc[k - 1].is_alpha and doc[k - 1].lower_ not in _GENERIC and doc[k - 1].lower_ not in _TO_A_PLACE and not doc[k - 1].is_stop:
                    k -= 1
                name = [w for w in doc[k:i] if w.is_alpha]
                before = doc[k - 1].lower_ if k > sent.start else ""
                if name and all(w.lower_ not in _GENERIC and not w.is_stop for w in name) and before in _TO_A_PLACE | {"the"} and not any(w.tag_.startswith("VB") for w in name):
                    spans.append((k, i + 1))
                    continue
            if t.tag_ == "POS" and i > sent.start and i + 1 < sent.end:
                shop = _owners_shop(doc, i, reader)
                if shop:
                    spans.append(shop)
                    continue
            if t.lower_ in _SITE_TAILS and i > sent.start and words & _SITE_CUES:
                span = _named_site(doc, i, sent.start)
                if span:
                    spans.append(span)
                    continue
            if t.lower_ in _STREETS and i > sent.start:
                span = _street(doc, i, sent.start)
                if span:
                    spans.append(span)
    return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in spans]


def _named_site(doc: Doc, i: int, start: int) -> tuple[int, int] | None:
    """A caravan site, holiday park or allotments by its name, token `i` its last word, where
    the note puts someone on a plot, pitch or van there: "plot 12 at seaview park", "her static
    on sunnyside holiday park" (not "a caravan site", "the park")."""
    k = i
    while k > start and doc[k - 1].is_alpha and not doc[k - 1].is_stop and doc[k - 1].lower_ not in _TO_A_PLACE:
        k -= 1
    name = [w for w in doc[k:i] if w.lower_ not in _SITE_WORDS]
    before = doc[k - 1].lower_ if k > start else ""
    if not name or any(w.lower_ in _GENERIC or w.tag_.startswith("VB") for w in name) or before not in _TO_A_PLACE | {"the", "on"}:
        return None
    return (k, i + 1)


def _owners_shop(doc: Doc, i: int, reader: _Reader) -> tuple[int, int] | None:
    """A café, takeaway or barbers named by its owner, token `i` being the "'s": before the kind
    of shop ("janet's caff", "kofi's takeaway"), or at it where the note says where it is ("met
    her at mario's on the high street", "works at ali's by the station")."""
    owner = doc[i - 1]
    if owner.lower_ in _CHAINS or {owner.lower_ + "s", owner.lower_ + "'s"} & NOT_NAME_WORDS:
        return None  # "mcdonald's on the high street": a chain, read by the rule's own patterns where someone works
    if not owner.is_alpha or owner.is_stop or len(owner) < 3 or not (reader._a_name(owner.lower_) or not reader.everyday(owner.lower_)):
        return None
    after = doc[i + 1]
    if after.lower_ in SHOPS:
        return (i - 1, i + 2)
    if i >= 2 and (doc[i - 2].lower_ in _TO_A_PLACE or doc[i - 2].lower_ in ("is", "was", "'s", "been", "be", "like", "likes", "loves")) and after.lower_ in _LOCATED:
        near = doc[i + 2 : min(i + 6, len(doc))]
        if any(w.lower_ in _LANDMARK_WORDS for w in near) and not any(w.lower_ in _HOME_WORDS for w in near):
            return (i - 1, i + 1)
    return None


_HOME_WORDS = frozenset({"house", "flat", "place", "bungalow", "caravan", "mum", "mums", "nan", "nans", "sofa", "settee"})


def everyday_surnames_listed(token: Token, reader: _Reader, allow: frozenset[str]) -> bool:
    """Two or more surnames that are everyday words, listed bare in a handover and then said of
    as people are ("stokes and farrow both settled", "baker, fox, marsh - all fine", "shaw and
    reed dna'd"): each item a surname, with no "the" or "my", and the list followed by how they are."""
    doc, i = token.doc, token.i
    names = reader.names

    def surname(t: Token) -> bool:
        w = t.lower_
        return t.is_alpha and len(w) >= 3 and not t.is_stop and w not in allow and w not in _HANDOVER_HEADS and (w in names.last or w in names.words)

    if not surname(token) or not _item_start(doc, i) or (i > 0 and doc[i - 1].lower_ in ("a", "an", "the", "my", "your", "his", "her", "their", "our", "some")):
        return False
    if _with_a_status(doc, i) and any(_with_a_status(doc, t.i) for t in doc if t.i != i and surname(t) and _item_start(doc, t.i)):
        return True  # "jenkins stuck, walker improving": each surname with how they are
    first = last = i
    while first >= 2 and doc[first - 1].text in (",", "&", "+", "/", "and", "n") and surname(doc[first - 2]):
        first -= 2
    while last + 2 < len(doc) and doc[last + 1].text in (",", "&", "+", "/", "and", "n") and surname(doc[last + 2]):
        last += 2
    if last == first or (first > 0 and doc[first - 1].lower_ in ("a", "an", "the", "my", "your", "his", "her", "their", "our", "some")):
        return False
    k = last + 1
    while k < len(doc) and doc[k].lower_ in _SAID_OF_THEM:
        k += 1
    return k < len(doc) and doc[k].lower_ in _STATUS


def _with_a_status(doc: Doc, i: int) -> bool:
    """Token `i` is followed at once by how someone is in a handover: "walker improving"."""
    return i + 1 < len(doc) and doc[i + 1].lower_ in _STATUS and (i + 2 >= len(doc) or doc[i + 2].is_punct or doc[i + 2].lower_ in ("and", "but", "-"))


def _street(doc: Doc, i: int, start: int) -> tuple[int, int] | None:
    """A street typed in lower case whose last word is token `i`: "on church st", "at the end of
    cross lane", "on bridge parade" (not "on the main road", "in close contact")."""
    if i + 1 < len(doc) and doc[i + 1].tag_ in ("NN", "NNS") and doc[i].lower_ in ("close", "drive", "st", "grove", "terrace"):
        return None  # "in close contact", "a test drive day"
    k = i - 1
    name = []
    while k >= start and len(name) < 2 and doc[k].is_alpha and not doc[k].is_stop and doc[k].lower_ not in _ON_A_STREET:
        name.insert(0, doc[k])
        k -= 1
    if not name or k < start or doc[k].lower_ not in _ON_A_STREET:
        return None
    if any(w.lower_ in _NOT_A_STREET_NAME or w.tag_.startswith("VB") or w.tag_ in ("RB", "PRP$") for w in name):
        return None
    return (name[0].i, i + 1)


def worship_sentence(sent: Span) -> bool:
    """The sentence is about going to worship, not school: "goes to st aidan's every sunday"."""
    words = {t.lower_ for t in sent}
    return bool(words & _WORSHIP) and not words & _SCHOOL_WORDS


def ward_by_name(doc: Doc) -> list[tuple[int, int]]:
    """A ward by the tree, flower or bird it is named after, where a note puts someone on it in
    hospital: "she was in bay 3 on ash", "he's on willow now, bed 6", "transferred from rowan to
    maple", "the pcu on larch" (not "sat under a willow", "the ash from his fag")."""
    spans = []
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        for t in sent:
            if t.lower_ not in _WARD_NAMES or t.i == sent.start or doc[t.i - 1].lower_ not in _INTO_A_WARD:
                continue
            if doc[t.i - 1].head.lemma_.lower() in _SAID_TO:
                continue  # "i explained to heather that ...": a person told, not a ward
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if nxt is not None and (nxt.lower_ in _STREETS or nxt.lower_ in ("ward", "unit") or (nxt.tag_ in ("NN", "NNS") and nxt.dep_ != "npadvmod" and nxt.lower_ not in _HOSPITAL)):
                continue  # "on willow road", "on oak benches"; "on willow ward" is read by the rule's patterns
            other_ward = any(w.lower_ in _WARD_NAMES and w.i != t.i and w.i > sent.start and doc[w.i - 1].lower_ in _INTO_A_WARD for w in sent)
            if words & _HOSPITAL or other_ward or re.search(r"\b(?:bay|bed|room) ?\d", sent.text.lower()):
                spans.append((t.idx, t.idx + len(t)))
    return spans


def a_name_in_a_handover(token: Token, reader: _Reader, allow: frozenset[str]) -> bool:
    """A surname or first name, in lower case, where a handover or a caseload list puts a person:
    one of two or more names listed ("caseload: adeyemi, brannigan, o'hare", "wilkinson and
    baxter both dna'd", "mensah 10am, carr 11"), a name that starts a note before a dash, colon
    or how they are ("dunne - bit brighter", "fitzgerald ok"), after "re" or "except", or the one
    who did something when the word is a name and no everyday word ("did lowe get his letter")."""
    word = token.lower_
    if not token.is_alpha or len(word) < 3 or token.is_stop or word in allow or word in _HANDOVER_HEADS:
        return False
    doc, i = token.doc, token.i
    if not reader._a_name(word):  # a word no list or dictionary has, starting a note before a dash or after "re": "penhaligon - not in"
        unknown = len(word) >= 4 and re.search(r"[aeiouy]", word) is not None and not reader.everyday(word)
        return unknown and ((i == 0 and i + 1 < len(doc) and doc[i + 1].text in ("-", "–", ":")) or (i > 0 and doc[i - 1].lower_ in ("re", "except")))
    if i > 0 and doc[i - 1].lower_ in ("a", "an", "the", "my", "your", "his", "her", "their", "our", "this", "that", "some", "any", "every"):
        return False
    strong = not reader.everyday(word)
    if i > 0 and doc[i - 1].lower_ in ("re", "except", "excluding", "incl", "including") and (strong or token.tag_ == "NNP"):
        return True
    if strong and token.dep_ in ("nsubj", "nsubjpass") and token.head.tag_.startswith("VB") and not any(c.dep_ in ("det", "poss") for c in token.children):
        return True
    if not _item_start(doc, i):
        return False
    if i + 1 < len(doc) and (doc[i + 1].text in ("-", "–", ":") or doc[i + 1].lower_ in _STATUS) and (strong or i == 0 or doc[i - 1].text in ("\n", ".", ";")):
        return True  # "dunne - bit brighter", "fitzgerald ok"
    items = [t for t in doc[max(0, i - 12) : i + 13] if t.i != i and _item_start(doc, t.i) and t.is_alpha and len(t) >= 3 and not t.is_stop and t.lower_ not in _HANDOVER_HEADS and t.lower_ not in allow and reader._a_name(t.lower_)]
    return bool(items) and (strong or any(not reader.everyday(t.lower_) for t in items))


def _item_start(doc: Doc, i: int) -> bool:
    """Token `i` starts an item of a list or a note: the text's start, or after a comma, colon,
    dash, "and", "+", "&" or "/"."""
    return i == 0 or doc[i - 1].text in (",", ":", ";", "-", "–", "+", "&", "/", "(", ".", "\n") or doc[i - 1].lower_ in ("and", "n")


_BIRTH = re.compile(r"\b(?:born|dob|d\.o\.b|date of birth|birth ?date|birthday|bday|b'day|b-day)\b", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}})\b|\b(?:the )?{_DAY}(?: of)? {_MONTH}\b,? (?:(?:19|20)\d{{2}}|'?\d{{2}})\b", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(?:the )?{_DAY}(?: of)? {_MONTH}\b|\b{_MONTH} (?:the )?{_DAY}\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Dates a note gives for something else between the birth word and the date.
_OTHER_DATE = re.compile(r"\b(?:seen|booked|appt|appointment|review|met|admitted|discharged|referred|dated|since|until|till|moved|started)\b", re.IGNORECASE)


def born_on(doc: Doc) -> list[tuple[int, int]]:
    """A date of birth given anywhere in a sentence that speaks of birth, not only straight after
    "born" or "dob": "he is born in 1985, the 17 of october", "born the same day as me, 5 nov
    1983", "his date of birth on the system is wrong, should be 08/12/1979", "birth date
    1990-05-14" (not "born in poland and came over in 2004", "her appointment is on the 3rd")."""
    spans = []
    for sent in doc.sents:
        text, base = sent.text, sent.start_char
        for birth in _BIRTH.finditer(text):
            dates = list(_FULL_DATE.finditer(text))
            if not dates and _YEAR.search(text):
                dates = [m for m in _DAY_MONTH.finditer(text) if not _YEAR.search(m.group())]
            for date in dates:
                a, b = (birth.end(), date.start()) if date.start() >= birth.end() else (date.end(), max(date.end(), birth.start()))
                if b - a <= 60 and not _OTHER_DATE.search(text[a:b]):
                    spans.append((base + date.start(), base + date.end()))
    return sorted(set(spans))


def an_everyday_word_after_a(token: Token, reader: _Reader) -> bool:
    """A first name that is also an everyday word, after "a" or "an", is the word: "sat under a
    willow", "a rose in the garden", "an ivy plant" (a name takes no "a")."""
    return token.i > 0 and token.doc[token.i - 1].lower_ in ("a", "an") and reader.everyday(token.lower_)
