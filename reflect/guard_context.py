"""How the identifying-details guard reads what a detail is doing in its sentence, on the
parse rather than on strings:
- a personal messaging or social platform used as a channel between the writer and the
  person, in either direction and any wording ("i accepted his friend request on facebook",
  "we swapped snapchats", "he found me on tiktok", "she's been dming me", "i followed her back
  on instagram"), while the person's own use ("she showed me a whatsapp message from her
  sister", "her son keeps messaging her on facebook") and contact refused or declined ("I
  explained why I can't add her on instagram") stay clean;
- one person singled out by who they are: "the only" with what makes them so ("our team's
  only male OT"), a role only one person holds ("his mum is the mayor", "whose dad runs the
  chippy"), or the news ("she's the one who was in the paper").
Every reading works on the guard's lighter reading too (tags and dependencies, no lemmas)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reflect.guard_messages import CONTACT as _CONTACT
from reflect.guard_messages import MESSAGING_VERBS as _MESSAGING_VERBS
from reflect.guard_messages import OTHERS, WRITER, own_phone, seen_between_us, sent_by_an_app, split_app
from reflect.guard_messages import SHOWING as _SHOWING
from reflect.guard_messages import base_verb as _base
from reflect.guard_staff import staff_and_supported
from reflect.guard_messages import governing_verb as _governing_verb
from reflect.guard_words import CALLED_PEOPLE, JOBS, KIN

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Platforms for personal messages and social contact. Some are everyday words too ("signal",
# "x", "snap", "threads"): those count only after "on", "via" or "over".
PLATFORMS = frozenset(
    {
        "whatsapp", "whatsapps", "watsapp", "whatsap", "wattsapp", "snapchat", "snapchats", "insta", "instagram", "ig",
        "facebook", "fb", "messenger", "tiktok", "twitter", "telegram", "discord", "viber", "facetime", "linkedin", "kik",
        "wechat", "imessage", "dms", "dm", "inbox", "snaps", "bluesky",
    }
)
PLATFORMS_AFTER_ON = frozenset({"x", "signal", "snap", "threads", "imo", "duo", "hinge", "bumble", "tinder", "grindr", "twitch"})
# ... or before a message or call they carry: "a signal message from him", "a snap call".
_CARRIED = frozenset({"message", "messages", "msg", "call", "calls", "text", "chat", "voice", "group"})
# A platform made a verb: "whatsapped me", "facetimed her", "dming me", "viber'd me", "snapping me".
_PLATFORM_VERB = re.compile(
    r"^(?:what'?s?app|watsapp|snap(?:chat)?|face-?time|viber|telegram|i-?message|insta|dm|pm|inbox|tiktok|ig|wa')(?:'?d|ed|ped|ted|med|ing|ping|ting|ming|s)$"
)
# Verbs that make a group on a platform: "set up a whatsapp group for me and the lads".
_GROUP_MADE = frozenset({"set", "start", "create", "started", "created", "starting", "creating", "sets", "starts", "creates"})
# Verbs that set the writer and the person on the same platform by themselves ("we swapped snapchats").
_RECIPROCAL = frozenset({"swap", "exchange", "connect", "follow", "be", "chat", "talk", "message", "friend", "keep"})
# Words that say the contact was refused or turned down, anywhere in the sentence.
_REFUSED = re.compile(
    r"\b(?:declined?|declining|refused?|refusing|(?:i|we|and)(?: just| politely| kindly| gently| firmly)? said no|explain(?:ed|ing|s)? (?:\w+ )?why|not allowed|isn't allowed|"
    r"(?:the|our) (?:duty|office|team|service|work)\b[^.!?]{0,25}\binstead|against (?:the |our |team )?polic|"
    r"(?:keep|kept|stick|stuck) to (?:the|our) (?:team|work|duty|office|service)(?:'s)? (?:phone|number|mobile|line)|turned (?:it |him |her |them )?down|ignor(?:ed|ing) (?:it|the|his|her|their)|(?:didn't|won't|wouldn't) accept|"
    r"(?:said|told (?:her|him|them)|explained) (?:that )?i (?:can't|cannot|couldn't|won't|wouldn't|can not)|keep (?:work|home)\b[a-z ]{0,25}separate)\b"
)
# Social networks, where an account is followed, friended or found; a friend or follow
# request is one too. Contact there by message is a messaging app's.
SOCIAL = frozenset(
    {"insta", "instagram", "ig", "facebook", "fb", "tiktok", "twitter", "x", "linkedin", "threads", "bluesky", "youtube", "twitch",
     "hinge", "bumble", "tinder", "grindr"}  # a dating app's profile, a stream's channel: an account too
)
# Verbs under which contact is only asked for or wished: "she asked to add me on facebook".
_ONLY_ASKED = frozenset({"ask", "want", "try", "offer", "beg", "wish", "hope", "like", "love"})


def declined(doc: Doc, start: int, end: int) -> bool:
    """The sentence at these offsets (or the next) says an offer or contact was refused or
    turned down ("she asked to come round to mine and I explained I can't")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and _refused(span.sent)


