"""More ways of telling someone else's story, whatever the words: someone of the writer's (a
friend of mine, my neighbour's daughter, my cousin) said to have been through an illness, harm
or hard time, or "the same" as the person; and someone the writer once supported ("I had a
client last year in the same boat who ended up losing custody"). The third_party_story rule
asks for it by name (`shapes:` in prompts/phrasing.yaml). And the writer's own part of it, told
as theirs ("when my sister was ill, what I remember is feeling helpless"), is theirs to tell
(`my_part`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_negated, is_reported, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PEOPLE = frozenset(
    {"friend", "mate", "sister", "brother", "mum", "mam", "mother", "dad", "father", "son", "daughter", "husband", "wife",
     "partner", "cousin", "aunt", "auntie", "uncle", "nan", "gran", "grandad", "grandma", "niece", "nephew", "neighbour",
     "colleague", "ex", "boyfriend", "girlfriend", "flatmate", "pal", "stepdad", "stepmum", "relative", "kid", "child", "boy",
     "girl", "lad", "member", "workmate", "classmate", "schoolmate"}
)
# Someone of mine not named at all: "someone very close to me", "a person in my family",
# "somebody i love", "a loved one".
_UNNAMED = frozenset({"someone", "somebody", "person", "one", "member"})
# Who is close to me: "someone close to me", "the lad next door to me".
_NEAR = frozenset({"close", "door", "near", "dear"})
_CLIENTS = frozenset({"client", "patient", "user", "resident", "lady", "man", "woman", "lad", "lass", "bloke", "fella", "guy", "person", "someone", "girl", "boy"})
# What makes it a story of illness, harm or a hard time (not a place, nor a death, which is the
# writer's loss too).
_HARD = frozenset(
    {"diagnosis", "diagnose", "cut", "self-harm", "harm", "overdose", "section", "voice", "psychosis", "bipolar", "depression",
     "anxiety", "ocd", "anorexia", "bulimia", "addiction", "addict", "drinking", "drink", "gamble", "gambling", "rehab", "relapse",
     "custody", "breakdown", "suicide", "med", "meds", "medication", "illness", "ill", "schizophrenia",
     "ptsd", "eating", "disorder", "panic", "abuse", "prison", "homeless", "detox", "heroin", "alcoholic", "paranoid", "psychotic",
     "asylum", "ect", "electroshock", "anorexic", "bulimic", "suicidal", "depressed", "manic", "addicted", "sectioned"}
)
_SAME = frozenset({"boat", "diagnosis", "thing", "illness", "condition", "problem", "situation", "experience"})


def _a_person(token: Token) -> bool:
    """Someone of a kind who has a story: "my sister", "my other half", "someone close to me"."""
    lemma = token.lemma_.lower()
    if lemma in _PEOPLE or lemma in _UNNAMED or lemma in _CLIENTS:
        return True
    return lemma == "half" and any(c.lower_ == "other" for c in token.children)


def _of_mine(person: Token) -> bool:
    """ "my cousin", "my neighbours daughter", "a friend of mine", "our son", "a lad from my
    old group", "someone very close to me", "the lad next door to me", "somebody i love", "a
    friend of a friend"."""
    words = list(person.subtree)
    if any(t.lower_ in ("my", "our") and t.i < person.i for t in words):
        return True
    # "someone very close to me", "the lad next door to me": read by the words, as "close" is
    # often hung on the verb.
    after = [t.lower_ for t in person.doc[person.i + 1 : person.i + 6]]
    if any(a in _NEAR and after[i + 1 : i + 3] == ["to", "me"] for i, a in enumerate(after)):
        return True
    # "somebody i love", "a girl i went to school with", "a bloke i used to work with".
    if any(c.dep_ == "relcl" and any(g.lower_ in ("i", "we") and g.dep_ == "nsubj" for g in c.children) for c in person.children):
        return True
    if any(t.lower_ == "of" and t.head.i == person.i and any(g.lemma_.lower() in _PEOPLE for g in t.children) for t in words):
        return True
    if any(t.lower_ in ("my", "our") and t.head.dep_ == "pobj" and t.head.head.lower_ in ("from", "in", "on", "at", "of") and t.head.head.head.i == person.i for t in words):
        return True
    return any(t.lower_ in ("mine", "ours") and t.head.lower_ == "of" for t in words)


