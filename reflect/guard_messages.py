"""How the identifying-details guard reads a message between the writer and someone told by
what was sent or seen rather than by an app's name, on the parse:
- a message that goes only by a personal app: a voice note sent, left or got ("my daughter
  sends me a voice note every time", "got a voicenote off her"), voice messages sent ("i used
  to send my dad voice messages");
- an app's name typed apart or cut short: "got a wats app off her", "message me on tele";
- the person's own phone as the channel to the writer ("he texted me from his own phone"), as
  the writer's own is ("my personal number");
- read receipts, which only the two people in a chat see: left on read ("he left me on read for
  three days", "i left her on delivered"), blue ticks on the writer's own messages or with the
  writer's own people ("two blue ticks on my message and nothing", "blue ticks and nothing
  back, that was my mum").
The person's own messaging with others ("blue ticks stress her out", "he said voice notes are
easier for him") stays clean. Also the verbs of contact and their base forms, which the reading
of contact in `reflect/guard_context.py` shares. Works on the guard's lighter reading (tags and
dependencies, no lemmas)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

from reflect.guard_clues import handle_read_out
from reflect.guard_words import KIN

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs of contact through a platform, in their base forms (their other forms are found by `base_verb`).
CONTACT = frozenset(
    {
        "add", "follow", "friend", "accept", "message", "dm", "text", "call", "ring", "find", "connect", "tag", "like",
        "swap", "exchange", "give", "send", "slide", "chat", "talk", "speak", "reach", "contact", "ping", "request",
        "get", "have", "be", "keep", "video", "voice", "search", "look", "hit", "invite", "join", "facetime", "snap",
        "whatsapp", "comment", "share", "write", "reply", "answer", "block", "track", "do", "match",
    }
)
_IRREGULAR = {
    "found": "find", "gave": "give", "given": "give", "sent": "send", "got": "get", "gotten": "get", "had": "have",
    "has": "have", "spoke": "speak", "spoken": "speak", "slid": "slide", "rang": "ring", "rung": "ring", "'re": "be",
    "'s": "be", "'m": "be", "m": "be", "am": "be", "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be",
    "wrote": "write", "written": "write", "kept": "keep", "'ve": "have", "hit": "hit", "did": "do", "does": "do", "done": "do",
    "left": "leave",
}
WRITER = frozenset({"i", "me", "my", "we", "us", "our", "myself", "ourselves", "mine"})
OTHERS = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs"})
MESSAGING_VERBS = frozenset(
    {"message", "dm", "text", "call", "ring", "chat", "talk", "speak", "send", "snap", "whatsapp", "facetime", "video", "voice", "ping", "reach", "contact", "write", "reply", "answer", "slide", "hit"}
)
# Verbs with which someone shows or reads out a message someone else sent: not contact.
SHOWING = frozenset({"show", "read", "see", "watch", "post", "forward", "screenshot", "report", "delete", "spend", "scroll", "use", "make"})
_PHONES = frozenset({"number", "phone", "mobile", "mob", "moby", "num", "no", "line", "landline", "cell"})
# An app's name typed apart ("whats app", "wats app") or cut short after "on" ("on tele").
_APP_FIRST = frozenset({"whats", "what's", "wats", "wat's", "watts", "whatts", "whts"})
_SHORT_APPS = frozenset({"tele", "tg", "wa"})
# Verbs by which a message goes to someone on a named channel: "message me on tele", "add her on tg".
_SENDING = MESSAGING_VERBS - {"talk", "speak", "chat"} | {"add", "find"}
_VOICE_NOTES = frozenset({"note", "notes", "memo", "memos"})
_VOICE_MESSAGES = frozenset({"message", "messages", "msg", "msgs"})
# What a message is left on when it has been read and not answered: "left me on read".
_RECEIPTS = frozenset({"read", "delivered", "seen", "unread", "opened"})
_TICKS = frozenset({"tick", "ticks"})
_TICK_KINDS = frozenset({"blue", "grey", "gray", "two", "2", "double"})
_MESSAGES = frozenset({"message", "messages", "msg", "msgs", "text", "texts", "voice", "note", "reply", "messaged", "texted"})


def base_verb(token: Token) -> str:
    """The base form of a verb the guard looks for, from its form (the small pipeline's
    lemmatizer slips on some: "texted" read as "texte"), else the lemma when the reading has one."""
    word = token.lower_.replace("’", "'")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in CONTACT or word in SHOWING:
        return word
    for ending in ("'d", "ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem
            for base in (stem, stem + "e", doubled):
                if base in CONTACT or base in SHOWING:
                    return base
    return token.lemma_.lower() if token.lemma_ else word


def governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(5):
        if (current.tag_.startswith("VB") or current.tag_ == "MD") and not split_app(current):
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def split_app(token: Token) -> bool:
    """The "s" of "whats app" typed apart, which the pipeline reads as a verb ("what" + "s")."""
    doc, i = token.doc, token.i
    return token.lower_ in ("s", "'s") and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_ and doc[i - 1].lower_ in ("what", "wat", "watt") and doc[i + 1].lower_ in ("app", "ap")


def own_phone(token: Token) -> bool:
    """A personal phone as the channel: the writer's own ("my personal number", "my own mobile",
    "my private phone"), or the person's own with a message to or from the writer ("he texted
    me from his own phone"), not "the team mobile" nor "she rang her mum from her own phone"
    (the writer and the person in the clause are read by whoever asks)."""
    if token.lower_ not in _PHONES or not any(c.lower_ in ("personal", "own", "private") for c in token.children):
        return False
    owner = next((c.lower_ for c in token.children if c.dep_ == "poss"), "")
    if owner in ("my", "our"):
        return True
    verb = governing_verb(token)
    return owner in OTHERS and verb is not None and base_verb(verb) in MESSAGING_VERBS


def sent_by_an_app(token: Token) -> bool:
    """The word is a message that goes only by a personal app, or such an app named apart or
    short: a voice note ("voice notes", "voicenote"), voice messages sent ("send my dad voice
    messages", not a voicemail left), "whats app" or "wats app" typed as two words, "tele" or
    "tg" after "on" with a verb of sending ("message me on tele", not "saw it on tele")."""
    word = token.lower_
    doc, i = token.doc, token.i
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if word in ("voicenote", "voicenotes", "voice-note", "voice-notes") or (word == "voice" and after in _VOICE_NOTES):
        return True
    if word == "voice" and after in _VOICE_MESSAGES:
        verb = governing_verb(token)
        return verb is not None and base_verb(verb) == "send"
    if word in _APP_FIRST and after in ("app", "ap", "apps"):
        return True
    if word in ("app", "ap") and i > 0 and split_app(doc[i - 1]):
        return True  # "got a whats app off her", read as "what" + "s" + "app"
    if word in ("wa", "tg") and after in ("group", "groups", "chat", "chats", "call", "calls", "msg", "message", "messages"):
        return True  # "the carers wa group", "a tg chat"
    if word in _SHORT_APPS and i > 0 and doc[i - 1].lower_ in ("on", "via", "over"):
        verb = governing_verb(token)
        return verb is not None and base_verb(verb) in _SENDING
    return False


def _people_in(words: list[Token]) -> tuple[bool, bool]:
    """Whether these words hold the writer, and someone else (a pronoun, a relative or friend, a name)."""
    lower = {t.lower_ for t in words}
    writer = bool(lower & WRITER)
    other = bool(lower & OTHERS) or any(t.lower_ in KIN or t.lower_.removesuffix("s") in KIN or t.ent_type_ == "PERSON" for t in words)
    return writer, other


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children)


def seen_between_us(doc: Doc) -> list[tuple[int, int]]:
    """Spans where read receipts show a chat between the writer and someone: left on read ("he
    left me on read", "i left her on delivered for a week"), or blue ticks on the writer's own
    messages or with their own people ("blue ticks on my message to him", "blue ticks and nothing
    back, that was my mum"); not someone else's ("blue ticks stress her out")."""
    spans = []
    for token in doc:
        word = token.lower_
        if word in _RECEIPTS and token.i > 0 and doc[token.i - 1].lower_ == "on":
            verb = doc[token.i - 1].head  # "left me on read", "left him on delivered" (read as a verb)
            if verb.tag_.startswith("VB") and verb.lower_ in ("leave", "leaves", "leaving", "left") and not _negated(verb):
                writer, other = _people_in([c for c in verb.children if c.dep_ in ("nsubj", "dobj", "dative")])
                if writer and other:
                    spans.append((verb.idx, token.idx + len(token)))
        elif word in _TICKS and (any(c.lower_ in _TICK_KINDS for c in token.children) or (token.i > 0 and doc[token.i - 1].lower_ in _TICK_KINDS)):
            mine = any(
                t.lower_ == "my" and (t.head.lower_ in _MESSAGES or t.head.lower_ in KIN)
                for t in token.sent
            )
            verb = governing_verb(token)
            if mine and not (verb is not None and _negated(verb)):
                start = doc[token.i - 1].idx if token.i > 0 and doc[token.i - 1].lower_ in _TICK_KINDS else token.idx
                spans.append((start, token.idx + len(token)))
    return spans


# --- an account by its name ----------------------------------------------------------------

# Platforms where someone has an account by a name; "medium" and the like only after "on".
ACCOUNT_PLATFORMS = frozenset(
    {"insta", "instagram", "ig", "facebook", "fb", "tiktok", "twitter", "x", "linkedin", "threads", "bluesky", "youtube", "yt", "snap",
     "snapchat", "wordpress", "blogger", "substack", "medium", "tumblr", "twitch", "reddit", "pinterest", "soundcloud", "spotify",
     "discord", "xbox", "psn", "steam", "roblox", "etsy", "vinted", "depop"}
)
_OWNED_ACCOUNTS = frozenset({"account", "acc", "username", "handle", "page", "profile", "channel", "blog", "gamertag", "vlog"})
# Platforms whose "her X is ..." is left to the rules as the earlier sets label it (a snapchat
# name given is the messaging app's, "his snapchat's jayboy22"), or that are everyday words.
_SAID_ELSEWHERE = frozenset({"medium", "x", "snap", "snapchat"})
_OWNERS = frozenset({"my", "her", "his", "their", "your", "our"})
_IS = frozenset({"is", "was", "'s", "s", ":", "=", "-"})
# Words before an account named on a platform: "search bradleyboxing on facebook", "up under thequietrunner on wordpress".
_BEFORE_ON = frozenset({"search", "for", "up", "follow", "add", "find", "under", "as", "by", "called", "named"})
# Words between a platform and the account named after it: "on ig, inkedbyren", "on snap its ellz_xo".
_BETWEEN = frozenset({",", ":", "-", "its", "it", "'s", "s", "i", "im", "'m", "m", "is", "as", "under", "she", "he", "shes", "hes"})
_HANDLE = re.compile(r"^@?[a-z0-9][\w.]{2,29}$")


class Words(Protocol):
    """What the analyzer reads words by: its everyday words and its names lists."""

    names: Any

    def everyday(self, word: str) -> bool: ...


# The analyzer's everyday words and names, given by the analyzer when it loads (`know_words`).
_LISTS: list[Words] = []


def know_words(words: Words) -> None:
    """Called by the guard's analyzer once loaded: the everyday words and names it reads by."""
    _LISTS[:] = [words]


def _handle_like(token: Token) -> bool:
    """The word is shaped as an account's name: with an underscore, a dot or a digit among its
    letters ("sunnyvibes_22", "k8ie.xo"), or a run of words written as one that no dictionary or
    names list has ("mollyblooms", "inkedbyren"), not an everyday word ("private", "deleted")."""
    word = token.lower_
    if not _HANDLE.match(word) or len(re.findall(r"[a-z]", word)) < 3 or word.endswith("."):
        return False
    if re.search(r"[_.\d]", word.lstrip("@")):
        return True
    if not _LISTS:
        return False  # no analyzer has loaded its lists: only a marked account is read
    words = _LISTS[0]
    return word.isalpha() and len(word) >= 6 and not words.everyday(word) and word not in words.names.first and word not in words.names.last


def account_named(doc: Doc) -> list[tuple[int, int]]:
    """Spans where an account is given by its name, with or without an @: said to be someone's
    account ("my old account was mollyblooms", "her snap is k8ie.xo", "his tiktok's lil.dreamz"),
    named before the platform it is on ("search bradleyboxing on facebook", "still up under
    thequietrunner on wordpress"), or after it ("find my art on ig, inkedbyren"). Words that are
    no account stay clean ("her account is private", "my page is mostly art")."""
    spans = []
    for token in doc:
        if not _handle_like(token):
            continue
        i = token.i
        before = doc[i - 1].lower_ if i > 0 else ""
        said_to_be = False
        if before in _IS or (before in ("called", "named") and i > 1 and doc[i - 2].lower_ in _IS):
            k = i - 2 if before in _IS else i - 3
            if k > 0 and doc[k].lower_ in ("name", "handle", "account", "username", "tag") and doc[k - 1].lower_ in ACCOUNT_PLATFORMS:
                k -= 1  # "her insta name is ..."
            said_to_be = k >= 0 and (doc[k].lower_ in ACCOUNT_PLATFORMS - _SAID_ELSEWHERE or doc[k].lower_ in _OWNED_ACCOUNTS) and any(
                t.lower_ in _OWNERS for t in doc[max(0, k - 3) : k]
            )
        on_it = before in _BEFORE_ON and i + 2 < len(doc) and doc[i + 1].lower_ in ("on", "over") and doc[i + 2].lower_ in ACCOUNT_PLATFORMS
        after_it = any(
            doc[j].lower_ in ACCOUNT_PLATFORMS and doc[j - 1].lower_ in ("on", "via") and all(t.lower_ in _BETWEEN for t in doc[j + 1 : i])
            for j in range(max(1, i - 4), i - 1)
        ) and (i + 1 >= len(doc) or doc[i + 1].is_punct or doc[i + 1].lower_ in ("and", "if", "or", "but", "so"))
        if said_to_be or on_it or after_it:
            spans.append((token.idx, token.idx + len(token)))
    return spans + handle_read_out(doc)