def _refused(sent: Span) -> bool:
    """The sentence, or the one after it ("she asked to follow me on insta and. i said no"),
    says the contact was refused or turned down."""
    doc = sent.doc
    end = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
    return bool(_REFUSED.search(doc[sent.start : end].text.lower()))


def _platform(token: Token) -> bool:
    word = token.lower_
    if word in PLATFORMS or own_phone(token) or _group_chat(token) or sent_by_an_app(token):
        return True
    if word == "twitch" and token.dep_ in ("compound", "poss") and token.i and token.doc[token.i - 1].lower_ in ("my", "our"):
        return True  # "they watch my twitch streams": the writer's channel
    if word in PLATFORMS_AFTER_ON:
        if token.dep_ in ("amod", "compound") and token.head.lower_ in _CARRIED:
            return True
        before = token.doc[token.i - 1].lower_ if token.i else ""
        if word == "snap" and before in ("his", "her", "their", "your", "my", "our") and token.dep_ in ("dobj", "pobj", "attr", "nsubj"):
            return True  # "i've had his snap for years": the account, said by whose it is
        # "adding him on imo"; "on bumble" read as a word hung on "on"
        return before in ("on", "via", "over") and (token.dep_ == "pobj" or token.head.i in (token.i - 1, token.doc[token.i - 1].head.i))
    # "his friend request", "a follow request", "friend req"
    return word in ("request", "requests", "req") and any(c.lower_ in ("friend", "follow", "connection") for c in token.children)


def _group_chat(token: Token) -> bool:
    """A group chat: "her family group chat", "the groupchat" (the writer and the person in it
    is contact, like any message)."""
    doc, i = token.doc, token.i
    return token.lower_ in ("groupchat", "groupchats") or (token.lower_ == "group" and i + 1 < len(doc) and doc[i + 1].lower_ in ("chat", "chats"))


def _platform_verb(token: Token) -> bool:
    word = token.lower_.replace("’", "'")
    doc, i = token.doc, token.i
    if word in PLATFORMS and i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in ("ing", "ed", "d"):
        return True  # "been viber-ing with her mum", "whatsapp-ed him"
    if not token.tag_.startswith("VB") or not _PLATFORM_VERB.match(word):
        return False
    if word.startswith("snap") and not word.startswith("snapchat"):
        # "snapping me selfies", not "she snapped at me" nor "he snapped out of it"
        return any(c.dep_ in ("dobj", "dative") and c.lower_ in WRITER | OTHERS for c in token.children)
    return True


def _as_a_verb(token: Token) -> Token:
    """A platform made a verb, or the verb it hangs on when read as an adjective ("been whatsapp-ing her")."""
    return token if token.tag_.startswith("VB") or token.head is token else token.head


