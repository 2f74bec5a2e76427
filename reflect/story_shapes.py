"""How the phrasing guide reads the hardest point of the writer's own story, whatever the
words: what a hard time took from me (a list of losses), my world falling apart, the worst time
of my life, a stretch of my life that was one long hard time, and nothing that helped. The
missing_coping rule asks for these by name (`shapes:` in prompts/phrasing.yaml), through
`reflect.shapes.SHAPES`; those in `WHOLE_STORIES` tell a whole story however short."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect import hard_story_shapes
from reflect.language import clause_subject, is_negated

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# --- what a hard time took from me ---------------------------------------------------------

# What a life is made of: what a hard time can take from someone.
LIFE_THINGS = frozenset(
    {
        "job", "career", "flat", "house", "home", "marriage", "relationship", "family", "kid", "kids", "child", "children",
        "friend", "mate", "health", "licence", "license", "business", "saving", "savings", "confidence", "life", "year",
        "youth", "childhood", "twenty", "twenties", "teen", "teens", "independence", "freedom", "dignity", "degree",
        "partner", "wife", "husband", "course", "place", "language", "work", "everything", "lot", "use", "sight",
        "leg", "arm", "hearing", "self", "identity", "faith", "trust", "hope", "mum", "mam", "mother", "dad", "father",
        "brother", "sister", "son", "daughter", "baby", "nan", "gran", "grandad", "grandma", "car", "respect",
    }
)
# Verbs of taking: "the drink cost me my licence", "my breakdown took my career", "it robbed me of".
_TAKING = frozenset({"cost", "take", "rob", "steal", "wreck", "ruin", "destroy", "wipe", "lose"})
_ALL = frozenset({"everything", "lot", "all"})


def _mine(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in token.children)


def _what_went(verb: Token) -> list[Token]:
    """The things named after the verb, up to the end of its sentence or a turn ("but")."""
    found = []
    for t in verb.doc[verb.i + 1 : verb.sent.end]:
        if t.lower_ in ("but", "until", "till", "though", "although") or t.text in (";", "."):
            break
        if t.pos_ in ("NOUN", "PROPN", "PRON") and (t.lemma_.lower() in LIFE_THINGS or t.lower_ in LIFE_THINGS):
            found.append(t)
    return found


def losses_listed(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells what a hard time took: several things of theirs ("I lost
    my job, my flat and my kids", "the drink cost me my licence, my business and most of my
    mates", "my breakdown took my career, my savings, my confidence"), everything ("I lose
    everything"), or one part of a life taken away ("it took my whole teenage years off me",
    "it cost me my marriage"). A list of losses is a whole story however short."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma not in _TAKING or verb.pos_ not in ("VERB", "AUX") or is_negated(verb):
            continue
        went = _what_went(verb)
        mine = [t for t in went if _mine(t)]
        everything = any(t.lower_ in _ALL for t in went if t.head.i == verb.i or t.head.head.i == verb.i)
        subject = clause_subject(verb)
        by_me = subject is not None and subject.lower_ in ("i", "we")
        if lemma == "lose":
            if not by_me or not (len(mine) >= 2 or everything):
                continue
        else:
            if by_me:
                continue
            from_me = any(c.lower_ in ("me", "us") for c in verb.subtree) or any(
                c.lower_ in ("off", "away", "from") for c in verb.children
            )
            if not (len(mine) >= 2 or (mine and from_me) or (mine and lemma in ("cost", "wreck", "ruin", "destroy", "rob"))):
                continue
        end = max([verb] + went, key=lambda t: t.i)
        spans.append((verb.idx, end.idx + len(end)))
    return spans


# --- my world falling apart --------------------------------------------------------------------

# A fall, and the words that make it one ("fell apart", "went to pieces", "went downhill").
_FALLING = {
    "fall": ("apart", "pieces"), "go": ("pieces", "downhill", "wrong", "rails", "under", "spiral"),
    "sink": (), "spiral": (), "crumble": (), "collapse": (), "unravel": (), "crash": ("burn", "down"),
}
# Whose world it is: mine, or everything in it.
_MY_WORLD = frozenset({"i", "everything", "things", "life", "world", "it", "all"})


def _of_mine(subject: Token) -> bool:
    low = subject.lower_
    if low in ("i", "everything"):
        return True
    return low in _MY_WORLD and (_mine(subject) or low in ("things", "it", "all"))


def life_fell_apart(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells of their world falling apart ("I went to pieces", "the day
    everything went wrong for me", "I just sank lower and lower", "my life fell apart"): the
    hardest point of a story, a whole story however short."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma not in _FALLING or verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN"):
            continue
        words = _FALLING[lemma]
        after = [t.lower_ for t in verb.subtree if t.i > verb.i][:6]
        if words and not any(w in after for w in words):
            continue
        subject = clause_subject(verb)
        if subject is None or not _of_mine(subject) or is_negated(verb):
            continue
        if subject.lower_ == "it" and not any(t.lower_ in ("me", "my") for t in verb.subtree):
            continue  # "it went wrong" of a plan is no one's world
        spans.append((verb.idx, verb.idx + len(verb)))
    return spans


# --- the worst time of my life -----------------------------------------------------------------

_WORST = frozenset({"bad", "dark", "low", "hard", "lonely", "scary", "awful", "bleak", "grim", "terrible"})


_WORST_FORMS = frozenset(
    {"worst", "darkest", "lowest", "hardest", "loneliest", "scariest", "bleakest", "grimmest", "toughest", "saddest"}
)


def worst_of_my_life(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer calls something the worst of their life ("the worst time of my
    life", "the darkest thing that's ever happened to me", "the lowest I've ever been"): the
    hardest point of a story, a whole story however short."""
    spans = []
    for adj in doc:
        # The small pipeline sometimes reads "loneliest" as a noun: the form says it.
        if not (adj.tag_ == "JJS" and adj.lemma_.lower() in _WORST or adj.lower_ in _WORST_FORMS):
            continue
        noun = adj.head if adj.dep_ == "amod" else adj
        around = list(noun.subtree)
        of_my_life = any(t.lower_ == "life" and _mine(t) for t in around)
        ever_me = any(t.lower_ == "ever" for t in around) and any(t.lower_ in ("me", "i") for t in around)
        if (of_my_life or ever_me) and not is_negated(noun):
            spans.append((adj.idx, adj.idx + len(adj)))
    return spans


