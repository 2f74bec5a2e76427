"""More ways of saying one outcome or feeling holds for everyone, whatever the words: a question
that answers itself ("who doesn't feel anxious before a tribunal?", "doesn't everyone feel like
that?"), a dare no one can meet ("show me a new mum who hasn't felt like that", "there isn't a
person alive who hasn't"), the generic "you" of how things go for anyone ("you never feel ready,
you just go", "once you've been sectioned you never trust a doctor again"), the way things go
("that's how it goes after a loss", "it always gets worse before it gets better") and "we all"
("we all go through it sooner or later"). The overgeneralising rule asks for it by name
(`shapes:` in prompts/phrasing.yaml) through `reflect.claim_shapes`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, PEOPLE_NOUNS, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_EVERYONE = frozenset({"everyone", "everybody", "anyone", "anybody"})
_NEGATIONS = frozenset({"not", "n't", "never"})
# Everyone's ordinary first time somewhere ("everyone finds the first week on the ward strange"):
# a shared ordinary experience, not one outcome told for all.
ORDINARY = frozenset(
    {"strange", "weird", "odd", "unfamiliar", "new", "different", "confusing", "noisy", "busy", "tiring", "daunting", "big",
     "overwhelming", "funny", "unusual", "surreal", "alien"}
)


# A group in a place ("everyone in the team", "everyone here") is those people, not all people.
_PLACES = frozenset(
    {"team", "ward", "staff", "office", "group", "class", "room", "unit", "house", "home", "family", "meeting", "college",
     "school", "building", "centre", "work", "world", "street", "church", "service", "clinic", "today", "session"}
)
KIND_VERBS = frozenset({"deserve", "know", "understand", "matter", "say", "want", "ask", "like", "love", "care", "mean", "can"})


def in_a_place(subject: Token) -> bool:
    for child in subject.children:
        if child.lower_ in ("here", "there", "else"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "on", "from", "round", "around", "of"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if any(o.lemma_.lower() in _PLACES or any(d.lower_ in ("the", "my", "our", "your", "this", "that", "his", "her", "their") for d in o.children) for o in objects):
                return True
    return False


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in verb.children)


def _present(verb: Token) -> bool:
    """Present simple or present perfect, as of all time: "feels", "has felt", "does feel"."""
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in helpers):
        return any(c.lower_ in ("would", "'d") for c in helpers)  # "who wouldn't be scared?"
    return verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in helpers)


def answers_itself(doc: Doc) -> list[tuple[int, int]]:
    """Spans of a question that answers itself with "everyone": "who doesn't feel anxious
    before a tribunal?", "who wouldn't be scared?", "what addict doesn't relapse once?",
    "doesn't everyone feel like that?", "don't we all?"."""
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or not _negated(verb) or not _present(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        # "what addict doesn't relapse at least once?", "which mum hasn't felt that?"
        lead = verb.sent.start + _lead(verb.sent)
        which = doc[lead].lower_ in ("what", "which") and 0 < subject.i - lead <= 3 and (
            doc[lead].tag_ == "WDT" or doc[lead].head.i == subject.i
        )
        who = subject.lower_ == "who" and subject.i == lead or which
        everyone = subject.lower_ in _EVERYONE or (subject.lower_ == "we" and any(c.lower_ == "all" for c in subject.children))
        inverted = everyone and any(c.dep_ == "aux" and c.i < subject.i for c in verb.children)
        # "isn't it always the quiet ones who ...?": always so, asked as no question.
        inverted = inverted or subject.lower_ == "it" and verb.i < subject.i and any(c.lower_ == "always" for c in verb.children)
        if (who or inverted) and (verb.sent.text.rstrip().endswith("?") or _asked_then_framed(verb)):
            spans.append(span_of(verb.sent[0], verb.sent[-1]))
    return spans + [span for span in _asked_of_all(doc) if span not in spans]


_ASKING = frozenset({"ask", "say", "wonder", "put", "joke", "tell"})
_LEAD_INS = frozenset({"intj", "advcl", "punct", "discourse", "npadvmod", "cc", "advmod"})


def _asked_then_framed(verb: Token) -> bool:
    """The question is the words said, and the frame comes after it ("who hasn't lain awake at
    night, I asked him"): asked with a comma where the question mark would be."""
    # Asked by someone else ("she asked me doesnt everyone ..."): theirs, not the writer's.
    if any(a.lemma_.lower() in _ASKING and any(c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON for c in a.children) for a in verb.ancestors):
        return False
    # The frame after a comma, wherever the parser hung it: ", I asked him", ", i said to him";
    # not a saying of its own ("..., i said some people do").
    return any(
        t.i > verb.i + 1 and t.lemma_.lower() in _ASKING and t.pos_ == "VERB" and t.doc[t.i - 1].lower_ in FIRST_PERSON
        and t.doc[t.i - 2].text == "," and t.doc[t.i - 1].dep_ == "nsubj"
        and not any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i for c in t.children)
        for t in verb.sent
    )