def _clause(verb: Token) -> list[Token]:
    """The verb's own clause: its words without the clauses hung on it, and the subject it
    shares with the verb it is joined to ("he found me ... and messaged me", "keeps snapping me")."""
    words = [verb]
    stack = list(verb.children)
    while stack:
        t = stack.pop()
        if t.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp") and t.tag_.startswith("VB") and not split_app(t):
            continue
        words.append(t)
        stack.extend(t.children)
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.children) and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        words += [t for t in verb.head.children if t.dep_ in ("nsubj", "nsubjpass")]
    return words


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children):
        return True
    head = verb.head
    if verb.dep_ == "ccomp" and head.i > verb.i and any(t.is_punct for t in verb.doc[verb.right_edge.i + 1 : head.i]):
        return False  # a run-on note: "she dm'd me after group, i havent replied" is two clauses
    return verb.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "neg" for c in head.children)


def _no_subject_at_start(verb: Token) -> bool:
    """A note with the writer left out: "texted her on whatsapp", "messaged him on fb"."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return False
    first = verb.sent.start
    return verb.i == first or verb.doc[verb.i - 1].is_punct or verb.doc[verb.i - 1].lower_ in ("and", "then", "just", "also", "so")


def contact_between_us(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a messaging app, or a message on any platform, is a channel between the
    writer and the person ("we swapped snapchats", "she's been dming me on twitter")."""
    return [span for span, social in _contacts(doc) if not social] + seen_between_us(doc)


