"""The words and token readings the identifying-details guard (`reflect/guard.py`) reads
with: titles, jobs, place and school cues, the people a name follows, the forms of the verbs
it looks for, and the small readings of one token or entity that need nothing loaded (a
well-known place typed fast, a name without its accents, someone's place in a sentence).
Lists and readings only: nothing here loads the language pipeline or reads a whole text."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words that, before a name, are part of how people are called ("Big Kev", "Auntie Jo").
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister"})
# Titles after which any word that is no everyday English word is a surname ("dr kowalczyk");
# the others ("miss", "sister", "nurse", "ms") are also words and verbs ("nurse practitioner").
STRONG_TITLES = frozenset({"mr", "mrs", "mx", "dr", "mister", "prof", "professor", "cllr", "councillor"})
WEAK_TITLES = frozenset({"ms", "miss", "sister", "nurse"})
# Small words inside a surname: "van der Berg", "de la Cruz", "Ó Súilleabháin", "ap Rhys", "al-Rashid".
PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "la", "le", "du", "da", "di", "del", "della", "dos", "das", "ap", "ó", "o", "ní", "nic", "mac", "mc", "an", "ui", "uí", "al", "el", "bin", "ibn", "ter", "ten", "st"}
)
# A word shaped like a name: letters, with an apostrophe or a hyphen inside ("d'souza", "okafor-bello").
NAME_SHAPE = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
APOSTROPHE_NAME = re.compile(r"^([odn])['’]([^\W\d_]{3,})$", re.IGNORECASE)
# Medicines and acronyms are no everyday words either, and no names ("quetiapine said", "cpn").
MEDICINE = re.compile(r"(?:apine|etine|aline|azine|pam|lam|zole|pril|olol|statin|mab|idone|amide|mycin|cillin|profen|amol|yline|amine|ium|ate|xine|done)$")
NOT_NAME_WORDS = frozenset(
    {
        "adhd", "amhp", "camhs", "iapt", "esa", "ocd", "eupd", "ect", "emdr", "asd", "asc", "pip", "dla", "smi", "cpn", "hubby",
        "wifey", "bestie", "bezzie", "bff", "bae", "hun", "babe", "fella", "missus", "mammy", "nanna", "nana", "grandma", "grandpa",
        "gramps", "bro", "sis", "kiddo", "keyworker", "psych", "uni", "meds", "covid", "sertraline", "citalopram", "mirtazapine",
        "olanzapine", "quetiapine", "lithium", "diazepam", "zopiclone", "pregabalin", "gabapentin", "fluoxetine", "venlafaxine",
        "aripiprazole", "clozapine", "risperidone", "lamotrigine", "naltrexone", "methadone", "buprenorphine", "propranolol",
        "tesco", "asda", "aldi", "lidl", "sainsburys", "sainsbury's", "morrisons", "greggs", "primark", "argos", "costa", "starbucks",
        "mcdonalds", "mcdonald's", "kfc", "amazon", "wilko", "poundland", "ikea", "screwfix", "halfords", "currys", "superdrug",
        "waitrose", "ocado", "deliveroo", "uber", "evri", "dpd", "wetherspoons", "spoons", "netflix", "youtube", "whatsapp", "tiktok",
        "insta", "snapchat", "facebook", "messenger", "discord", "zoom", "teams", "google", "lol", "omg", "tbh", "idk", "asap",
        "ofsted", "ofgem", "ofcom", "acas", "unison", "unite", "nacro", "turning", "dvla", "hmrc", "ucas", "pals",
        "hca", "appt", "appts", "abt", "abx", "obs", "nfa", "gp", "dwp", "cmht", "crht", "hv", "wfh", "pls", "tmrw", "rmn",
        "rgn", "idva", "isva", "mash", "ehcp", "senco", "sendco", "thx", "tbc", "fyi", "eta", "dtoc", "cpa", "mhst", "camhs",
    }
)
# Verbs whose subject, when it is no everyday word, is a person: "dunc said", "mehwish wanted".
SUBJECT_VERBS = frozenset({"say", "tell", "ask", "want", "ring", "phone", "text", "call", "come", "cry", "bring", "think", "need", "turn", "drive", "agree", "promise"})
# People a name is said to be: "a lad called jaydn", "a woman named ngozi".
CALLED_PEOPLE = frozenset(
    {"lad", "lass", "man", "woman", "girl", "boy", "client", "guy", "bloke", "lady", "person", "kid", "son", "daughter", "fella", "chap", "gentleman", "patient", "friend", "mate", "someone", "somebody", "baby", "partner", "husband", "wife", "boyfriend", "girlfriend", "brother", "sister", "cousin", "neighbour", "one", "worker"}
)
# Jobs after which a workplace follows: "a porter at pinderfields", "a carer at Rowan House".
JOBS = frozenset(
    {
        "porter", "nurse", "cleaner", "receptionist", "carer", "caretaker", "volunteer", "manager", "chef", "cook", "teacher", "ta",
        "assistant", "supervisor", "driver", "groundsman", "barman", "barmaid", "waitress", "waiter", "midwife", "hca", "doctor",
        "consultant", "pharmacist", "mechanic", "guard", "steward", "technician", "administrator", "admin", "secretary", "apprentice",
        "trainee", "student", "lecturer", "chaplain", "janitor", "handyman", "warden", "officer", "therapist", "physio", "dentist",
    }
)
# Where a place is someone's own: "lives in", "moved to", "grew up in", "is from", "works at".
PLACE_CONTEXT_PREPOSITIONS = frozenset({"in", "to", "at", "near", "from", "outside"})
# The first word of many small places' names ("little snoring", "upper slaughter", "much wenlock").
PLACE_PREFIXES = frozenset({"little", "great", "upper", "lower", "nether", "much", "long", "steeple", "chipping", "market", "church", "kings", "bishops", "east", "west", "north", "south", "old", "new", "high", "castle", "king's", "bishop's"})
STRONG_PLACE_PREFIXES = frozenset({"little", "upper", "lower", "nether", "much", "steeple", "chipping", "market", "bishops", "kings", "church", "king's", "bishop's"})
COMPASS = frozenset({"north", "south", "east", "west", "central", "inner", "greater", "outer", "northern", "southern", "eastern", "western", "mid"})
# What a place-prefix word is followed by when it is no place: "grew up in great poverty".
ABSTRACT = frozenset(
    {"poverty", "fear", "pain", "need", "debt", "danger", "trouble", "hope", "care", "comfort", "style", "detail", "demand", "difficulty", "distress", "misery", "denial", "luxury", "way", "ways", "bits", "pieces", "part", "measure", "numbers", "doses", "amounts", "time", "times", "spirits", "shape", "form", "health", "hardship", "conditions", "circumstances", "silence", "secret", "chaos", "love", "life"}
)
# Words that end the run of a place's name: "lives in heptonstall now", "from saltburn originally".
PLACE_STOP = frozenset({"now", "today", "originally", "last", "next", "this", "every", "recently", "lately", "ago", "for", "with", "when", "since", "until", "till", "after", "before", "because", "but", "and", "or", "then", "anymore", "again", "too", "though", "still", "mostly"})
# What makes a sentence one about children or school: "the boys are at Kingsmead", "in year 9 at".
SCHOOL_CUES = frozenset(
    {
        "kids", "kid", "boys", "girls", "son", "daughter", "eldest", "youngest", "twins", "children", "child", "pupil", "pupils",
        "reception", "gcses", "gcse", "sixth", "excluded", "expelled", "suspended", "bullied", "teacher", "teachers", "teaches",
        "teach", "taught", "headteacher", "school", "uniform", "nursery", "homework", "exams", "year", "yr", "levels", "a-levels",
        "lunchtime", "playground", "term", "lad's", "boy's", "girl's", "son's", "daughter's", "little", "two", "three", "place",
        "picked", "pick", "picks", "collect", "collects", "dropped", "drop", "drops", "started", "starts", "goes", "go", "attends",
        "attended", "dinner", "lad", "lass", "boy", "girl", "toddler", "teenager",
    }
)
# Who, moving to a place, moves school: "both kids moved to Thornleigh" (not "they moved to wetheral").
CHILDREN = frozenset({"kids", "kid", "boys", "girls", "son", "daughter", "eldest", "youngest", "twins", "children", "child", "lad", "lass", "boy", "girl", "one", "two", "three"})
# The shapes of many schools' names: "st aidan's", "our lady's", "holy cross", "sacred heart", "bishop vesey's".
# What a school is called before its name is given: "the same school as mine, holy trinity".
SCHOOL_WORDS = frozenset({"school", "schools", "primary", "academy", "college", "juniors", "infants", "secondary", "high", "comp", "nursery"})
SAINTLY = frozenset({"st", "st.", "saint", "holy", "bishop", "blessed", "cardinal", "all", "corpus", "notre", "our"})
SCHOOL_TAILS = frozenset({"vale", "park", "hill", "green", "view", "grange", "wood", "field", "brook", "house", "hall", "manor", "court", "lea", "mead", "ridge", "valley", "heights", "gate", "bank", "end"})
NICKNAME_PREFIX = frozenset({"big", "little", "young", "old", "lil", "wee"})
# Verbs after which a proper noun is a person: "met with Mark", "told Will", "spoke to Faith".
PERSON_CUES = frozenset(
    {"meet", "tell", "speak", "talk", "see", "call", "ring", "text", "visit", "ask", "phone", "email", "message", "phone", "chat"}
)
# Verbs and prepositions that make a place someone's place: "lives in", "works at", "from".
PLACE_VERBS = frozenset({"live", "work", "move", "grow", "stay", "base", "come", "bear", "raise", "rent", "own", "run", "settle"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "on", "outside", "round", "around", "by"})
# Entity types a name-like word is not a person in: "Sunday", "Urdu", "Jordan" the country.
NOT_PEOPLE = frozenset(
    {"DATE", "TIME", "NORP", "LANGUAGE", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})
# First names that are also everyday words, left out of the names list; they are names only
# where the sentence says so: after "my brother", "her mate" ..., or before "from the".
WORD_NAMES = frozenset(
    {
        "will", "hope", "grace", "mark", "faith", "jack", "rose", "joy", "bill", "pat", "sue", "ray", "dawn", "april",
        "june", "summer", "amber", "ruby", "holly", "iris", "jade", "pearl", "sky", "rob", "max", "frank", "guy", "dean",
        "drew", "art", "chase", "hunter", "mason", "carter", "sunny", "honey", "melody", "crystal", "heather", "ivy",
        "lily", "daisy", "poppy", "violet", "robin", "jay", "gene", "don", "stan", "neil", "carol", "kelly", "page",
        "cliff", "miles", "glen", "barry", "rich", "dick", "nick", "sandy", "brook", "autumn", "storm", "destiny",
        "harmony", "blessing", "precious", "marina", "angel", "charity", "patience", "prudence", "constance", "felicity",
        "victor", "august", "rusty", "penny", "ginger", "misty", "bob", "jean", "kit", "lance", "norman", "sterling",
    }
)
# The people a name follows in "my brother jack", "her mate rob", "my client dave".
KIN = frozenset(
    {
        "mum", "mam", "mother", "dad", "father", "brother", "sister", "son", "daughter", "husband", "wife", "partner",
        "friend", "mate", "pal", "cousin", "aunt", "auntie", "aunty", "uncle", "nan", "gran", "grandad", "grandma", "niece",
        "nephew", "boyfriend", "girlfriend", "fiance", "fiancee", "ex", "neighbour", "colleague", "client", "patient",
        "stepdad", "stepmum", "stepson", "stepdaughter", "flatmate", "housemate", "boss", "manager", "supervisor", "lad", "lass",
    }
)
POSSESSIVES = frozenset({"my", "his", "her", "their", "our", "your"})
FROM_WHERE = frozenset({"the", "our", "my", "their", "his", "her", "housing", "work"})


def a_typo_of(word: str, allow: frozenset[str]) -> bool:
    """`word` is a well-known place typed fast: two letters swapped, one missed, doubled or
    wrong ("lodnon", "macnhester", "birmingam")."""
    if len(word) < 5 or word in allow:
        return False
    letters = sorted(word)
    for place in allow:
        if abs(len(place) - len(word)) > 1 or place[0] != word[0] or " " in place:
            continue
        if sorted(place) == letters or one_edit(word, place):
            return True
    return False


def one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter inserted, dropped or changed."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def fold(word: str) -> str:
    """`word` without accents: "zoë" zoe, "séamus" seamus, "łukasz" lukasz."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("ø", "o").replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def after_person_cue(token: Token, allow: frozenset[str]) -> bool:
    """A capitalised proper noun that is the one met, told or spoken to: "met with Mark",
    "told Will", "spoke to Faith" (not "speak Urdu")."""
    if token.tag_ != "NNP" or not token.text[:1].isupper() or token.lower_ in allow or token.is_sent_start:
        return False
    if token.ent_type_ in NOT_PEOPLE:
        return False
    if token.dep_ == "pobj" and token.head.lower_ in ("to", "with"):
        return base_form(token.head.head) in PERSON_CUES
    return token.dep_ in ("dobj", "dative") and base_form(token.head) in PERSON_CUES - {"speak", "talk", "chat"}