def _clause_start(verb: Token) -> Token:
    """The first word of the verb's own clause, past a lead-in hung on it ("Sure, ...", "Let's
    be honest, ...", "Honestly, ...")."""
    words = [verb, *(t for c in verb.children if c.dep_ not in _LEAD_INS or c.i > verb.i for t in c.subtree)]
    return min(words, key=lambda t: t.i)


def _asked_of_all(doc: Doc) -> list[tuple[int, int]]:
    """A clause that opens on a negated verb before a whole group, with or without a question
    mark ("doesnt everybody get like that", "aren't all dads a bit useless at first", "don't
    we all", "isn't every nurse knackered"): the word order asks, the negation answers.
    Not about the person's own world ("doesn't anyone ring you"), a group in a place ("isn't
    everyone on the ward coming"), what someone can or wants ("doesn't anybody know")."""
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
            continue
        # The opening "do", "be" or "have" says the tense, wherever the parser hung it; what
        # leads in before it ("Sure, isn't everyone ...", "Let's be honest, doesn't ...") is not the clause.
        first = _clause_start(verb)
        opener = first if first.dep_ in ("aux", "neg") or first == verb else None
        if opener is None or opener.lemma_.lower() not in ("do", "be", "have") or opener.tag_ not in ("VBZ", "VBP"):
            continue
        # The parser may hang the "n't" on the group ("doesnt anybody who's ...").
        if not (_negated(verb) or opener.i + 1 < len(doc) and doc[opener.i + 1].lower_ in _NEGATIONS | {"nt"}):
            continue
        if verb.lemma_.lower() in KIND_VERBS or any(c.tag_ == "MD" for c in verb.children):
            continue
        # The group is the subject, or, after an opening "be", what the parser took as its complement.
        group = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "attr" and verb == opener)]
        group = [g for g in group if g.i > opener.i and _all_of_them(g) and not in_a_place(g)]
        clause = list(verb.subtree)
        if group and not any(t.lower_ in _YOU for t in clause):
            spans.append(span_of(clause[0], clause[-1]))
    return spans


_YOU = frozenset({"you", "your", "yours", "yourself", "u", "ur"})


def _all_of_them(word: Token) -> bool:
    """Everyone, we all, all of us, or all or every one of a kind ("all teenagers", "every carer")."""
    low = word.lower_
    if low in _EVERYONE:
        return True
    if low in ("we", "us"):
        return any(c.lower_ == "all" for c in word.children)
    if low == "all":
        return any(c.lower_ == "of" and any(g.lower_ in ("us", "them") for g in c.children) for c in word.children)
    # "all" may hang on the group as a modifier ("don't all dads ...").
    dets = {c.lower_ for c in word.children if c.dep_ in ("det", "predet") or c.lower_ == "all" and c.dep_ == "advmod"}
    return word.pos_ == "NOUN" and bool(dets & {"all", "every"}) and not dets - {"all", "every"}


def _lead(sentence: Span) -> int:
    """Words before a question proper: "I said, who ...", "honestly who ..."."""
    for i, t in enumerate(sentence):
        if t.lower_ in ("who", "what", "which"):
            return i
    return 0


_DARES = frozenset({"show", "name", "find"})


def no_one_who_hasnt(doc: Doc) -> list[tuple[int, int]]:
    """Spans of a dare no one can meet, or a person no one has met: "show me a new mum who
    hasn't felt like that", "name one person who actually likes group", "there isn't a person
    alive who hasn't wanted to give up", "I've never met anyone who enjoys it"."""
    spans = []
    for person in doc:
        relative = next((c for c in person.children if c.dep_ == "relcl"), None)
        if relative is None or person.pos_ not in ("NOUN", "PRON") or not _present(relative):
            continue
        verb = person.head
        # "show me a mum who hasn't ...", "name one person who likes ...": imperative dares.
        dare = person.dep_ in ("dobj", "ccomp") and verb.lemma_.lower() in _DARES and verb.tag_ == "VB" and not any(
            c.dep_ == "nsubj" and c.lower_ != "me" for c in verb.children
        )
        # "there isn't a person alive who hasn't ...": no one, and no one not.
        nobody = person.dep_ == "attr" and verb.lemma_ == "be" and _negated(verb) and any(c.dep_ == "expl" for c in verb.children)
        nobody = nobody and _negated(relative)
        never_met = verb.lemma_.lower() in ("meet", "know") and _negated(verb) and person.lower_ in _EVERYONE
        if dare or nobody or never_met:
            spans.append(span_of(verb, relative.right_edge))
    return spans