def connected_between_us(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer and the person are connected through a social-media account:
    followed, friended, found, tagged ("i accepted his friend request on facebook", "i followed
    her back on instagram", "we're friends on fb now")."""
    return [span for span, social in _contacts(doc) if social]


def _contacts(doc: Doc) -> list[tuple[tuple[int, int], bool]]:
    """Spans where a messaging or social platform is a channel between the writer and the
    person, each with whether it is a social account (True) or a message (False): the platform
    (or a friend or follow request) hangs on a verb of contact whose clause holds the writer and
    someone else, or the writer and a reciprocal verb ("we swapped snapchats", "we're friends on
    fb"); not where it is refused, negated, only asked for or only shown."""
    spans = []
    for sent in doc.sents:
        if _refused(sent):
            continue
        for token in sent:
            as_verb = _platform_verb(token)
            if not as_verb and not _platform(token):
                continue
            verb = _as_a_verb(token) if as_verb else _governing_verb(token)
            if verb is None or _negated(verb):
                continue
            if not as_verb and _presence_seen(verb, sent):
                spans.append(((min(verb.idx, token.idx), max(t.idx + len(t) for t in (verb, token))), token.lower_ in SOCIAL))
                continue
            base = _base(verb)
            made = verb.lower_ in _GROUP_MADE and token.head.lower_ in ("group", "chat", "groupchat") and token.head.head.i == verb.i
            mine = not as_verb and _sees_mine(verb, token)
            if not as_verb and base not in _CONTACT and not made and not mine:
                continue
            in_a_group = token.lower_ in ("group", "groupchat") or token.head.lower_ in ("group", "chat", "groupchat") or (
                token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("group", "groupchat")
            )  # "the carers wa group", whatever "wa" is read as
            if base == "be" and not as_verb and not in_a_group and not any(t.lower_ in ("friends", "mutuals", "friend", "mutual") for t in verb.subtree):
                continue  # "she's on whatsapp all day", "he's on insta a lot" (not "we're in a group chat")
            clause = _clause(verb)
            words = {t.lower_ for t in clause}
            writer = words & WRITER or _no_subject_at_start(verb)
            # "you" told to message the writer on an app is the person ("you can message me on tele")
            other = words & OTHERS or "each" in words or ("you" in words and base in _MESSAGING_VERBS and not own_phone(token)) or any(t.ent_type_ == "PERSON" or t.lower_ in KIN or t.lower_.removesuffix("s") in KIN for t in clause if t.i != verb.i)
            # a group made for the writer and people they support: "for me and the three lads"
            other = other or (made and any(t.lower_.removesuffix("s") in PEOPLE for t in clause))
            # "facetimed the family", "in the carers wa group": people the writer works with
            other = other or any((t.lower_ in _GROUPS_OF_PEOPLE or t.lower_.removesuffix("s") in _GROUPS_OF_PEOPLE) and t.i != verb.i for t in clause)
            reciprocal = bool(words & {"we", "us"}) and (base in _RECIPROCAL or "each" in words)
            if not (writer and (other or reciprocal)) and not mine and not staff_and_supported(verb, clause):
                continue
            if (base in _SHOWING and not mine) or (verb.dep_ == "xcomp" and _base(verb.head) in _ONLY_ASKED):
                continue
            if base == "be" and any(c.dep_ == "aux" and c.lower_ in ("should", "could", "would", "might", "shall") for c in verb.children):
                continue  # "we should be friends on fb": a wish, for the rule on the relationship
            # "a follow request on instagram": the platform of a friend or follow request is an account's.
            request = token.lower_.startswith("req") or (token.head.head is not token.head and _platform(token.head.head) and token.head.head.lower_.startswith("req"))
            request = request or any(  # "sent me a friend req on fb"
                c.dep_ == "dobj" and (c.lower_.startswith("req") or c.lower_ in ("friend", "follow")) and any(g.lower_ in ("friend", "follow") or g.lower_.startswith("req") for g in c.children)
                for c in verb.children
            )
            # "he sent me his linkedin": the account itself given, not a message on it
            given = token.dep_ == "dobj" and any(c.dep_ == "poss" for c in token.children)
            social = not as_verb and (token.lower_ in SOCIAL or request) and (base not in _MESSAGING_VERBS or request or given)
            if base in ("find", "search", "look", "track") and any(c.dep_ == "conj" and _base(c) in _MESSAGING_VERBS and not _sends_a_request(c) for c in verb.children):
                social = False  # "she found me on facebook and now messages me": the finding was for the message
            spans.append(((min(verb.idx, token.idx), max(t.idx + len(t) for t in (verb, token))), social))
            # "he found me on tiktok and messaged me": a message joined on goes by the same platform.
            for joined in verb.children:
                if joined.dep_ == "conj" and _base(joined) in _MESSAGING_VERBS and {t.lower_ for t in _clause(joined)} & (WRITER | OTHERS):
                    spans.append(((joined.idx, joined.idx + len(joined)), False))
    return spans


_PRESENCE = frozenset({"online", "typing", "active"})
# People the writer meets as a group or by what they are to someone: "the family", "the carers".
_GROUPS_OF_PEOPLE = frozenset({"family", "families", "carer", "parent", "relative", "resident", "lad", "lass", "girl", "boy", "client", "patient"})


def _sends_a_request(verb: Token) -> bool:
    """The verb sends a friend, follow or connection request ("sent me a connection request"):
    an account's, not a message."""
    return any(c.dep_ == "dobj" and c.lower_.startswith("req") and any(g.lower_ in ("friend", "follow", "connection") for g in c.children) for c in verb.children)


def _presence_seen(verb: Token, sent: Span) -> bool:
    """The writer sees the person's presence on an app, which only a contact sees: "i can see
    she's online on whatsapp", "he was last seen on whatsapp at 2am so i know", "i could see
    she'd read my message on telegram" (not "she's online on whatsapp all day", "i can't see")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in OTHERS:
        return False
    words = {t.lower_ for t in sent.doc}  # the writer anywhere in the note: "... at 2am so i know"
    if not words & WRITER:
        return False
    last_seen = verb.lower_ == "seen" and any(c.lower_ == "last" for c in verb.children)
    read_mine = _base(verb) == "read" and any(c.dep_ == "dobj" and any(p.lower_ in ("my", "our") for p in c.children) for c in verb.children)
    present = any(c.lower_ in _PRESENCE for c in verb.children) or verb.lower_ in _PRESENCE
    if not (last_seen or read_mine or present):
        return False
    if last_seen:
        return True
    seer = verb.head if verb.dep_ in ("ccomp", "xcomp", "conj") else None
    return seer is not None and (_base(seer) in ("see", "notice", "watch", "check", "know", "tell") or seer.lower_ in ("saw", "noticed", "watched", "checked", "knew", "clocked", "spotted")) and not any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in seer.children) and any(c.dep_ == "nsubj" and c.lower_ in WRITER for c in seer.children)


_POSTS = frozenset({"post", "posts", "story", "stories", "reel", "reels", "pics", "photos", "videos", "tiktoks", "status", "statuses", "everything", "all", "stuff", "streams", "stream", "vids", "lives"})
_SEEN_BY = frozenset({"like", "react", "comment", "view", "see", "watch", "heart", "share"})


def _sees_mine(verb: Token, platform: Token) -> bool:
    """Someone sees, likes or answers what the writer posts on a social network, so they are
    connected there: "she watches all my stories on insta", "she reacts to everything i post on
    fb" (not "she showed me her posts", "i post on fb a lot")."""
    if platform.lower_ not in SOCIAL:
        return False
    if _base(verb) in ("post", "put", "share", "upload") and verb.dep_ == "relcl":
        verb = _governing_verb(verb.head) or verb  # "everything i post on fb", read by whoever reacts to it
    seen = verb.lemma_.lower() in _SEEN_BY or _base(verb) in _SEEN_BY or re.sub(r"(?:ed|d|s|ing)$", "", verb.lower_) in _SEEN_BY
    # by whoever: "she", "the young lad i see", "his mum"
    if not seen or not any(c.dep_ == "nsubj" and (c.lower_ in OTHERS or c.lower_ in KIN or c.lower_ in CALLED_PEOPLE or c.lower_ == "people" or c.lower_.removesuffix("s") in KIN | CALLED_PEOPLE | _GROUPS_OF_PEOPLE) for c in verb.children):
        return False
    posted = [t for t in verb.subtree if t.dep_ == "relcl" and _base(t) in ("post", "put", "share", "upload") and any(c.dep_ == "nsubj" and c.lower_ in WRITER for c in t.children)]
    seen_things = [c for c in verb.children if c.dep_ == "dobj"] + [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on") for g in c.children if g.dep_ == "pobj"]
    mine = [c for c in seen_things if c.lower_ in _POSTS and any(p.lower_ in ("my", "our") for p in c.children)]  # "reacted to my story"
    return bool(mine or posted)


def _in_it_alone(verb: Token, platform: Token) -> bool:
    """Someone else is on or in the platform, with no word of the writer's in it or its clause:
    "she's in a whatsapp group with her cousins" (not "she's in my group chat", "we're friends")."""
    group = platform if platform.lower_ in ("group", "groupchat") else platform.head
    if group.lower_ not in ("group", "groups", "chat", "chats", "groupchat") or group.head.lower_ not in ("in", "on"):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in WRITER:
        return False
    return not any(t.lower_ in WRITER | {"friends", "mutuals"} for t in _clause(verb))


def _from_them(prep: Token, verb: Token | None) -> bool:
    """A message got from "her" or "him" alone, the person ("got a signal call from her"), not
    one from someone else ("a whatsapp message from her sister")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return verb is not None and _base(verb) in ("get", "have", "receive") and bool(objects) and all(o.lower_ in OTHERS for o in objects)


def not_between_us(doc: Doc, start: int, end: int) -> bool:
    """A messaging hit found by its words that the sentence undoes: the contact is refused or
    declined, or the message is only shown or read out ("she showed me a whatsapp message from
    her sister")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if _refused(span.sent):
        return True
    for token in span:
        clause = _clause(_as_a_verb(token))
        if _platform_verb(token) and not _no_subject_at_start(_as_a_verb(token)) and not {t.lower_ for t in clause} & WRITER and not staff_and_supported(_as_a_verb(token), clause):
            return True  # "her ex keeps whatsapping her": contact between others
        if not _platform(token):
            continue
        verb = _governing_verb(token)
        if verb is not None and ((_base(verb) in _SHOWING and not _sees_mine(verb, token) and not _presence_seen(verb, verb.sent)) or _negated(verb)):
            return True
        if verb is not None and _base(verb) == "be" and _in_it_alone(verb, token):
            return True  # "I said she's in a whatsapp group with her cousins": her own group
        if any(c.dep_ == "prep" and c.lower_ == "from" and not any(g.lower_ in WRITER for g in c.subtree) and not _from_them(c, verb) for c in token.head.children):
            return True
    return False


# --- one person singled out ---------------------------------------------------------------

# People a description can single out.
PEOPLE = JOBS | CALLED_PEOPLE | KIN | frozenset(
    {"ot", "sw", "hca", "gp", "member", "speaker", "resident", "tenant", "pupil", "paramedic", "medic", "worker", "nurse",
     "doctor", "mum", "dad", "mother", "father", "parent", "lady", "dancer", "singer", "player", "footballer", "boxer",
     "psychiatrist", "psychologist", "counsellor", "cpn", "keyworker"}
)
# Roles only one person holds in a place: "his mum is the mayor", "her dad's the vicar".
ONE_PERSON_ROLES = frozenset(
    {"mayor", "mp", "mep", "vicar", "imam", "rabbi", "priest", "headteacher", "headmaster", "headmistress", "landlord",
     "landlady", "constable", "ceo", "chairman", "chairwoman", "councillor", "governor", "postman", "postie", "lollipop"}
)
# Businesses that, run or owned by someone, point at them: "whose dad runs the chippy".
BUSINESSES = frozenset(
    {"chippy", "pub", "shop", "cafe", "café", "takeaway", "garage", "salon", "bakery", "newsagents", "newsagent", "offy",
     "butchers", "barbers", "hairdressers", "launderette", "gym", "nursery", "b&b", "hotel", "restaurant", "farm", "chemist"}
)
# Places someone is the head of: "his wife was the head at the primary".
_WORKPLACES = frozenset(
    {"primary", "school", "academy", "college", "nursery", "juniors", "infants", "comp", "high", "grammar", "practice", "surgery",
     "unit", "department", "centre", "center", "hospital", "hostel", "library", "church", "mosque", "temple", "gurdwara", "club", "council", "station", "home"}
)
# Facts that make one person the only one where they are: "the oldest lady on the ward".
_SUPERLATIVES = frozenset({"oldest", "youngest", "eldest", "tallest", "newest", "longest-serving"})
_NEWS = frozenset({"paper", "papers", "news", "telly", "tv", "crimewatch", "headlines", "radio"})
_GENERIC = frozenset({"other", "one", "real", "good", "same", "first", "last", "own", "actual", "proper"})


def _a_person(token: Token | None) -> bool:
    if token is None:
        return False
    low = token.lower_
    return low in OTHERS or low in WRITER or low in ("who", "that", "whose") or low in PEOPLE or token.ent_type_ == "PERSON"


def _subject(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        return verb.head
    return subject


def _definite(token: Token) -> bool:
    return any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" or c.lower_ == "local" for c in token.children)



def _own_or_verbs(token: Token) -> list[Token]:
    """The words hung on `token`, and, for a complement ("his wife was the head at the primary"),
    those hung on its verb after it."""
    words = list(token.children)
    if token.dep_ == "attr":
        words += [c for c in token.head.children if c.i > token.i and any(g.dep_ == "pobj" and (g.lower_ in _WORKPLACES or g.tag_ == "NNP") for g in c.children)]
    return words


def singled_out(doc: Doc) -> list[tuple[int, int]]:
    """Spans where one person is singled out by who they are: "the only" with what makes them
    the only one ("our team's only male OT", "the only nurse on nights"); a role only one person
    holds, said of someone ("his mum is the mayor", "married to our local MP", "his wife is the
    head at the primary"); a business someone runs ("whose dad runs the chippy"); or the news
    ("the one who was in the paper", "went viral")."""
    spans = []
    for token in doc:
        low = token.lower_
        found: Token | None = None
        # "the only male OT", and "the one male midwife": "one" as "only" before what makes them so
        # "our one consultant who is also a councillor", "the oldest lady on the ward"
        the_one = low == "one" and token.dep_ == "nummod" and token.i > 0 and doc[token.i - 1].lower_ in ("the", "our", "their", "your")
        eldest = low in _SUPERLATIVES and token.dep_ == "amod"
        if (the_one or eldest or (low == "only" and token.dep_ in ("amod", "advmod"))) and token.head.lower_ in PEOPLE:
            person = token.head
            qualified = any(
                (c.dep_ in ("amod", "compound", "nmod") and c.i > token.i and c.lower_ not in _GENERIC and not eldest)
                or (c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "from"))
                or (c.dep_ == "relcl" and the_one)  # "our one consultant who is also a councillor"
                for c in person.children
            )
            if qualified and _definite(person) and not (eldest and person.tag_.endswith("S")):  # not "the oldest patients"
                found = person
        elif low in ONE_PERSON_ROLES or (low == "head" and any(c.dep_ == "prep" and c.lower_ in ("at", "of") for c in _own_or_verbs(token))):
            if low == "constable" and not any(c.lower_ == "chief" for c in token.children):
                continue
            if not _definite(token):
                continue
            if token.dep_ == "attr" and _a_person(_subject(token.head)):
                found = token
            elif token.dep_ == "ROOT" and any(c.dep_ == "poss" and c.lower_ in PEOPLE and any(g.dep_ == "case" for g in c.children) for c in token.children):
                found = token  # "her husband's the landlord", read as a possessive
            elif token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "married":
                found = token
        elif low in BUSINESSES and token.dep_ == "dobj" and _definite(token) and not any(c.dep_ == "prep" for c in token.children):
            # With where it is ("the chip shop in Thornton Dale") it is a workplace, an address.
            verb = token.head
            if _base(verb) in ("run", "own", "runs", "owns") or verb.lower_ in ("run", "runs", "ran", "running", "own", "owns", "owned"):
                if _a_person(_subject(verb)):
                    found = token
        elif low in _NEWS and token.dep_ == "pobj" and token.head.lower_ in ("in", "on"):
            verb = token.head.head
            if verb.tag_.startswith("VB") and _base(verb) == "be" and _a_person(_subject(verb)):
                found = token
        elif low == "viral" and token.head.lower_ in ("went", "gone", "goes", "go", "going") and _a_person(_subject(token.head)):
            found = token
        if found is not None:
            start = min(token.i, found.i)
            end = max(token.i, found.i)
            spans.append((doc[start].idx, doc[end].idx + len(doc[end])))
    return spans


# --- a home by its name ------------------------------------------------------------------

# Where people live that go by a name: "rosewood care home", "st anne's hostel", "brook lodge".
_HOMES = {"home": frozenset({"care", "nursing", "residential"}), "hostel": frozenset(), "lodge": frozenset(), "refuge": frozenset()}
# Words before such a home that name no one's: "the local care home", "a bail hostel".
_ANY_HOME = frozenset(
    {"a", "an", "the", "her", "his", "their", "my", "our", "local", "council", "private", "new", "old", "big", "small", "bail", "youth",
     "homeless", "women's", "womens", "mens", "men's", "supported", "mental", "health", "same", "other", "another", "this", "that", "nearest"}
)


def named_homes(doc: Doc) -> list[tuple[int, int]]:
    """A care home, hostel, lodge or refuge by its name, where someone lives: "she's at
    rosewood care home now", "moved into st anne's hostel" (not "the local care home", "a hostel")."""
    spans = []
    for token in doc:
        kinds = _HOMES.get(token.lower_)
        if kinds is None:
            continue
        k = token.i - 1
        if kinds:
            if k < 0 or doc[k].lower_ not in kinds:
                continue
            k -= 1
        if k < 0 or (not doc[k].is_alpha and doc[k].tag_ != "POS") or doc[k].lower_ in _ANY_HOME or (doc[k].is_alpha and doc[k].is_stop):
            continue
        start = k - 1 if doc[k].tag_ == "POS" and k > 0 else k  # "st anne's hostel"
        while start > 0 and doc[start - 1].lower_ in ("st", "st.", "saint"):
            start -= 1
        spans.append((doc[start].idx, token.idx + len(token)))
    return spans


# Places a note puts someone at, after which "in X" is the town: "the flats behind the co-op in thirsk".
LANDMARKS = BUSINESSES | _WORKPLACES | frozenset(
    {"flats", "flat", "house", "bungalow", "estate", "shelter", "room", "caravan", "st", "street", "road", "rd", "lane", "op", "coop",
     "lidl", "aldi", "tesco", "asda", "oxfam", "spar", "park", "bakery", "shops", "precinct", "market", "square", "office", "terrace"}
)