def entity_places(doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or ent.text.lower().removeprefix("the ") in allow:
            continue
        if not any(t.text[:1].isupper() for t in ent):
            continue
        if someones_place(ent):
            spans.append((ent.start_char, ent.end_char))
    return spans


def someones_place(ent: Span) -> bool:
    """The entity is where someone lives, works or is from: its preposition hangs on such a
    verb ("lives out in X", "works at the X") or on what such a verb runs or owns ("runs the
    chip shop in X"), or it follows "from" or "near"."""
    root = ent.root
    preposition = root.head if root.dep_ == "pobj" else None
    if preposition is None or preposition.lower_ not in PLACE_PREPOSITIONS:
        return False
    if preposition.lower_ in ("from", "near"):
        return True
    verb = preposition.head
    if base_form(verb) in PLACE_VERBS or (base_form(verb.head) in PLACE_VERBS and verb.dep_ in ("prt", "advmod", "prep")):
        return True
    # "runs the chip shop in Thornton Dale", "owns a farm near X": a place of work or home that
    # is the object of such a verb.
    return pos(verb) == "NOUN" and verb.dep_ in ("dobj", "attr") and base_form(verb.head) in PLACE_VERBS


TAG_POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "FW": "X", "XX": "X", "ADD": "X"}
# The forms of the verbs the guard looks for, for a reading without lemmas.
IRREGULAR = {
    "met": "meet", "told": "tell", "spoke": "speak", "spoken": "speak", "saw": "see", "seen": "see", "rang": "ring",
    "rung": "ring", "chatted": "chat", "chatting": "chat", "grew": "grow", "grown": "grow", "came": "come", "born": "bear",
    "ran": "run", "running": "run", "based": "base", "living": "live", "lived": "live", "lives": "live", "moved": "move",
    "moving": "move", "moves": "move", "raised": "raise", "raising": "raise", "coming": "come",
    "said": "say", "says": "say", "thought": "think", "brought": "bring", "drove": "drive", "cried": "cry", "cries": "cry",
    "comes": "come", "rings": "ring", "wanted": "want", "wants": "want", "asked": "ask", "asks": "ask", "needed": "need",
    "turned": "turn", "agreed": "agree", "promised": "promise", "worked": "work", "works": "work", "working": "work",
    "volunteers": "volunteer", "volunteered": "volunteer", "cleans": "clean", "teaches": "teach", "taught": "teach",
    "settled": "settle", "'s": "be", "is": "be", "was": "be", "are": "be", "were": "be", "'re": "be",
}