def _hard_or_same(verb: Token) -> bool:
    """Their illness, harm or hard time, or the same as the person's: not what they did to me
    ("my husband walked out on us after my diagnosis" is my story)."""
    # What I did next is mine, not a part of theirs: "my flatmate used to cut and i told her how
    # i found her" leaves the flatmate's story told.
    mine_next = {t.i for c in verb.children if c.dep_ == "conj" and any(g.dep_ == "nsubj" and g.lower_ in ("i", "we") for g in c.children) for t in c.subtree}
    # Who they are is no part of it: "somebody close to me had exactly this".
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    clause = [t for t in verb.subtree if t.i not in subject and t.i not in mine_next]
    near_me = lambda t: t.lower_ == "me" and t.head.lower_ == "to" and t.head.head.lower_ in _NEAR  # "close to me" says whose
    if any(t.lower_ in ("i", "me", "we", "us", "myself") and not near_me(t) for t in clause):
        return False
    hard = [t for t in clause if t.lemma_.lower() in _HARD or t.lower_ in _HARD]
    if any(not any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in t.children) for t in hard):
        return True
    # "the same diagnosis", or the same had or gone through ("my uncle had the same").
    if any(t.lower_ == "same" and (t.head.lemma_.lower() in _SAME or t.dep_ in ("dobj", "pobj") and t.head.i == verb.i) for t in clause):
        return True
    # "on the streets": homeless.
    if any(t.lower_ == "streets" and t.head.lower_ == "on" for t in clause):
        return True
    # "did exactly this", "went through exactly that": the same as the person.
    return any(t.lower_ in ("this", "that") and t.head.i == verb.i and any(c.lower_ == "exactly" for c in t.children) or t.lower_ == "exactly" and t.head.lower_ in ("this", "that") for t in clause)


def theirs_told(doc: Doc) -> list[tuple[int, int]]:
    """Spans where someone of the writer's, or someone they once supported, is said to have
    been through illness, harm or the same as the person ("my neighbours daughter was cutting
    herself at that age too", "a friend of mine had the same diagnosis and she's off all her
    meds now", "I had a client last year in the same boat who ended up losing custody")."""
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass") or is_negated(verb) or is_reported(verb):
            continue
        # A story is told in the past: "my son loves football" is no story, nor is "with my mum
        # being ill" (my own present, with no "was" to tell it).
        if verb.tag_ not in ("VBD", "VBN") and not any(c.tag_ == "VBD" for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        # "what my dad went through after the army": all they went through is their story.
        went_through = verb.lemma_.lower() == "go" and any(c.lower_ == "through" for c in verb.children)
        # Someone not named "went through something like it" is no story told: theirs needs its hard part or "exactly this".
        named = subject is not None and (
            subject.lemma_.lower() not in _UNNAMED or any(t.lemma_.lower() in _PEOPLE for t in subject.subtree if t.i != subject.i)
        )  # "one of my old workmates" is named by who they are
        if subject is not None and _a_person(subject) and _of_mine(subject) and (went_through and named or _hard_or_same(verb)):
            spans.append(span_of(subject.left_edge, verb.right_edge))
            continue
        # "I had a client last year who ended up ...", "I knew a lad who was sectioned".
        if subject is not None and subject.lower_ == "i" and verb.lemma_.lower() in ("have", "know", "support", "meet"):
            for other in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _CLIENTS):
                relative = [t for t in verb.subtree if t.dep_ == "relcl"]
                if relative and (_hard_or_same(verb) or any(_hard_or_same(r) for r in relative)):
                    spans.append(span_of(verb, verb.right_edge))
    return spans


_TELLING = frozenset({"tell", "talk", "mention", "share", "give", "use", "describe", "explain", "bring", "fill", "go"})
# What a story is told as: the story itself, or an illness or hard time the person had.
_A_STORY = frozenset({"story", "experience", "history", "journey", "situation", "autism", "adhd", "cancer", "chemo", "miscarriage", "abortion", "affair"})


