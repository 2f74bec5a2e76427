"""How the phrasing guide reads a secret asked of the person, whatever the words: what the writer
shared said not to be passed on, by the person, in a clause the writer asks, wants, trusts,
would appreciate or sets as a condition ("I asked her not to bring it up in group", "I said I
trust you not to pass that on", "I'd rather it didn't go any further", "I'd appreciate it if he
kept that one to himself", "as long as she doesn't let the team know", "best not say anything",
"that's just for this room", "it's private, not for telling the other staff", "it's not
something I want getting round"). Not the person's own promise reported ("he said he wouldn't
tell anyone"), what the writer kept to themselves ("I kept it to myself for years"), nor leave
given ("she's free to tell whoever she likes", "you don't have to tell anyone"). The
keep_it_between_us rule asks for it by name (`shapes:` in prompts/phrasing.yaml), through
`reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import heads, is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Passing something on, and the word each verb needs to mean it ("pass it on", "bring it up",
# "go any further", "get round", "let the team know").
_PASS_ON = {"tell": (), "mention": (), "repeat": (), "say": (), "share": (), "spread": (), "breathe": (), "pass": ("on",),
            "bring": ("up",), "go": ("further", "far", "beyond"), "get": ("round", "around"), "let": ("know", "on"), "keep": ()}
_ME = frozenset({"i", "we"})
_REFLEXIVE = frozenset({"himself", "herself", "yourself", "themselves", "themself", "yourselves"})
_KEPT = frozenset({"quiet", "secret", "private", "schtum", "shtum"})
# The writer's asking, wanting or trusting: "I asked her", "I'd rather", "I trust you".
_ASKING = frozenset({"ask", "tell", "say", "want", "trust", "appreciate", "rather", "prefer", "expect", "beg", "need", "hope", "would", "make"})
# What is passed on: what I said, or anything at all ("don't repeat this", "best not say anything").
_SAID = frozenset({"it", "this", "that", "anything", "anyone", "anybody", "owt", "word", "what", "nothing", "bit", "thing", "any", "one"})
# Asked of the person's own doing, not reported of it ("I told her he won't say much" is a forecast).
_ASKING_OF = frozenset({"ask", "want", "trust", "appreciate", "rather", "prefer", "expect", "beg", "need", "hope", "make"})
_NOT = frozenset({"not", "n't", "never", "nt"})


def _negated_here(verb: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in _NOT for c in verb.children):
        return True
    doc = verb.doc
    return any(doc[i].lower_ in _NOT for i in range(max(verb.sent.start, verb.i - 2), verb.i))


def _passing_on(verb: Token) -> bool:
    needs = _PASS_ON.get(verb.lemma_.lower())
    if needs is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.lemma_.lower() == "keep":
        # "kept that one to himself", "keep it quiet".
        return any(t.lower_ in _REFLEXIVE | _KEPT for t in verb.subtree if t.i > verb.i and t.i - verb.i <= 6)
    if needs and not any(t.lower_ in needs for t in verb.subtree if t.i > verb.i and t.i - verb.i <= 5):
        return False
    if not _negated_here(verb) and not (verb.lemma_.lower() in ("go", "get") and _negated_above(verb)):
        return False
    if any(c.dep_ == "dobj" and c.lower_ in ("me", "us") for c in verb.children):
        return False  # "don't tell me", said of the person's news
    if not needs and not any(c.dep_ in ("dobj", "dative", "prep", "ccomp") and c.lower_ != "never" for c in verb.children):
        return False  # "never say never": nothing passed on
    if needs or verb.lemma_.lower() == "keep":
        return True
    told = [t for c in verb.children if c.dep_ in ("dobj", "dative", "prep", "ccomp") for t in c.subtree]
    return any(t.lower_ in _SAID or t.dep_ == "poss" and t.lower_ == "my" for t in told) or any(c.dep_ in ("prep", "dative") for c in verb.children)


def _negated_above(verb: Token) -> bool:
    """ "it's not something I want getting round": the going round is what is not wanted."""
    return any(c.dep_ == "neg" for head in heads(verb) for c in head.children)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _asked_by_me(verb: Token) -> bool:
    """The passing on is the person's, and the writer is the one asking it not to happen."""
    subject = _subject(verb)
    if subject is not None and subject.lower_ in _ME:
        return False  # what I never told, or kept to myself
    words = [t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 3) : verb.i]]
    if "best" in words or "better" in words:
        return True  # "best not say anything"
    before = " ".join(t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 6) : verb.i])
    if "as long as" in before or "so long as" in before or "provided" in before:
        return True  # "as long as she doesn't let the team know"
    head = verb
    for _ in range(4):
        if head.head is head:
            break
        head = head.head
        if head.dep_ == "relcl" and head.head.dep_ != "attr":
            return False  # "the bit i wouldn't want passed on": a part described, not an ask
        if head.lemma_.lower() in ("have", "need") and _negated_here(head):
            return False  # "you don't have to tell anyone": leave given
        asker = _subject(head)
        if asker is None:
            continue  # "I'd rather it didn't go any further": up to the one who would rather
        if asker.lower_ in _ME:
            asking = _ASKING_OF if subject is not None else _ASKING
            rather = any(c.lower_ == "rather" for c in list(head.children) + list(verb.children))
            return head.lemma_.lower() in asking or rather
        return False  # "he said he wouldn't tell anyone": his own word
    return False


def _for_this_room(token: Token) -> bool:
    """ "that's just for this room", "not for telling the other staff", "it stays with us"."""
    if token.lower_ == "room" and any(c.lower_ == "this" for c in token.children) and token.head.lower_ in ("for", "in", "inside"):
        return True
    if token.lower_ == "for" and any(c.dep_ == "neg" or c.lower_ == "not" for c in token.children) and any(
        c.dep_ == "pcomp" and c.lemma_.lower() in _PASS_ON for c in token.children
    ):
        return True
    if token.lemma_.lower() == "stay" and any(c.lower_ == "with" and any(g.lower_ == "us" for g in c.children) for c in token.children):
        subject = _subject(token)
        return subject is not None and subject.lower_ in ("that", "this", "it")
    return False


def secret_asked(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer asks, in any words, that what they shared goes no further."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence) and not sentence.text.rstrip().endswith(("okay?", "ok?", "yeah?", "right?")):
            continue
        for token in sentence:
            if _for_this_room(token):
                spans.append(span_of(token.head if token.lower_ == "room" else token, token.right_edge))
            elif _passing_on(token) and _asked_by_me(token):
                spans.append(span_of(token, token.right_edge))
    return spans


SHAPES = {"secret_asked": secret_asked}
