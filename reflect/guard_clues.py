"""Clues the identifying-details guard reads on the parse that its other readings miss:
- a first name that is also an everyday word, made a name by what it does in the sentence:
  the one who came, rang or said ("sunny came to clinic off his face", "bill rang the hostel"),
  "will" before a verb it can't be the helper of ("will was back on the ward", "will said"),
  or after a preposition with nothing for it to govern ("did i say too much to will today?",
  "sat with will, he was low"); a family title used as one before a name ("a card from auntie
  pearl", "uncle tunde rang");
- a place of detention by its name ("he's in hmp altcourse now", "moved to hmyoi wetherby");
- a thing said to be in a place, definite, so the place is where someone is ("above the bookies
  by the big tesco in hebden bridge", "my mum runs the chippy in cleator moor", "the memory
  service in ystradgynlais"), for `Analyzer._own_places` (a well-known city stays allowed);
- a school named in Welsh or Gaelic ("ysgol glan y mor", "sgoil an iochdair"), where the word
  for school starts the name.
Every reading works on the guard's lighter reading (tags and dependencies, no lemmas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.guard_words import NAME_SHAPE, WORD_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# What someone does as the subject of a note, in the forms a note types them: "sunny came",
# "bill rang", "rose asked", "hope said".
_DOINGS = frozenset(
    {
        "rang", "rings", "phoned", "phones", "said", "says", "asked", "asks", "told", "tells", "wanted",
        "wants", "texted", "texts", "called", "calls", "turned", "turns", "cried", "went", "left", "walked", "arrived",
        "arrives", "stormed", "shouted", "laughed", "smiled", "brought", "thought", "needed", "agreed", "promised",
        "messaged", "emailed", "knocked", "refused", "kicked", "disclosed", "admitted", "opened", "missed", "dna'd",
    }
)
# Where a name starts a clause: the sentence's start, or after these.
_CLAUSE_OPENERS = frozenset({"and", "but", "so", "then", "because", "cos", "coz", "when", "while", "after", "before", "if", "that"})
# Words after "to will" or "with will" that leave "will" nothing to govern.
_AFTER_A_NAME = frozenset(
    {"today", "yesterday", "tonight", "earlier", "later", "again", "tomorrow", "this", "last", "on", "about", "at", "in", "re", "and", "too", "as", "for", "after", "before"}
)
_NAME_PREPOSITIONS = frozenset({"to", "with", "from", "for", "about", "by", "and"})
# Family titles said before a name without "my": "auntie pearl", "uncle tunde", "nana joy".
_FAMILY_TITLES = frozenset({"auntie", "aunty", "aunt", "uncle", "nana", "nanna", "nan", "grandad", "granny", "grandma", "gran", "cousin"})
# The titles of places people are held in: "hmp altcourse", "hmyoi wetherby".
_DETENTION = frozenset({"hmp", "hmyoi", "yoi", "hmps", "hmpyoi", "hmirc", "irc"})
# The word for school in Welsh and Gaelic, starting a school's name.
SCHOOL_WORDS_ABROAD = frozenset({"ysgol", "sgoil", "scoil", "gaelscoil", "gaelscoileanna", "bunscoil", "meánscoil", "coláiste"})
# Words of time, people and the like after which "in" is not where a thing is.
_NOT_LOCATED = frozenset(
    {"one", "ones", "thing", "things", "way", "time", "times", "bit", "lot", "rest", "end", "day", "days", "week", "weeks", "year", "years",
     "pain", "hole", "gap", "change", "difference", "interest", "part", "role", "faith", "belief", "trust", "confidence", "words", "word",
     # nouns made with "in" ("the drop in", "the walk in", "a lie in"): "in" is theirs
     "drop", "walk", "lie", "sit", "check", "log", "break", "phone", "call", "plug", "lock", "sleep", "stand", "run", "swap", "drive"}
)


def _opens_a_clause(token: Token) -> bool:
    doc, i = token.doc, token.i
    return i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].lower_ in _CLAUSE_OPENERS


def a_word_name_by_what_it_does(token: Token) -> bool:
    """A first name that is also a word ("will", "sunny", "bill", "hope", "rose"), made a name by
    its place in the sentence: at the start of a clause before something a person does ("sunny
    came to clinic", "bill rang"); "will" before a verb it can't be the helper of ("will was",
    "will said"), or after a preposition with nothing after it to govern ("too much to will
    today?", "sat with will, he was low"); after a family title used as one ("auntie pearl").
    "will ring", "hope is what got me through", "there's hope" stay words."""
    word = token.lower_
    if word not in WORD_NAMES:
        return False
    doc, i = token.doc, token.i
    after = doc[i + 1] if i + 1 < len(doc) else None
    if i > 0 and doc[i - 1].lower_ in _FAMILY_TITLES and (i < 2 or doc[i - 2].lower_ not in ("the", "a", "an", "her", "his", "their", "my", "our", "your")):
        return after is None or not after.tag_.startswith("NN")  # "auntie pearl", not "uncle bill payments"
    if after is not None and _named_by_its_place(token, after):
        return True
    if word == "will":
        if after is not None and _opens_a_clause(token) and after.tag_ in ("VBD", "VBZ"):
            return True  # "will was back", "will said": "will" helps no past or third-person verb
        before = doc[i - 1].lower_ if i > 0 else ""
        if before in _NAME_PREPOSITIONS and i > 1 and doc[i - 2].lower_ not in ("going", "gonna", "have", "has", "had", "used", "ought", "able", "want", "wants", "need"):
            return after is None or after.is_punct or after.lower_ in _AFTER_A_NAME
        return False
    if after is None or not _opens_a_clause(token):
        return False
    if after.lower_ in ("came", "comes") and i + 3 < len(doc):  # "sunny came to clinic", not "hope came back"
        return doc[i + 2].lower_ in ("to", "into", "round", "in") and doc[i + 3].lower_ not in ("me", "mind", "light", "an", "a", "nothing", "terms")
    return after.lower_ in _DOINGS and after.tag_ in ("VBD", "VBZ", "VBN", "VBP")


# Verbs after which "to" or "with" and a word-name is someone spoken to: "said to sunny".
_SPOKEN_TO = frozenset({"said", "say", "says", "saying", "spoke", "speak", "speaking", "talked", "talk", "talking", "chatted", "explained", "mentioned", "admitted", "told", "replied", "wrote"})
# Verbs after which "of" and a word-name is someone thought of: "kept thinking of will".
_THOUGHT_OF = frozenset({"thinking", "think", "thought", "reminded", "reminds", "heard", "dreamt", "dreamed", "dreaming"})
# What only a person keeps doing or is doing: "jack kept asking", "patience is still waiting to hear".
_PERSON_DOING = frozenset(
    {"asking", "saying", "ringing", "phoning", "calling", "texting", "crying", "shouting", "apologising", "apologizing", "talking",
     "waiting", "refusing", "begging", "knocking", "pacing", "screaming", "swearing", "laughing", "smiling", "staring", "mentioning"}
)
# What a word-name's "'s" owns that only a person has: "precious's youtube", "grace's mum".
_A_PERSONS = frozenset({"mum", "mam", "dad", "nan", "gran", "brother", "sister", "son", "daughter", "husband", "wife", "partner", "boyfriend", "girlfriend", "kids", "baby", "youtube", "insta", "tiktok", "facebook", "fb", "snap", "flat", "house", "keyworker", "worker", "sw", "gp", "meds", "appointment", "review"})


def _named_by_its_place(token: Token, after: Token) -> bool:
    """A word-name made a name by where it sits, in any clause: spoken to ("said to sunny",
    "explained to grace"), thought of ("kept thinking of will the whole time"), doing what only
    a person keeps doing ("jack kept asking", "patience is still waiting to hear"), or owning
    what only a person has ("precious's youtube", "grace's mum")."""
    doc, i = token.doc, token.i
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in ("to", "with") and i > 1 and doc[i - 2].lower_ in _SPOKEN_TO:
        return not after.tag_.startswith("VB") or after.tag_ in ("VBD", "VBZ") or after.lower_ in ("it", "that")
    nxt = doc[i + 2] if i + 2 < len(doc) else None
    if before == "of" and i > 1 and doc[i - 2].lower_ in _THOUGHT_OF:
        # "thinking of will the whole time", "thought of grace, and ..." (not "thinking of hope and how it helped")
        return after.is_punct or (after.lower_ == "the" and nxt is not None and nxt.lower_ in ("whole", "entire")) or (after.lower_ == "and" and nxt is not None and nxt.lower_ in ("he", "she", "they", "his", "her"))
    if after.tag_ == "POS" and nxt is not None and nxt.lower_ in _A_PERSONS and (i == 0 or doc[i - 1].lower_ not in ("the", "a", "an", "of")):
        return True
    if after.lower_ in ("kept", "keeps", "is", "was", "s", "'s") and _opens_a_clause(token) and nxt is not None:
        k = i + 3 if nxt.lower_ in ("still", "always", "just") and i + 3 < len(doc) else i + 2
        return doc[k].lower_ in _PERSON_DOING
    return False


def a_nickname_by_shape(token: Token, reader: object, allow: frozenset[str]) -> bool:
    """A nickname after "big", "wee", "little" that no dictionary or names list has, where it
    does what a person does in the note ("wee shug was in a state", "saw big tamz"), not "big
    deal", "wee bit"."""
    doc, i = token.doc, token.i
    if i == 0 or doc[i - 1].lower_ not in ("big", "wee", "lil", "little", "young", "old") or len(token) < 3 or not token.is_alpha or token.lower_ in allow:
        return False
    everyday = getattr(reader, "everyday")
    if everyday(token.lower_) or (i > 1 and doc[i - 2].lower_ in ("a", "an", "the", "my", "his", "her", "their", "our", "this", "that")):
        return False
    return token.dep_ in ("nsubj", "dobj", "pobj", "conj") or (i + 1 < len(doc) and doc[i + 1].tag_ in ("VBD", "VBZ"))


def detention_named(doc: Doc) -> list[tuple[int, int]]:
    """A prison or young offender institution by its name: "he's in hmp altcourse now",
    "transferred to HMYOI Wetherby" (not "hmp" alone, "the local prison")."""
    spans = []
    for token in doc:
        if token.lower_.replace("/", "") not in _DETENTION:
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and NAME_SHAPE.match(doc[end].text) and not doc[end].is_stop and not doc[end].tag_.startswith("VB") and doc[end].lower_ not in ("now", "today", "again", "still"):
            end += 1
        if end > token.i + 1:
            spans.append((token.idx, doc[end - 1].idx + len(doc[end - 1])))
    return spans


def a_located_thing(prep: Token) -> bool:
    """The word before "in" is a definite thing, so what follows "in" is where it is: "the big
    tesco in hebden bridge", "the chippy in cleator moor", "the memory service in ystradgynlais",
    "her flat in X" (not "the pain in my chest", "the one in town", "my brother in law")."""
    head = prep.head
    if not (head.tag_.startswith("NN") or head.dep_ in ("dobj", "pobj")) or head.dep_ not in ("pobj", "dobj", "nsubj", "attr", "appos", "nsubjpass") or head.lower_ in _NOT_LOCATED:
        return False
    if prep.i + 1 < len(prep.doc) and prep.doc[prep.i + 1].lower_ in ("law", "laws", "charge"):
        return False  # "my brother in law stevie": kin, not a place
    return any((c.dep_ == "det" and c.lower_ in ("the", "that", "this")) or c.dep_ == "poss" for c in head.children)


def school_abroad(doc: Doc, k: int) -> tuple[int, int] | None:
    """A school named in Welsh or Gaelic from the word for school at `k`: "ysgol glan y mor",
    "ysgol gymraeg", "scoil mhuire" (up to four words of the name after it)."""
    if doc[k].lower_ not in SCHOOL_WORDS_ABROAD:
        return None
    end = k + 1
    while end < len(doc) and end - k <= 4 and doc[end].is_alpha and doc[end].lower_ not in ("too", "now", "and", "but", "for", "with", "when", "till", "until", "because", "cos") and not doc[end].tag_.startswith("VB"):
        end += 1
    return (doc[k].idx, doc[end - 1].idx + len(doc[end - 1])) if end > k + 1 else None


# Words a handle is read out with: "jayden dot k underscore 07".
_SPOKEN_MARKS = frozenset({"dot", "underscore", "dash", "hyphen", "at"})
# Words that say what is read out is an account.
_ACCOUNT_WORDS = frozenset({"account", "acc", "handle", "username", "user", "name", "page", "profile", "channel", "gamertag", "tag", "insta", "instagram", "ig", "tiktok", "twitter", "snap", "snapchat", "facebook", "fb", "youtube", "twitch", "discord", "threads", "bluesky"})


def handle_read_out(doc: Doc) -> list[tuple[int, int]]:
    """An account's name read out a piece at a time, as people say one: "jayden dot k underscore
    07", "kayleigh underscore x" (at least one "dot" or "underscore" between two pieces), in a
    sentence that speaks of an account or a platform. "at the dot of nine" has no account in it."""
    words = {t.lower_ for t in doc}
    if not words & _ACCOUNT_WORDS:
        return []
    spans = []
    i = 1
    while i < len(doc) - 1:
        t = doc[i]
        if t.lower_ in ("dot", "underscore") and not doc[i - 1].is_punct and not doc[i + 1].is_punct and (doc[i - 1].is_alpha or doc[i - 1].like_num) and doc[i - 1].lower_ not in ("the", "a", "on", "is"):
            start, end = i - 1, i + 1
            while end + 2 < len(doc) and doc[end + 1].lower_ in _SPOKEN_MARKS and not doc[end + 2].is_punct:
                end += 2
            spans.append((doc[start].idx, doc[end].idx + len(doc[end])))
            i = end + 1
            continue
        i += 1
    return spans


# What an author, a singer or a speaker is named before: "a matt haig book", "that adele song".
_WORKS = frozenset({"book", "books", "novel", "novels", "song", "songs", "album", "albums", "film", "films", "poem", "poems", "quote", "quotes", "podcast", "podcasts", "documentary", "talk", "ted", "memoir", "autobiography"})


def a_works_maker(doc: Doc, start: int, end: int) -> bool:
    """The name at these offsets only says whose book, song or film a thing is ("i lent her a
    matt haig book", "we listened to that adele song"): a public maker, not someone in the
    story. "jade's book" (hers) and "a book by my mate kev" are not this shape."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    last = span[-1]
    # "a stephen fry book": the rest of the name between it and the work, as compounds too
    rest = doc[span.end : last.head.i] if last.head.i >= span.end else None
    return last.dep_ == "compound" and last.head.lower_ in _WORKS and rest is not None and all(t.dep_ == "compound" for t in rest) and span.start > 0 and doc[span.start - 1].lower_ in ("a", "an", "the", "that", "this", "those", "these", "some")