def pos(token: Token) -> str:
    """The coarse part of speech, from the fine tag when the reading has none."""
    return token.pos_ or TAG_POS.get(token.tag_, "")


def base_form(token: Token) -> str:
    """The lemma, or for a reading without lemmas the base form of a verb the guard looks for."""
    if token.lemma_:
        return token.lemma_
    word = token.lower_
    if word in IRREGULAR:
        return IRREGULAR[word]
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            for base in (stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem):
                if base in PERSON_CUES or base in PLACE_VERBS or base in SUBJECT_VERBS:
                    return base
    return word


# Short forms and nicknames that are also words or abbreviations ("dev", "ash", "mo", "jj"):
# names only where the sentence puts them in a person's place (`in_a_person_slot`).
SHORT_NAMES = frozenset(
    {
        "mo", "jo", "al", "ed", "bo", "di", "vi", "dev", "ash", "dom", "nat", "kai", "tash", "gaz", "mel", "val", "del",
        "tel", "raj", "sal", "deb", "baz", "daz", "kez", "shaz", "gav", "bev", "lou", "jan", "ron", "len", "viv", "sid",
        "mick", "tez", "kaz", "jas", "nic", "nik", "bri", "des", "mags", "ange", "chaz", "fran", "kat", "liz", "sam", "ben",
        "tom", "dan", "jen", "pete", "vic", "trev", "reg", "stu", "col", "jim", "les", "ted", "lee", "ray", "jay",
    }
)
# Initials typed as a name: "jj says", "tj rang" (not "dj", "tv", "gp").
INITIALS_NAME = re.compile(r"^(?:([b-df-hj-np-tv-z])\1|[a-ce-z]j)$")
# Verbs whose subject, in a note, is a person: "jj says", "seo-yeon has started the course".
_PERSON_SUBJECT_VERBS = frozenset(
    {"say", "tell", "ask", "want", "ring", "phone", "text", "call", "come", "cry", "bring", "think", "need", "turn", "agree",
     "promise", "start", "miss", "keep", "seem", "feel", "sound", "look", "leave", "arrive", "try", "manage"}
)
# Verbs and nouns after which "with X" is a person: "catch up with mo", "a walk with kai", "a word with mcbride".
_WITH_PERSON = frozenset({"meet", "catch", "chat", "talk", "speak", "walk", "word", "sit", "session", "appt", "appointment", "call", "visit", "coffee", "cuppa", "go", "went", "work"})
# Verbs whose object, in a note, is a person: "rang ash back", "met mo", "phoned jenkins".
_PERSON_OBJECT_VERBS = frozenset({"meet", "tell", "ring", "phone", "text", "call", "visit", "message", "email", "ask", "chase", "remind"})


