"""How the phrasing guide reads the shape of an idea, beyond the words (`reflect.language`
reads the text itself): whose words a sentence holds (a client's, noted by the writer; a hope
or wish; what was taken to one's own supervisor), a prediction of their outcome from mine, my
count set against theirs, my way promised to them, a story that turns back to the person, and
everyday life stopped. `SHAPES` names the readings of this module (and a few of its neighbours)
a rule can ask for; `reflect.shapes` gathers every module's into one registry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reflect.claim_shapes import said_of_all
from reflect.relation_shapes import life_outside_work, my_story_at_length, someone_elses_story
from reflect.story_shapes import WHOLE_STORIES
from reflect.guard_context import connected_between_us, contact_between_us, singled_out
from reflect.guard_messages import account_named
from reflect.guard_places import born_on, ward_by_name
from reflect.own_state_shapes import own_capacity_asked, own_capacity_stated
from reflect.language import FIRST_PERSON, PEOPLE_NOUNS, REPORTING_LEMMAS, clause_subject, is_negated, is_reported, run_on

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# --- whose words, and to whom ------------------------------------------------------------

# Verbs that carry someone's words, thoughts or wishes: what hangs on them is theirs.
_VOICING = frozenset(
    {
        "say", "tell", "think", "feel", "believe", "reckon", "worry", "want", "ask", "describe", "report", "mention",
        "explain", "admit", "wish", "fear", "insist", "complain", "moan", "wonder", "hope",
    }
)
_THIRD_PERSON = frozenset({"he", "she", "they", "client", "pt", "patient"})
_OTHER_NOUNS = frozenset({"mate", "pal", "ex", "stepdad", "stepmum", "flatmate", "housemate", "relative", "lad", "lass"})
# Those who advise on treatment: what they told someone is theirs ("the pharmacist told her ...").
_ADVISERS = frozenset(
    {"gp", "pharmacist", "psychiatrist", "consultant", "therapist", "counsellor", "psychologist", "dietitian", "dietician",
     "physio", "midwife", "dentist", "surgeon", "specialist", "cpn", "coordinator", "prescriber"}
)


def _someone_else(subject: Token | None) -> bool:
    if subject is None:
        return False
    low = subject.lower_
    return (
        low in _THIRD_PERSON
        or subject.lemma_.lower() in PEOPLE_NOUNS
        or low in _OTHER_NOUNS
        or subject.lemma_.lower() in _ADVISERS
        or subject.ent_type_ == "PERSON"
    ) and not any(c.dep_ == "conj" and c.lower_ in FIRST_PERSON for c in subject.children)


def voiced_by_other(token: Token) -> bool:
    """The word is in what someone else said, thought, wanted or spent their time on: under
    the nearest verb of saying or thinking, whose subject is another person ("she thinks
    she'll always be like this", "he told me his mate died", "she wanted to add me on
    insta"). A client's words noted by the writer are the client's, not the writer's."""
    current = token
    for step in range(8):
        # The verb of saying itself is the writer's narration ("he wanted to know my story").
        if step and current.lemma_.lower() in _VOICING and current.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in current.children):
                return False  # a condition ("if she wants to get better, she'll have to ..."), no one's words
            subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and current.dep_ in ("xcomp", "conj"):
                # "he keeps telling himself ...", "she keeps saying ...": the subject of "keeps";
                # "she went quiet and said ...": the subject of the verb it is joined to.
                subject = next((c for c in current.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return _someone_else(subject) and not _said_yes(current)
        # A clause joined on ("she asked how I was and I ended up talking about my divorce",
        # "he wanted to know, so I went through it all") is a clause of its own, not theirs.
        if current.head.i == current.i or current.dep_ in ("conj", "parataxis", "advcl", "relcl"):
            return False
        current = current.head
    return False


_ASSENT = frozenset({"yes", "yeah", "yep", "yup", "course", "sure", "definitely", "absolutely", "ok", "okay", "aye", "deffo", "ofc"})
_NOT_SO = frozenset({"not", "n't", "no", "never", "nah"})


def _said_yes(asking: Token) -> bool:
    """The person asked whether they and the writer, or they and the writer's things, could
    ("he asked if we can still be mates", "she asked if she could come round to mine") and the
    writer said yes ("i said course we can"): the yes makes it the writer's own."""
    if asking.lemma_.lower() != "ask":
        return False
    asked = [c for c in asking.children if c.dep_ == "ccomp" and any(m.lower_ in ("if", "whether") for m in c.children)]
    if not any(t.lower_ in ("we", "us", "me", "my", "mine") for c in asked for t in c.subtree):
        return False
    for said in (t for t in run_on(asking.sent) if t.i > asking.i and t.lemma_ == "say"):
        answer = said.doc[said.i + 1 : said.i + 4]
        if any(c.dep_ == "nsubj" and c.lower_ == "i" for c in said.children) and any(w.lower_ in _ASSENT for w in answer):
            return not any(w.lower_ in _NOT_SO for w in answer)
    return False


def said_of_someone_else(token: Token) -> bool:
    """The clause the word is in has another person as its subject ("she's really struggling
    at the moment")."""
    return _someone_else(clause_subject(token))


# Verbs with which the writer wishes something for the person rather than says it will be.
_WISHING = frozenset({"hope", "wish", "pray"})
# Their forms, for where the small pipeline's lemmatizer slips ("hoping" read as "hop").
_WISHING_FORMS = frozenset({"hope", "hopes", "hoped", "hoping", "wish", "wishes", "wished", "wishing", "pray", "prays", "prayed", "praying"})


# Verbs that present what they govern as a fact: "I hope you understand you'll never be the
# same" asserts the forecast; only the understanding is hoped for.
_AS_FACT = frozenset({"know", "understand", "realise", "realize", "accept", "remember", "appreciate", "recognise", "recognize", "see"})
# A wish said without a verb of wishing.
_WISH_IDIOMS = ("fingers crossed",)


def wished_for(token: Token) -> bool:
    """The word is in what someone hopes or wishes, not in what they say will happen ("I hope
    you'll never have to go through that again", "i really hope it never comes back for
    you", "she hopes she'll never feel like that again", "fingers crossed it never comes
    back"): under a verb of hoping or wishing, or in a sentence that is a wish by idiom, and
    not under a verb that presents it as a fact ("I hope you know you'll never work again")."""
    current = token
    for step in range(8):
        if (step and _as_fact(current)) or any(c.dep_ == "parataxis" and _as_fact(c) for c in current.children):
            return False  # the parser hangs "you know" off the clause as often as above it
        if (current.lemma_.lower() in _WISHING or current.lower_ in _WISHING_FORMS) and current.pos_ in ("VERB", "AUX"):
            return True
        if current.head.i == current.i or current.dep_ in ("conj", "parataxis", "advcl", "relcl"):
            break
        current = current.head
    # An idiom wishes its whole sentence, unless the sentence turns ("fingers crossed, but ...").
    sentence = token.sent
    return any(idiom in sentence.text.lower() for idiom in _WISH_IDIOMS) and not any(
        t.lower_ in _CONTRAST or _as_fact(t) for t in sentence
    )


_CONTRAST = frozenset({"but", "though", "although", "however", "honestly"})


def _as_fact(token: Token) -> bool:
    return token.lemma_.lower() in _AS_FACT and token.pos_ == "VERB"


# Who a writer takes their own difficulties to for support (BP20, Preparation 7).
_SUPPORTERS = frozenset({"supervisor", "manager", "gp", "counsellor", "therapist", "doctor", "boss", "team leader", "leader", "occupational health"})
_SHARING = frozenset({"tell", "speak", "talk", "mention", "raise", "take", "bring", "share", "discuss", "say", "email", "see", "ask", "explain", "let", "admit", "open"})


def told_to_support(sentence: Span) -> bool:
    """The sentence says the writer took it to their own supervisor, manager, GP or
    counsellor ("I told my supervisor I've been struggling", "spoke to my manager about my
    anxiety"): sharing for support, which the guidance expects, not sharing with the person."""
    for token in sentence:
        if token.lemma_.lower() not in _SUPPORTERS or not any(c.lower_ == "my" for c in token.children):
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        verb = verb.head if verb.lemma_.lower() == "know" and verb.head.lemma_.lower() == "let" else verb  # "let my manager know"
        if verb.lemma_.lower() in _SHARING and not _someone_else(clause_subject(verb)):
            return True
    return False


# --- predicting their outcome from mine ---------------------------------------------------

_ECHO_VERBS = frozenset({"do", "be", "go", "happen", "work"})
_FUTURE = frozenset({"will", "'ll", "wo", "shall", "would", "'d", "ll"})
_ECHO_DEPS = frozenset({"nsubj", "nsubjpass", "punct", "cc", "advmod", "neg", "aux", "mark", "prep", "attr", "acomp", "dobj", "pobj", "npadvmod"})


def _echo(token: Token) -> bool:
    """A short past clause that says "mine went the same way": "I did", "I was", "mine
    did", "that's how mine went", "it was like that for me", "what happened with me"."""
    if token.tag_ != "VBD" or token.lemma_.lower() not in _ECHO_VERBS or is_reported(token):
        return False
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    mine = subject is not None and (subject.lower_ in ("i", "mine") or any(c.lower_ == "my" for c in subject.children))
    for_me = any(
        c.dep_ == "prep" and c.lower_ in ("for", "with", "to") and any(g.lower_ == "me" for g in c.children) for c in token.children
    )
    if not (mine or for_me):
        return False
    # A clause of its own ("how it went for me" inside "hear how ..." is not one), and short:
    # a pro-form echo, not a story of its own ("I did a course at the college").
    if token.dep_ not in ("ROOT", "conj", "parataxis") and not (
        token.dep_ == "ccomp" and token.head.lemma_ in REPORTING_LEMMAS | {"be", "know", "reassure"}
    ):
        return False
    return len(_own_clause(token)) <= 6 and not any(c.dep_ in ("dobj", "xcomp", "acomp", "attr", "oprd") for c in token.children)


_CLAUSES = frozenset({"advcl", "conj", "ccomp", "parataxis", "xcomp", "cc", "punct", "relcl"})


def _own_clause(token: Token) -> list[Token]:
    """The words of the token's own clause, without the clauses hung on it."""
    words = [token]
    for child in token.children:
        if child.dep_ not in _CLAUSES:
            words.extend(child.subtree)
    return words


def _prediction(token: Token) -> bool:
    """A verb told of the person's future, or of how it always goes: "you'll feel better",
    "she'll be fine", "the second baby is always easier" (not the writer's own plans)."""
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
        return False
    subject = clause_subject(token)
    if subject is not None and subject.lower_ in FIRST_PERSON | {"we"}:
        return False
    future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in token.children)
    always = any(c.dep_ == "advmod" and c.lower_ in ("always", "invariably") for c in token.children)
    return future or always


def predictions_from_mine(doc: Doc) -> list[tuple[int, int]]:
    """Spans (character offsets into the doc's text) where a sentence tells someone their
    outcome from the writer's own ("you'll feel like yourself again, it was like that for me",
    "the second baby is always easier, it was for me", "you'll sleep again, I know I did"): the
    guidance's "no two experiences are the same"."""
    spans = []
    for sentence in doc.sents:
        echoes = [t for t in sentence if _echo(t)]
        if not echoes:
            continue
        for token in sentence:
            # A forecast in someone else's words ("what he thinks would help") is theirs.
            if _prediction(token) and token not in echoes and not voiced_by_other(token):
                echo = max(echoes, key=lambda e: e.i)
                start = min(token.left_edge.i, echo.left_edge.i)
                end = max(token.i, echo.right_edge.i)
                spans.append((doc[start].idx, doc[end].idx + len(doc[end])))
                break
    return spans


# Named readings a rule can ask for in its `shapes`: each returns spans in the doc's text.


_ASKING = frozenset({"ask", "wonder", "check", "invite"})


def returns_to_person(doc: Doc) -> bool:
    """The writer turns to the person with a question, in any tense or wording ("and asked
    what she thought", "and wondered what would make it easier for him", "I checked how he
    felt about it"): the story comes back to them."""
    for token in doc:
        if token.lemma_.lower() not in _ASKING or token.pos_ != "VERB":
            continue
        subject = clause_subject(token)
        if subject is not None and subject.lower_ not in ("i", "we"):
            continue
        if any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ == "about") for c in token.children) and not is_negated(token):
            return True
    return False


