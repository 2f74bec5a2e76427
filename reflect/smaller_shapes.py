"""More ways of making the person's experience smaller, whatever the words: it could be worse
("it could've been so much worse", "things could always be worse") and others have it worse
("others have it far worse", "some people are a lot worse off"), said with no one's own set
beside it ("at least you've still got your job", "believe me", "than you" are the comparing
rule's, as the corpora have them); it never hurt anyone ("a panic attack never killed anyone");
it is small beside the world ("in the grand scheme of things one failed exam is nothing");
time will take it away ("give it a few weeks and you won't even remember why it got to you"). The minimising rule asks for them by name (`shapes:` in
prompts/phrasing.yaml). And words the writer says they did not say ("I didn't want to say it's
nothing", "I wasn't going to tell her to cheer up") are not said (`unsaid`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, PEOPLE_NOUNS, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_REPORTING = frozenset({"say", "tell", "remind", "reply", "add", "reassure", "point", "joke", "laugh", "quip"})
_MODALS = frozenset({"could", "might", "can", "may", "would"})
_OTHERS = frozenset({"others", "other", "people", "some", "lots", "loads", "plenty", "many", "folk", "folks", "ppl", "millions"})
# What others are said to have had worse: had it, been, come or gone through, dealt with, faced.
_BEEN_THROUGH = frozenset({"have", "be", "come", "go", "deal", "face", "survive", "cope", "suffer", "live"})
_SOMEONE = frozenset({"someone", "somebody", "people", "others", "folk", "ppl", "plenty", "lots", "loads"})
_THEM = frozenset({"you", "u", "he", "she", "they", "it", "that", "this", "things", "nobody", "no", "one", "none", "nothing"})


def _worse(token: Token) -> bool:
    return token.lower_ in ("worse", "worser") or (token.lemma_.lower() == "bad" and token.tag_ in ("JJR", "RBR"))


def could_be_worse(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's trouble is set beside a worse one: it could be worse ("it could
    be a lot worse", "could've been so much worse", "things could always be worse"), or others
    have it worse ("others have it far worse", "some people are much worse off")."""
    spans = []
    for worse in doc:
        if not _worse(worse):
            continue
        verb = worse.head
        # "someone worse off", "dealt with worse": the verb is above the word it hangs on.
        if verb.pos_ not in ("VERB", "AUX") and (verb.lower_ in _SOMEONE and worse.dep_ == "amod" or verb.dep_ == "prep"):
            verb = verb.head
        while verb.dep_ in ("ccomp", "xcomp") and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        # A tag after it ("could've been worse, couldn't it") asks for agreement, it denies nothing.
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" and c.i < worse.i for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < worse.i), None)
        if subject is not None and (subject.lower_ in FIRST_PERSON or subject.lower_ in ("we", "us")):
            continue  # "I could have done worse", "we could be worse off": the writer's own
        helpers = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        could = verb.lemma_ == "be" and bool(helpers & _MODALS) and (subject is None or subject.lower_ in _THEM)
        # "others", "some people", "other families": people other than the person, taken as a many.
        many = subject is not None and (
            subject.lower_ in _OTHERS or subject.tag_ == "NNS" and any(c.lower_ in ("other", "some") for c in subject.children)
        )
        others = many and verb.lemma_.lower() in _BEEN_THROUGH and not helpers & _MODALS
        # "there's always someone worse off", "there are people far worse off than that".
        there = verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children) and worse.head.lower_ in _SOMEONE
        others = others or there and not helpers & _MODALS and not is_negated(verb)
        if there:
            subject = worse.head
        # "believe me", "than you", "mine was": set beside the writer's or the person's own, it is
        # a contest (the comparing rule's), not making it smaller.
        contest = any(
            t.lower_ in ("me", "mine", "my", "myself") or t.lower_ == "you" and t.head.lower_ == "than"
            or t.lower_ == "i" and t.head.lemma_.lower() not in _REPORTING for t in worse.sent
        )
        if (could or others) and not contest:
            spans.append(span_of(subject if subject is not None and subject.i < worse.i else verb, worse))
    return spans


_ANYONE = frozenset({"anyone", "anybody", "nobody", "noone", "one", "you", "u", "ya"})
_HARMING = frozenset({"kill", "hurt", "harm", "damage", "break"})