# The forms of those verbs that start a note: "rang ash back", "met mo at the cafe".
_CONTACTED = frozenset(
    {"rang", "rung", "phoned", "texted", "called", "met", "told", "emailed", "messaged", "chased", "reminded", "visited", "saw", "asked"}
)


def _slot_base(token: Token) -> str:
    word = token.lower_
    if word in IRREGULAR:
        return IRREGULAR[word]
    for ending in ("ing", "ed", "es", "s", "d", ""):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: len(word) - len(ending)] if ending else word
            doubled = stem[:-1] if ending and len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem
            for base in (stem, stem + "e", doubled):
                if base in _PERSON_SUBJECT_VERBS or base in _WITH_PERSON or base in _PERSON_OBJECT_VERBS:
                    return base
    return token.lemma_ or word


def in_a_person_slot(token: Token) -> bool:
    """The word stands where a person does in a note, with no "the", "a" or "my" before it: the
    one who said, rang or came ("jj says", "dev from the hostel rang"), the one met, rung or
    told ("rang ash back", "met mo"), the one after "with" a meeting or a walk ("catch up with
    mo", "a word with mcbride"), "X from the ..." at the start of a note, or "X and her mum"."""
    if any(c.dep_ in ("det", "poss") for c in token.children) or not token.is_alpha:
        return False
    doc, i = token.doc, token.i
    if i > 0 and doc[i - 1].lower_ in ("a", "an", "the", "my", "your", "his", "her", "their", "our", "this", "that", "some", "any"):
        return False
    at_start = i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("and", "with", "to", "n", "&", "said", "says", "that")
    if at_start and i + 2 < len(doc) and doc[i + 1].lower_ == "from" and doc[i + 2].lower_ in ("the", "our", "their", "housing", "work"):
        return True
    if i + 3 < len(doc) and doc[i + 1].lower_ in ("and", "n", "&") and doc[i + 2].lower_ in POSSESSIVES and doc[i + 3].lower_ in KIN:
        return True  # "mo and his sister", "mehwish and her mum"
    if i > 0 and doc[i - 1].lower_ in _CONTACTED and (i - 1 == token.sent.start or doc[i - 2].is_punct or doc[i - 2].lower_ in ("i", "we", "and", "then", "said", "that")):
        return True  # "rang ash back", "phoned jenkins back": a note the pipeline misreads
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.tag_.startswith("VB"):
        return _slot_base(head) in _PERSON_SUBJECT_VERBS
    if token.dep_ in ("dobj", "dative") and head.tag_.startswith("VB"):
        return _slot_base(head) in _PERSON_OBJECT_VERBS
    if token.dep_ == "pobj" and head.lower_ == "with":
        return _slot_base(head.head) in _WITH_PERSON
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head is not head:
        return _slot_base(head.head) in ("talk", "speak", "chat", "spoke")
    return False