# --- more of mine than yours ---------------------------------------------------------------

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "couple": 2, "few": 3, "dozen": 12, "dozens": 24, "hundreds": 200,
}
_UNITS = {"minute": 1, "hour": 60, "day": 1440, "night": 1440, "week": 10080, "fortnight": 20160, "month": 43200, "year": 525600}


def _number(text: str) -> float | None:
    """A number written in ASCII digits ("12", "2.5"); None for anything else ("¹", "x")."""
    return float(text) if re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,3})?", text) else None


def _amount(token: Token) -> float | None:
    """How much a counted noun says ("one panic attack" 1, "eight months" 8 months), with
    durations in minutes so "three weeks" and "eight months" compare."""
    count = None
    for child in token.children:
        if child.dep_ in ("nummod", "det", "amod", "quantmod") and (child.lower_ in _NUMBERS or child.like_num):
            count = _NUMBERS.get(child.lower_) or _number(child.text)
    if count is None:
        return None
    return count * _UNITS.get(token.lemma_.lower(), 1)


# Verbs that make light of what the person told ("she was moaning about two weeks").
_COMPLAINING = frozenset({"moan", "complain", "whinge", "whine", "grumble", "go", "bang", "harp", "witter"})


def _dared(token: Token) -> bool:
    """The count is what the writer dares the person to try, theirs made light of ("she was
    moaning about two weeks in hosp, I said try nine months on a locked ward", "try eight
    months like me"): the object of "try" said with no one as its subject, where the person's
    count was a complaint or the dare is said to be mine."""
    verb = token.head if token.head.lemma_ != "have" else token.head.head
    if verb.lemma_.lower() != "try" or token.dep_ not in ("dobj", "npadvmod") or any(
        # Not "told him try ...", where the one told is read as the subject.
        c.dep_ in ("nsubj", "nsubjpass") and (c.pos_ == "PRON" or c.lemma_.lower() in PEOPLE_NOUNS) and c.lower_ not in ("him", "her", "them")
        for c in verb.children
    ):
        return False
    like_me = any(t.lower_ in ("like", "as") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("me", "i") for t in verb.subtree)
    return like_me or any(t.lemma_.lower() in _COMPLAINING and t.pos_ == "VERB" for t in run_on(token.sent))