def _generic_you(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "you never get used to it": a present "get" or "are" before the participle.
    present = verb.tag_ in ("VBP", "VB") or verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VBP" for c in verb.children)
    return subject is not None and subject.lower_ in ("you", "u") and present and not any(
        c.tag_ == "MD" or c.dep_ == "aux" and c.lower_ in ("do", "did", "'ll", "will") for c in verb.children
    )


def how_it_goes_for_anyone(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the generic "you" telling how things go for anyone: "you never feel ready to
    leave the ward, you just go", "once you've been sectioned you never look at doctors the same
    way", "you get to a certain age and everything goes". A "you" that is always or never so,
    beside another "you" of the same kind or a "once you ..." or "when you ...", in the
    present."""
    spans = []
    for verb in doc:
        if verb.pos_ != "VERB" or not _generic_you(verb):
            continue
        # "you just manage it" is said to the person as often as of anyone: "always" and "never" say all.
        helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        always = any(c.lower_ in ("always", "never") for c in [*verb.children, *(g for h in helpers for g in h.children)])
        # "if you grew up round drink you end up drinking yourself": where anyone ends up.
        ends_up = verb.lemma_.lower() == "end" and any(c.lower_ == "up" for c in verb.children) and any(_generic_when(v) for v in verb.sent if v.i != verb.i)
        if not (always or ends_up):
            continue
        sentence = verb.sent
        others = [v for v in sentence if v.i != verb.i and v.pos_ in ("VERB", "AUX") and _generic_you_any(v)]
        once = [v for v in others if any(c.dep_ in ("mark", "advmod") and c.lower_ in ("once", "when", "after", "whenever", "if") for c in v.children)]
        if once or (others and all(not is_negated(v) or v.i < verb.i for v in others)):
            spans.append(span_of(sentence[0], sentence[-1]))
    return spans


def _generic_you_any(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in ("you", "u") and not any(c.tag_ == "MD" for c in verb.children)


_WAYS = frozenset({"go", "be", "work", "happen", "do"})
_THINGS = frozenset({"it", "things", "this", "that", "life"})
_KINDS = frozenset({"get", "go", "come", "take", "hit", "pass", "last", "end", "happen", "feel", "work", "help"})


def the_way_it_goes(doc: Doc) -> list[tuple[int, int]]:
    """Spans saying how things go for anyone: "that's how it goes after a loss", "that's what
    happens with grief", "it always gets worse before it gets better", "things never last",
    "it never lasts for anyone". Not the writer's own ("that's how it went for me", "it always
    helps me")."""
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
            continue
        clause = list(verb.subtree)
        if any(t.lower_ in FIRST_PERSON or t.lower_ in ("we", "us", "our") for t in clause):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or verb.tag_ != "VBZ":
            continue
        # "that's how it goes after a loss", "that's what happens when you ...": a way, said of a time or a trouble.
        if verb.lemma_ == "be" and subject.lower_ in ("that", "this", "it"):
            way = next((c for c in verb.children if c.dep_ in ("ccomp", "attr") and c.lemma_.lower() in _WAYS), None)
            if way is not None and any(c.lower_ in ("how", "what") for c in way.subtree):
                after = [c for c in way.children if c.dep_ in ("prep", "advcl") and c.lower_ not in ("for", "to")]
                if after and way.tag_ == "VBZ":
                    spans.append(span_of(verb, way.right_edge))
            continue
        # "it always gets worse before it gets better", "things never last".
        if subject.lower_ in _THINGS and verb.lemma_.lower() in _KINDS and any(c.lower_ in ("always", "never") for c in verb.children):
            comparative = any(c.tag_ in ("JJR", "RBR") for c in verb.children)  # "it always hits harder"
            if comparative or any(c.dep_ in ("advcl", "prep") for c in verb.children) or any(t.lower_ in _EVERYONE for t in clause):
                spans.append(span_of(subject, verb.right_edge))
    return spans


# What a life does to everyone: "we all go through it", "we all carry something", "you all start panicking".
_LIFE_COURSE = frozenset({"go", "come", "end", "lose", "hit", "crash", "break", "carry", "start", "stop", "grow", "turn", "become", "struggle", "hide", "crack"})


def _generic_when(verb: Token) -> bool:
    """ "when you hit fifty", "once you've had a baby", "if you grew up round drink": a generic "you" in a time or a condition."""
    return _generic_you_any(verb) and any(c.dep_ == "mark" or c.dep_ == "advmod" and c.lower_ in ("when", "once", "if", "whenever") for c in verb.children if c.lower_ in ("when", "once", "if", "whenever", "after"))


def we_all(doc: Doc) -> list[tuple[int, int]]:
    """Spans of "we all" or "everyone's" told one outcome, in the present: "we all go through
    it sooner or later", "everyone's mood goes with them" (not "we all get a bit down"). Not what we all did once ("we all
    had a first day somewhere"), nor a common feeling said plainly (read by `said_of_all`)."""
    spans = []
    for verb in doc:
        # "we all hit rock bottom": a form that is present and past alike is read as present.
        present = verb.tag_ in ("VBP", "VBZ") or verb.tag_ == "VBD" and verb.lower_ == verb.lemma_.lower()
        if verb.pos_ != "VERB" or not present or _negated(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        # "we all ...", "we all of us ...", and "you all ..." after a generic "when you ..." ("when you hit fifty you all start").
        we_all_ = subject.lower_ in ("we", "you") and any(c.lower_ == "all" for c in subject.children) and (
            subject.lower_ == "we" or any(_generic_when(v) for v in verb.sent if v.i != verb.i)
        )
        everyones = any(c.dep_ == "poss" and c.lower_ in _EVERYONE for c in subject.children)
        if not (we_all_ or everyones):
            continue
        # Not "we all get a bit down in january": a common feeling said plainly.
        if verb.lemma_.lower() in _LIFE_COURSE and (
            any(c.dep_ in ("prep", "advmod", "prt", "dobj", "xcomp") for c in verb.children) or everyones
        ):
            spans.append(span_of(subject, verb.right_edge))
    return spans


# What a tag of a rule of life names: "it's how they're made", "is our culture", "it's in their nature".
_MADE = frozenset({"make", "build", "wire", "raise", "bring", "programme", "program"})
_NATURE = frozenset({"culture", "nature", "way", "life"})


def _tagged_as_rule(sentence: Span) -> bool:
    """The sentence is tagged as a rule of life: "its just how it is", "it's how they're made",
    "is our culture", "simple as", "that's the way it is"."""
    for t in sentence:
        low = t.lower_
        if low == "simple" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "as":
            return True
        if low in ("how", "way") and t.head.lemma_.lower() in (_MADE | {"be"}):
            verb = t.head
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if verb.lemma_.lower() in _MADE and verb.tag_ == "VBN" or subject is not None and subject.lower_ in ("it", "things", "life"):
                return True
        if t.lemma_.lower() in _NATURE and any(c.dep_ == "poss" and c.lower_ in ("our", "their", "his", "her") for c in t.children) and t.head.lemma_ == "be":
            return True
    return False


def rule_of_life(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a kind of person, bare ("men", "lads", or in English as a second language
    "man from my country"), is told one way, and the sentence tags it as a rule of life: "men
    just dont talk about their feelings, its how theyre made", "man from my country never speak
    about feeling, is our culture"."""
    spans = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.tag_ not in ("VBP", "VBZ", "VB") or verb.dep_ in ("aux", "relcl"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ != "NOUN" or subject.lemma_.lower() not in PEOPLE_NOUNS:
            continue
        if any(c.dep_ in ("det", "poss", "nummod") for c in subject.children):
            continue  # "my mates", "the lads on the ward"
        if subject.tag_ == "NN" and not any(c.dep_ == "prep" for c in subject.children):
            continue  # a bare singular is a kind only when it is said whose ("man from my country")
        if _tagged_as_rule(verb.sent):
            spans.append(span_of(subject, verb.right_edge if verb.right_edge.i - verb.i < 8 else verb))
    return spans


SHAPES = {
    "rule_of_life": rule_of_life,
    "answers_itself": answers_itself,
    "no_one_who_hasnt": no_one_who_hasnt,
    "how_it_goes_for_anyone": how_it_goes_for_anyone,
    "the_way_it_goes": the_way_it_goes,
    "we_all": we_all,
}
# Shapes said as questions that are no questions to the person.
RHETORICAL = frozenset({"answers_itself"})


def rhetorical(sentence: Span) -> bool:
    """The question answers itself ("who doesn't feel anxious before a tribunal?"): a claim,
    not a question to the person."""
    doc = sentence.doc
    return any(sentence.start_char <= a < sentence.end_char for a, _ in answers_itself(doc))


def ordinary_to_all(doc: Doc, start: int, end: int) -> bool:
    """The claim at these offsets is an ordinary shared experience of a place or a first time
    ("everyone finds the first week on the ward strange", "the first night anywhere is odd for
    everybody"): not one outcome told for all."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    if root.lemma_.lower() not in ("find", "be", "feel", "seem"):
        return False
    for t in root.subtree:
        if t.lower_ in ORDINARY and t.pos_ == "ADJ" and t.dep_ != "amod":
            return not is_negated(root)
    return False