# --- a stretch of my life that was one long hard time -----------------------------------------

_STRETCHES = frozenset(
    {"twenty", "twenties", "thirty", "thirties", "teen", "teens", "childhood", "youth", "life", "marriage", "year", "school",
     "adolescence", "time", "day", "month"}
)
_HARD = frozenset(
    {"hell", "nightmare", "blur", "misery", "depression", "mess", "struggle", "disaster", "battle", "torture", "awful",
     "horrible", "terrible", "dark", "bleak", "grim", "lonely", "miserable", "unbearable", "write-off", "fog", "haze"}
)


def my_time_was_hard(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer says a stretch of their life was a hard time ("my twenties were
    basically one long depression", "my childhood was hell", "that year was a blur"): a whole
    story however short."""
    spans = []
    for verb in doc:
        if verb.lemma_ != "be" or verb.tag_ not in ("VBD", "VBN"):
            continue
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or subject.lemma_.lower() not in _STRETCHES:
            continue
        if not (_mine(subject) or any(c.lower_ in ("that", "those") for c in subject.children)):
            continue
        said = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
        if any(t.lemma_.lower() in _HARD or t.lower_ in _HARD for c in said for t in c.subtree) and not is_negated(verb):
            spans.append((subject.idx, verb.right_edge.idx + len(verb.right_edge)))
    return spans


# --- nothing helped ------------------------------------------------------------------------------

_VOICED = frozenset({"tell", "say", "report", "think", "feel", "reckon", "explain", "mention"})
_OTHERS = frozenset({"he", "she", "they", "client", "pt", "patient"})
_HELPING = frozenset({"help", "work", "do", "touch", "change", "shift", "make"})


def nothing_helped(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer says nothing helped ("none of them did anything", "nothing
    worked", "nothing touched it"): a hard part of a story (not its way through)."""
    spans = []
    for verb in doc:
        if verb.lemma_.lower() not in _HELPING or verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or subject.lower_ not in ("none", "nothing", "neither"):
            continue
        if any(a.lemma_ in _VOICED and (clause_subject(a) is None or clause_subject(a).lower_ in _OTHERS) for a in verb.ancestors if clause_subject(a) is not None):
            continue  # "he told me he's struggling and nothing has worked": his words
        spans.append((subject.idx, verb.right_edge.idx + len(verb.right_edge)))
    return spans


# Shapes that tell a whole story however short it is.
WHOLE_STORIES = frozenset({"losses_listed", "life_fell_apart", "worst_of_my_life", "my_time_was_hard"}) | hard_story_shapes.WHOLE

STORY_SHAPES = {
    "losses_listed": losses_listed,
    "life_fell_apart": life_fell_apart,
    "worst_of_my_life": worst_of_my_life,
    "my_time_was_hard": my_time_was_hard,
    "nothing_helped": nothing_helped,
    **hard_story_shapes.SHAPES,
}