def never_hurt_anyone(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a hard thing is said never to have harmed anyone ("a panic attack never
    killed anyone", "a few sleepless nights never did anyone any harm", "a bit of stress won't
    kill you"): the person's trouble made harmless. Not a person who never hurt anyone ("he
    never hurt anyone in his life")."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        harm = lemma in _HARMING or lemma == "do" and any(t.lemma_.lower() in ("harm", "damage") for t in doc[verb.i + 1 : verb.i + 5])
        if not harm or verb.pos_ != "VERB" or not any(c.lower_ in ("never", "not", "n't") for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON" or subject.lemma_.lower() in PEOPLE_NOUNS or subject.ent_type_ == "PERSON":
            continue
        if any(c.dep_ in ("dobj", "dative") and c.lower_ in _ANYONE for c in verb.children):
            spans.append(span_of(subject.left_edge, verb.right_edge))
    return spans


# What the person's trouble is set beside: the world, the news, the grand scheme of things.
_BIGGER = frozenset({"world", "news", "scheme", "picture", "war", "gaza", "ukraine", "famine"})
_SMALL = frozenset({"nothing", "much", "small", "little", "minor", "tiny", "trivial", "big", "huge", "serious", "anything"})


def bigger_picture(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's trouble is made small beside the world ("in the grand scheme
    of things one failed exam is nothing", "when you think about what's going on in the world a
    row with your mum isn't much", "with everything on the news it's not a big deal")."""
    spans = []
    for verb in doc:
        if verb.lemma_ != "be" or verb.pos_ not in ("AUX", "VERB"):
            continue
        said = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
        small = [c for c in said if c.lemma_.lower() in _SMALL or any(g.lemma_.lower() in _SMALL for g in c.children if g.dep_ == "amod")]
        if not small:
            continue
        negated = any(c.dep_ == "neg" for c in verb.children)
        if any(w.lemma_.lower() in ("big", "huge", "serious", "much", "anything") for w in small) != negated:
            continue  # "isn't much", "is nothing"; not "is a big deal", "isn't nothing"
        # The frame, on the clause or on the saying of it: "told him in the grand scheme of things ...".
        framing = [verb, verb.head] if verb.dep_ == "ccomp" else [verb]
        frame = [t for v in framing for c in v.children if c.dep_ in ("prep", "advcl") for t in c.subtree]
        if any(t.lemma_.lower() in _BIGGER for t in frame):
            spans.append(span_of(verb.left_edge, verb.right_edge))
    return spans


# What time is said to do to the person's distress: they'll forget it, perk up, sail through it.
_GONE_BY = {"forget": (), "perk": ("up",), "sail": ("through",), "bounce": ("back",), "brighten": ("up",), "cheer": ("up",), "breeze": ("through",), "snap": ("out",)}
_THE_PERSON = frozenset({"you", "u", "ya", "he", "she", "they"})


def gone_by_then(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person is told time will take their distress away: "give it a few weeks
    and you won't even remember why it got to you", "by the time your exams are done you'll have
    forgotten all about it", "you'll perk up when the clocks change", "you'll sail through it".
    A prediction of the person's feeling gone, not the writer's own ("i forgot all about it")."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in _GONE_BY and lemma != "remember":
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in _THE_PERSON:
            continue
        helpers = [c.lower_ for c in verb.children if c.dep_ == "aux"]
        # Reported, the future is "would": "I told her she wouldn't even remember it".
        future = {"will", "'ll", "ll", "wo"} | ({"would", "'d"} if verb.dep_ in ("ccomp", "conj") else set())
        if not future & set(helpers):
            continue
        if lemma == "remember":
            if is_negated(verb) and any(c.lower_ == "even" for c in verb.children):
                spans.append(span_of(subject, verb))
            continue
        needs = _GONE_BY[lemma]
        if is_negated(verb) or needs and not any(t.lower_ in needs for t in verb.subtree if verb.i < t.i <= verb.i + 2):
            continue
        spans.append(span_of(subject, verb.right_edge if verb.right_edge.i - verb.i < 6 else verb))
    return spans


_SAYING = frozenset({"say", "tell", "call", "suggest", "imply", "mention", "add"})


def unsaid(doc: Doc, start: int, end: int) -> bool:
    """The words at these offsets are in a clause the writer says they did not say: "I didn't
    want to say it's nothing", "I wasn't going to tell her to cheer up", "I'd never say that's
    life" (what someone else did not say is not the writer's either way)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    below = span.root
    for above in span.root.ancestors:
        if below.dep_ == "advcl":
            return False  # "since all lads bottle it up, he won't say much": a reason beside the saying, not what is said
        below = above
        if above.lemma_.lower() in _SAYING and above.pos_ == "VERB":
            chain = [above, *above.ancestors][:3]
            return any(is_negated(v) for v in chain if v.pos_ in ("VERB", "AUX"))
    return False


SHAPES = {"could_be_worse": could_be_worse, "never_hurt_anyone": never_hurt_anyone, "bigger_picture": bigger_picture, "gone_by_then": gone_by_then}