def _whose(token: Token) -> str | None:
    if _dared(token):
        return "mine"
    subject = clause_subject(token)
    if subject is None:
        return None
    if subject.lower_ in ("i", "mine") or any(c.lower_ == "my" for c in subject.children):
        return "mine"
    if subject.lower_ in ("you", "yours", "he", "she", "they") or any(c.lower_ in ("your", "his", "her", "their") for c in subject.children):
        return "theirs"
    return None


def _in_past(token: Token) -> bool:
    """The clause of the word is told in the past ("I was having ten a day", "I was in for
    eight months"), not the present perfect ("I've had three this week")."""
    verb = token.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def more_than_theirs(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a sentence sets the writer's count against the person's and the writer's
    is bigger ("you've had one panic attack, I was having ten a day", "three weeks on the
    ward is nothing, I was in for eight months"): whose struggle was worse."""
    return [(s.start_char, s.end_char) for s in doc.sents if _counts_side_by_side(run_on(s)) == "contest"]



def counts_no_contest(doc: Doc, start: int, end: int) -> bool:
    """The sentence at these offsets sets a count of the writer's beside a like count of the
    person's, and the writer's is not the bigger struggle ("she's had two sessions this month
    and I've had three")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and _counts_side_by_side(run_on(span.sent)) == "no contest"


def _counts_side_by_side(sentence: Span) -> str | None:
    """"contest" where the writer's like count is at least twice the person's and in the
    past; "no contest" where like counts stand side by side but none is; else None."""
    counted = _counted(sentence)
    mine = [(t, a) for t, a, w in counted if w == "mine"]
    found = None
    for t, a in ((t, a) for t, a, w in counted if w == "theirs"):
        for m, b in mine:
            if m.lemma_ == t.lemma_ or (m.lemma_ in _UNITS) == (t.lemma_ in _UNITS):
                if b >= 2 * a and (_in_past(m) or _dared(m)):
                    return "contest"
                found = "no contest"
    return found


def _counted(sentence: Span) -> list[tuple[Token, float, str | None]]:
    """Each counted thing in a sentence: the word, how much, and whose ("mine", "theirs")."""
    counted = [(t, _amount(t), _whose(t)) for t in sentence if t.pos_ == "NOUN"]
    counted += [(t, float(_NUMBERS[t.lower_]), _whose(t)) for t in sentence if t.pos_ == "NUM" and t.dep_ in ("dobj", "attr") and t.lower_ in _NUMBERS]
    return [(t, a, w) for t, a, w in counted if a is not None]


# --- my way for them --------------------------------------------------------------------

_GOT_ME = frozenset({"get", "help", "work", "sort", "save", "fix", "pull", "carry", "cure"})


def my_way_for_them(doc: Doc) -> list[tuple[int, int]]:
    """Spans where what got the writer through is promised to the person: a verb of getting
    through, with "will", whose subject is what did it for the writer ("the stuff that got me
    through will work for him too", "whatever helped me will help you")."""
    spans = []
    for token in doc:
        if token.lemma_.lower() not in _GOT_ME or not any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "would", "'d") for c in token.children):
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is None:
            continue
        for inner in subject.subtree:
            if inner.i == token.i or inner.lemma_.lower() not in _GOT_ME:
                continue
            if any(c.lower_ == "me" and c.dep_ in ("dobj", "nsubj") for c in inner.children) or any(
                c.dep_ == "prep" and any(g.lower_ == "me" for g in c.children) for c in inner.children
            ):
                spans.append((subject.left_edge.idx, token.idx + len(token)))
                break
    return spans




# --- everyday life stopped ---------------------------------------------------------------------

_DAILY = frozenset(
    {"wash", "eat", "sleep", "leave", "answer", "open", "shower", "bathe", "cook", "clean", "dress", "go", "get", "see",
     "speak", "talk", "work", "shop", "phone", "ring", "reply", "brush", "move", "function"}
)
_LONG = frozenset({"week", "month", "year", "day", "age", "end", "all", "more", "longer"})


def _a_long_while(token: Token) -> bool:
    """ "for weeks", "for a month", "weeks on end", "at all", "any more"; not "last week"."""
    if token.lemma_.lower() not in _LONG or any(c.lower_ in ("last", "this", "next", "that", "one") for c in token.children):
        return False
    return token.head.lower_ in ("for", "on", "at", "any") or token.tag_ == "NNS" or token.lower_ in ("ages", "more", "longer")


def daily_life_stopped(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells of everyday life stopping for a long while ("I didn't wash
    or answer the door for weeks on end", "I stopped going out at all"): a hard time in any
    words, for a story that needs its way forward."""
    spans = []
    for token in doc:
        if token.lemma_.lower() not in _DAILY or token.pos_ != "VERB":
            continue
        verb = token.head if token.dep_ == "conj" and token.head.pos_ == "VERB" else token
        stopped = verb.dep_ == "xcomp" and verb.head.lemma_ in ("stop", "quit")
        if not (stopped or is_negated(verb)):
            continue
        subject = clause_subject(verb.head if stopped else verb)
        if subject is None or subject.lower_ != "i":
            continue
        clause = verb.head if stopped else verb
        if any(_a_long_while(t) for t in clause.subtree if t.dep_ in ("pobj", "npadvmod", "dobj", "advmod", "pcomp")):
            spans.append((token.idx, token.idx + len(token)))
    return spans


# A hard time that has lasted, or never ended: the verbs and words that carry it.
_LASTING_WORDS = frozenset(
    {
        "struggle", "battle", "suffer", "fight", "carry", "depression", "depressed", "anxiety", "anxious", "bulimia",
        "anorexia", "ptsd", "ocd", "trauma", "worrier", "panic", "addiction", "ill", "illness", "low", "hell", "pain",
        "grief", "worse", "suicidal", "nightmare", "flashback", "drinking", "gambling", "bipolar", "psychosis",
        "voices", "agoraphobia", "self-harm", "harm", "eating", "lonely", "loneliness", "isolated", "paranoia",
    }
)
# What a hard time never did, or the writer never could, since ("I've never really got over
# it", "it's never lifted", "I haven't been the same since", "I've never been able to work").
_NEVER_ENDED = frozenset({"recover", "lift", "heal", "fade", "shift", "trust", "settle"})
_NEVER_WITH = {"get": ("over",), "go": ("away",), "be": ("same", "able", "right", "well"), "leave": ("me",), "shake": ("off", "it")}
_SINCE_CHILD = frozenset({"kid", "child", "teenager", "teen", "baby", "bairn", "girl", "boy", "school", "birth", "young"})


def _first_person_subject(verb: Token) -> bool:
    subject = clause_subject(verb)
    if subject is None:
        return False
    return subject.lower_ in ("i", "me") or any(c.lower_ == "my" for c in subject.children)


def _present_perfect_or_always(verb: Token) -> bool:
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    perfect = any(c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in helpers)
    return perfect or any(c.lower_ == "always" for c in verb.children)


def _for_a_lifetime(verb: Token) -> bool:
    """ "for years", "for twenty years", "since I was a kid", "ever since", "my whole life",
    "all my life", "on and off", "over the years": not "for a week" nor "since Tuesday"."""
    words = [t for t in verb.subtree]
    lows = {t.lower_ for t in words}
    if {"on", "off"} <= lows and "and" in lows:
        return True
    for t in words:
        if t.lower_ in ("years", "decades") and t.head.lower_ in ("for", "over"):
            return True
        if t.lower_ == "life" and any(c.lower_ in ("whole", "all", "entire", "adult") for c in list(t.children) + [t.head]):
            return True
        if t.lower_ == "life" and t.head.lower_ == "all":
            return True
        if t.lower_ == "since" and (any(c.lower_ == "ever" for c in t.children) or (t.i > 0 and t.doc[t.i - 1].lower_ == "ever")):
            return True
        if t.lower_ == "since" and any(w.lemma_.lower() in _SINCE_CHILD for w in t.head.subtree if w.i > t.i):
            return True
    return False


def _never_ended(verb: Token) -> bool:
    """ "I've never really got over it", "it's never lifted", "I haven't been the same since"."""
    negs = [c for c in verb.children if c.dep_ == "neg"]
    if not negs or not _present_perfect_or_always(verb):
        return False
    lemma = verb.lemma_.lower()
    if lemma in _NEVER_ENDED:
        return True
    partners = _NEVER_WITH.get(lemma)
    if partners and any(t.lower_ in partners for t in verb.subtree if t.i > verb.i):
        # "I haven't been the same since": a "not" needs the "since"; a "never" stands alone.
        return any(n.lower_ == "never" for n in negs) or any(t.lower_ == "since" for t in verb.subtree)
    return False


def hardship_lasting(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells of a hard time that has gone on, or has never ended, in the
    present perfect or as always so ("I've been struggling with this for years", "I've had
    depression since I was a kid", "I've never really got over it", "my anxiety has ruined most
    of my adult life", "it's just got worse and worse over the years"): a story with no way
    forward however short, for a story that needs its way forward."""
    spans = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
            continue
        lasting = False
        subject = clause_subject(token)
        # My life ruined ("the anorexia has ruined my whole life") is mine whatever did it.
        my_life = token.lemma_.lower() in ("ruin", "wreck", "destroy") and any(
            t.lower_ == "life" and any(c.lower_ == "my" for c in t.children) for t in token.subtree
        )
        mine = my_life or _first_person_subject(token) or (subject is not None and subject.lower_ == "it")
        if not mine:
            continue
        if _never_ended(token):
            lasting = True
        else:
            clause = [t for t in token.subtree if t.sent == token.sent]
            hard = any(t.lemma_.lower() in _LASTING_WORDS or t.lower_ in _LASTING_WORDS for t in clause)
            if token.lemma_.lower() in ("ruin", "wreck", "destroy") and any(t.lower_ == "life" for t in clause):
                lasting = True
            elif hard and _present_perfect_or_always(token) and _for_a_lifetime(token):
                lasting = True
            elif hard and any(t.lower_ == "worse" and any(c.dep_ == "conj" and c.lower_ == "worse" for c in t.children) for t in clause):
                lasting = True
        if lasting:
            start, end = token.left_edge, token.right_edge
            spans.append((start.idx, end.idx + len(end)))
    return spans


# Shapes that tell a whole story however short it is (a missing_coping rule's `min_words`
# does not apply, nor its need for a story told in the past).
WHOLE_STORY_SHAPES = frozenset({"hardship_lasting"}) | WHOLE_STORIES


# Named readings a rule can ask for by name (`shapes:` in prompts/phrasing.yaml).
SHAPES = {
    "prediction_from_mine": predictions_from_mine,
    "more_than_theirs": more_than_theirs,
    "my_way_for_them": my_way_for_them,
    "daily_life_stopped": daily_life_stopped,
    "hardship_lasting": hardship_lasting,
    "said_of_all": said_of_all,
    "life_outside_work": life_outside_work,
    "someone_elses_story": someone_elses_story,
    "my_story_at_length": my_story_at_length,
    "contact_between_us": contact_between_us,
    "connected_between_us": connected_between_us,
    "account_named": account_named,
    "singled_out": singled_out,
    "ward_by_name": ward_by_name,
    "born_on": born_on,
    "own_capacity_asked": own_capacity_asked,
    "own_capacity_stated": own_capacity_stated,
}