def nickname(token: Token) -> bool:
    """A nickname: a letter after "big" or "little" at the start of a note ("big d turned up"),
    or what someone is called ("the lads call him tank", "everyone calls her bubbles")."""
    doc, i = token.doc, token.i
    short = (len(token) == 1 and token.lower_ not in ("a", "i")) or token.lower_ in SHORT_NAMES
    if short and token.is_alpha and i > 0 and doc[i - 1].lower_ in ("big", "little", "lil", "wee"):
        return i - 1 == token.sent.start or doc[i - 2].is_punct or doc[i - 2].lower_ in ("and", "with", "met", "saw", "told", "said", "says", "that")
    if token.dep_ not in ("oprd", "dobj", "attr", "npadvmod", "ccomp", "xcomp") or i < 2:
        return False
    if any(c.dep_ in ("det", "amod") or (c.dep_ == "poss" and c.i != i - 1) for c in token.children):
        return False
    if doc[i - 1].lower_ not in ("him", "her", "them") or doc[i - 2].lower_ not in ("call", "calls", "called", "calling"):
        return False
    return token.tag_ in ("NN", "NNS", "NNP") and token.is_alpha and token.lower_ not in ("names", "back", "mum", "mam", "dad", "nan", "home", "later", "tonight", "today", "tomorrow")