def told_about_theirs(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer told the person about someone of theirs and what that person went
    through ("i gave him my auntie's story, her psychosis, the ward", "i talked about my son's
    autism and his meltdowns", "told her about my friend who also lost her baby"), or about
    someone they once supported in the same place ("mentioned a client i had before in the
    same situation")."""
    spans = []
    for verb in doc:
        if verb.lemma_.lower() not in _TELLING or verb.pos_ != "VERB" or is_negated(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ != "i":
            continue
        told = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        told += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("about", "on", "as") for g in c.children if g.dep_ == "pobj"]
        for thing in told:
            # "my auntie's story", "my son's autism": what is theirs, by their own name.
            owner = next((c for c in thing.children if c.dep_ == "poss" and _a_person(c) and _of_mine(c)), None)
            hard = thing.lemma_.lower() in _A_STORY or thing.lemma_.lower() in _HARD
            theirs = owner is not None and hard
            # "my friend who also lost her baby": a person of mine and their hard time, or the same as the person's.
            person = thing.lemma_.lower() in _PEOPLE and _of_mine(thing) or thing.lemma_.lower() in _CLIENTS and any(
                c.dep_ == "relcl" and any(g.lower_ == "i" and g.dep_ == "nsubj" for g in c.children) for c in thing.children
            )
            relative = [c for c in thing.children if c.dep_ in ("relcl", "acl")]
            alike = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "with")]  # "... in the same situation"
            same = any(t.lower_ in ("also", "too", "same") or t.lemma_.lower() in _HARD for r in relative + alike for t in r.subtree)
            # "told her the lad next door to me had a breakdown": the person and what they went
            # through read apart, the second as what was told.
            someone = person or (thing.lemma_.lower() in _CLIENTS or thing.lemma_.lower() in _UNNAMED) and _of_mine(thing)
            went = someone and thing.dep_ == "dobj" and any(
                c.dep_ == "ccomp" and c.i > thing.i and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and _hard_or_same(c)
                for c in verb.children
            )
            if theirs or person and relative and same or went:
                spans.append(span_of(verb, verb.right_edge))
    return spans


def my_part(doc: Doc, start: int, end: int) -> bool:
    """The other person's hard time at these offsets only sets the time ("when my sister was
    ill"), and the sentence tells the writer's own part of it ("what I remember is feeling
    helpless", "we lost the house and mum and I moved between hostels"): theirs to tell."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    clause = root if root.dep_ == "advcl" else next((a for a in root.ancestors if a.dep_ == "advcl"), None)
    if clause is None:  # a hit on the whole sentence: its "when ..." clause, if any
        clause = next((t for t in span if t.dep_ == "advcl" and _when(t)), None)
    if clause is None or not _when(clause):
        return False
    inside = range(clause.left_edge.i, clause.right_edge.i + 1)
    mine = False
    for verb in clause.sent:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.i in inside or subject is None:
            continue
        if subject.lower_ in ("he", "she", "they") or subject.lemma_.lower() in _PEOPLE and not any(
            c.dep_ == "conj" and c.lower_ == "i" for c in subject.children
        ):
            return False  # the rest of the sentence goes on with their story
        # "what I remember is feeling helpless", "we lost the house and mum and I moved": my part.
        me = subject.lower_ in ("i", "we") or any(c.dep_ == "conj" and c.lower_ == "i" for c in subject.children)
        telling = verb.lemma_.lower() in ("tell", "share", "say", "mention", "explain", "describe", "talk", "speak")
        mine = mine or (me and not telling and not is_reported(verb))
    return mine


def _when(clause: Token) -> bool:
    return any(t.lower_ in ("when", "while", "whilst") for t in clause.subtree if t.i <= clause.i)


# Telling how or what happened, planned, under way or done: "tell him how my son got caught
# up with drugs", "explained how a friend from church came off her meds", "what happened to my
# dad when he came out of the army".
_TELLING_HOW = frozenset({"tell", "explain", "describe", "mention", "share"})
_FRIENDS = frozenset({"friend", "mate", "pal", "neighbour", "colleague", "flatmate", "housemate"})
# A hard time told of them: their illness or harm, or drugs, a crisis, nightmares, the police.
_HARD_TOLD = _HARD | {"drug", "crisis", "nightmare", "trauma", "police", "arrest", "arrested", "hospital", "ward"}


def _someone_of_mine(person: Token) -> bool:
    """ "my son", or a friend, who is always someone's own ("a friend from church")."""
    if not _a_person(person):
        return False
    return _of_mine(person) or person.lemma_.lower() in _FRIENDS and any(c.lower_ in ("a", "an") for c in person.children)


def _how_theirs_went(clause: Token) -> Token | None:
    """The clause tells how someone of mine fared, with no part of mine in it."""
    if any(t.lower_ in ("i", "me", "we", "us", "myself") for t in clause.subtree):
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ == "what" and clause.lemma_.lower() == "happen":
        person = next((g for c in clause.children if c.lower_ == "to" for g in c.children), None)
        return person if person is not None and _someone_of_mine(person) else None
    if subject is None or not _someone_of_mine(subject):
        return None
    told_how = any(c.lower_ == "how" for c in clause.children)
    return subject if told_how and clause.tag_ in ("VBD", "VBN") else None


def told_how_theirs(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells, or means to tell, how things went for someone of theirs."""
    spans = []
    for verb in doc:
        if verb.lemma_.lower() not in _TELLING_HOW or is_negated(verb):
            continue
        after = [t for t in verb.sent if t.i > verb.i]
        if any(t.lower_ in ("i", "me", "we", "us", "myself") for t in after):
            continue  # "telling her how the year after my mum died i stopped going out": mine
        if not any(t.lemma_.lower() in _HARD_TOLD or t.lower_ in _HARD_TOLD for t in after):
            continue  # "how my mum loved her garden" is no hard time told
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            if _how_theirs_went(clause) is not None:
                spans.append(span_of(verb, clause.right_edge))
    return spans


SHAPES = {"theirs_told": theirs_told, "told_about_theirs": told_about_theirs, "told_how_theirs": told_how_theirs}
