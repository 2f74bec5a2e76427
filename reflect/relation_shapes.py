"""How the phrasing guide reads who a story belongs to and what the working relationship has
become, whatever the words: my home, time off and evenings given to the person ("he's been
round mine for tea", "I drove her to her mum's on my day off", "we text each other most
evenings", "me and her are going to a gig together"); someone else's story told ("my best
friend's story of leaving her husband", "a previous service user who ..."); and my story
taking the time ("I went into a long thing about my years on the ward and she just sat and
nodded", "she must know more about my breakup than I know about her"). Rules ask for these by
name (`shapes:` in prompts/phrasing.yaml), through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import clause_subject, is_negated, is_question, run_on, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_THEM = frozenset({"her", "him", "them", "she", "he", "they"})


def _we(subject: Token | None) -> bool:
    """ "we", or "me and her" / "me n her" / "her and me": the writer and the person together."""
    if subject is None:
        return False
    if subject.lower_ == "we":
        return True
    pair = {subject.lower_} | {c.lower_ for c in subject.subtree if c.dep_ in ("conj", "appos", "compound", "nmod")}
    return bool(pair & {"me", "i"}) and bool(pair & _THEM)


# --- my home, my time off, my evenings --------------------------------------------------------

_VISITING = frozenset(
    {"be", "come", "pop", "stay", "sleep", "go", "drop", "nip", "call", "invite", "bring", "have", "stop", "visit", "swing", "crash", "kip"}
)
_TIME_OFF = frozenset({"off", "own", "free", "spare"})
# Meeting by chance is no time given to the person ("I saw him in Tesco on my day off and just
# said hello").
_BY_CHANCE = frozenset({"see", "spot", "notice", "bump", "run", "pass", "recognise", "recognize", "hear", "wave"})
_CONTACT = frozenset({"text", "message", "ring", "call", "phone", "chat", "facetime", "snapchat", "whatsapp", "talk", "speak"})
_OUT_OF_HOURS = frozenset({"evening", "night", "weekend", "sunday", "saturday"})
# Their family's days: "I'd come to her son's christening".
_FAMILY_DAYS = frozenset({"christening", "wedding", "party", "birthday", "do", "barbecue", "bbq", "graduation", "baptism", "housewarming"})
_OUTINGS = frozenset(
    {"gig", "concert", "pub", "match", "game", "cinema", "film", "party", "bingo", "festival", "pint", "drink", "meal",
     "dinner", "show", "wedding", "christening", "club", "races", "football", "holiday"}
)


def _my_time_off(token: Token) -> bool:
    """ "on my day off", "in my own time", "on my night off"."""
    if any(c.dep_ == "prep" for c in token.children):
        return False  # "my own time in hospital" is a time of my life, not time off
    return token.lemma_.lower() in ("day", "time", "night", "weekend", "evening") and any(
        c.lower_ == "my" for c in token.children
    ) and any(c.lower_ in _TIME_OFF for c in list(token.children) + list(token.doc[token.i + 1 : token.i + 2]))


# Who may be asked round to mine: the person, or someone they might be ("a lad I support").
_VISITORS = frozenset({"you", "u", "ya", "he", "she", "they", "we", "client", "patient", "lady", "man", "woman", "lad", "lass",
                       "girl", "boy", "bloke", "guy", "person", "resident", "user", "family"})


def _a_visitor(verb: Token) -> bool:
    """The one coming to mine is the person or no one named ("pop round to mine", "invited him
    to come back to mine"), not someone else ("the bailiffs came to mine", "i got back to mine")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is None or subject.lower_ in _VISITORS or subject.lemma_.lower() in _VISITORS or subject.ent_type_ == "PERSON"


def life_outside_work(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer's home, time off or evenings go to the person: visits to mine,
    help given on my day off, texting each other in the evenings, outings together."""
    spans = []
    # Questions are left out once a sentence, not once a word (a word's sentence is found by a scan).
    for token in (t for sentence in doc.sents if not is_question(sentence) for t in sentence):
        verb = token.head
        # "he's been round mine", "she came back to mine", "stayed at mine".
        before = doc[token.i - 1].lower_ if token.i else ""
        if token.lower_ == "mine" and before in ("round", "at", "to", "over", "back", "in", "by", "up"):
            mover = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
            being = mover is not None and mover.lemma_ == "be"
            if being and before not in ("round", "over", "at"):
                mover = None  # "her story was so close to mine"
            if mover is not None and mover.lemma_.lower() in _VISITING and not is_negated(mover) and _a_visitor(mover):
                spans.append(span_of(mover, token))
        # "I drove her to her mum's on my day off".
        elif _my_time_off(token) and token.dep_ == "pobj":
            acting = verb.head
            for_them = [c for c in acting.subtree if c.lower_ in _THEM and c.dep_ in ("dobj", "pobj", "dative", "nsubj")]
            if acting.pos_ == "VERB" and for_them and not is_negated(acting) and acting.lemma_.lower() not in _BY_CHANCE:
                spans.append(span_of(acting, token))
        elif token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass") and not is_negated(token):
            subject = clause_subject(token)
            lemma = token.lemma_.lower()
            words = [t for t in token.subtree if t.i != token.i]
            # "we text each other most evenings", "me and her ring each other at weekends".
            if lemma in _CONTACT and (_we(subject) or subject is not None and subject.lower_ == "i"):
                each_other = any(t.lower_ == "other" and t.i > 0 and doc[t.i - 1].lower_ == "each" for t in words)
                evenings = any(t.lemma_.lower() in _OUT_OF_HOURS and t.tag_ == "NNS" for t in words)
                if each_other and evenings:
                    spans.append(span_of(token, token.right_edge))
            # "I'd come to her son's christening", "I went to his wedding".
            if lemma in ("come", "go", "attend") and subject is not None and subject.lower_ == "i":
                # Read by the words, as "christening" may be read as a verb.
                days = [t for t in words if t.lower_ in _FAMILY_DAYS and t.i > token.i]
                if any(any(w.lower_ in ("her", "his", "their") for w in doc[max(token.i, d.i - 3) : d.i]) for d in days):
                    spans.append(span_of(token, token.right_edge))
                    continue
            # "me and her are going to a gig together", "we went to the match together".
            elif (lemma in ("go", "head", "meet", "get") or lemma == "be" and any(c.lower_ == "off" for c in token.children)) and _we(subject):
                together = any(t.lower_ == "together" for t in words)
                outing = any(t.lemma_.lower() in _OUTINGS and t.dep_ == "pobj" and t.head.lower_ in ("to", "for", "at") for t in words)
                if together and outing:
                    spans.append(span_of(token, token.right_edge))
    return spans


# --- someone else's story ----------------------------------------------------------------------

_PEOPLE = frozenset(
    {"friend", "mate", "sister", "brother", "mum", "mam", "mother", "dad", "father", "son", "daughter", "husband", "wife",
     "partner", "cousin", "aunt", "auntie", "uncle", "nan", "gran", "grandad", "niece", "nephew", "neighbour", "colleague",
     "ex", "boyfriend", "girlfriend", "flatmate", "pal"}
)
_STORIES = frozenset({"story", "experience", "journey", "battle", "struggle", "breakdown", "history", "ordeal", "diagnosis"})
_OTHER_CLIENTS = frozenset({"client", "patient", "user", "resident", "lady", "man", "woman", "lad", "bloke", "guy", "person"})
_BEFORE = frozenset({"previous", "former", "old", "other", "another", "last"})
_TELLING = frozenset({"tell", "share", "mention", "talk", "explain", "describe", "say", "speak"})


def someone_elses_story(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells someone else's story: the story of someone of theirs ("I
    told her my best friend's story of leaving her husband"), or another person they supported
    ("I shared about a previous service user who did really well")."""
    spans = []
    for verb in doc:
        if verb.lemma_.lower() not in _TELLING or verb.pos_ != "VERB" or is_negated(verb):
            continue
        subject = clause_subject(verb)
        if subject is not None and subject.lower_ != "i":
            continue  # no subject: a note in the writer's own shorthand ("told her my mate's story")
        for told in verb.subtree:
            if told.head.i != verb.i and told.head.head.i != verb.i:
                continue
            # "my best friend's story", "my sister's experience of rehab".
            if told.lemma_.lower() in _STORIES:
                # "my best friend's story", or typed without the apostrophe, "my best friends story".
                owner = next((c for c in told.children if c.dep_ in ("poss", "compound") and c.lemma_.lower() in _PEOPLE), None)
                mine = [c for c in list(told.children) + list(owner.children if owner is not None else ()) if c.lower_ in ("my", "our")]
                if owner is not None and mine:
                    spans.append(span_of(verb, told))
            # "a previous service user who ...", "another client I had who ...".
            elif told.lemma_.lower() in _OTHER_CLIENTS and told.dep_ in ("pobj", "dobj"):
                before = any(c.lower_ in _BEFORE for c in told.subtree if c.i < told.i)
                story = any(c.dep_ in ("relcl", "acl") for c in told.children)
                if before and story:
                    spans.append(span_of(verb, told.right_edge))
    return spans


# --- my story taking the time ----------------------------------------------------------------

_ABOUT_ME = frozenset({"talk", "tell", "go", "share", "explain", "describe", "ramble", "chat", "rabbit", "bang", "witter", "launch"})
_LONG = frozenset({"long", "ages", "hours", "forever", "lengthy", "length"})
# The person sidelined while I talk: "she just sat and nodded", "he barely spoke".
_SIDELINED = {"nod": ("just", "only"), "sit": ("just", "only"), "listen": ("just",), "switch": ("off",), "zone": ("out",), "glaze": ("over",),
              "speak": ("barely", "hardly", "before"), "say": ("barely", "hardly", "before"), "go": ("quiet",)}


_WHOLE = frozenset({"whole", "entire", "full", "lot", "everything", "saga"})


def _all_of_mine(verb: Token, spent: bool) -> Token | None:
    """What I told is all of something of mine: what I'd had, told in time I spent on it ("spent
    the hour telling him what a rubbish week i'd had"), or "the whole thing" after "that
    reminded me of my own kid's diagnosis"."""
    for c in verb.children:
        if spent and c.dep_ == "ccomp" and c.i > verb.i and any(g.dep_ == "nsubj" and g.lower_ == "i" for g in c.children):
            return c
        whole = c.dep_ == "dobj" and (c.lower_ in _WHOLE or any(g.lower_ in _WHOLE for g in c.children))
        reminded = any(t.lemma_.lower() == "remind" and any(g.lower_ == "me" for g in t.children) for t in verb.doc[max(0, verb.i - 25) : verb.i])
        if whole and reminded:
            return c
    return None


def _about_mine(verb: Token) -> Token | None:
    for t in verb.subtree:
        if t.lower_ in ("about", "into", "through", "on") and t.i > verb.i:
            for obj in t.subtree:
                if obj.i > t.i and (obj.lower_ in ("me", "myself") or (obj.lower_ == "my" and obj.dep_ == "poss")):
                    return obj
    return None


_TIME_UNITS = frozenset({"session", "hour", "appointment", "visit", "call", "time", "meeting", "minutes", "mins", "min"})


def _took_the_time(verb: Token) -> bool:
    """ "for most of the hour", "the whole session", "for forty minutes", "half the visit"."""
    for t in verb.subtree:
        if t.lemma_.lower() in _TIME_UNITS or t.lower_ in _TIME_UNITS:
            words = {c.lower_ for c in t.subtree} | {t.head.lower_, t.head.head.lower_}
            if words & {"most", "whole", "half", "entire", "all"} or any(c.like_num for c in t.children):
                return True
    return False


def my_story_at_length(doc: Doc) -> list[tuple[int, int]]:
    """Spans where my story takes the time: a long telling of mine ("I went into a long thing
    about my years on the ward") while the person is sidelined ("she just sat and nodded"), or
    the person knowing more of mine than I of theirs."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma not in _ABOUT_ME and lemma not in ("ask", "know"):
            continue  # before the subject is looked for: that walk is the costly part
        subject = clause_subject(verb)
        if subject is None:
            continue
        if lemma == "ask" and subject.lower_ in ("she", "he", "they") and any(c.lower_ == "me" for c in verb.children):
            # "she was asking me questions about my anxiety for most of the hour".
            if _about_mine(verb) is not None and _took_the_time(verb):
                spans.append(span_of(verb, verb.right_edge))
            continue
        if lemma == "know" and subject.lower_ in ("she", "he", "they"):
            # "she must know more about my breakup than I know about her".
            more = any(t.lower_ == "more" for t in verb.subtree)
            than = any(t.lower_ == "than" for t in verb.subtree)
            if more and than and _about_mine(verb) is not None:
                spans.append(span_of(verb, verb.right_edge))
            continue
        if lemma not in _ABOUT_ME or subject.lower_ != "i" or is_negated(verb):
            continue
        # "i spent most of the session telling him ...", "i talk and talk".
        spent = verb.head if verb.dep_ in ("xcomp", "advcl", "dep", "pcomp") and verb.head.lemma_.lower() in ("spend", "take") else verb
        mine = _about_mine(verb) or _all_of_mine(verb, spent is not verb)
        if mine is None:
            continue
        again = any(c.dep_ == "conj" and c.lemma_.lower() == lemma for c in verb.children)
        long = any(t.lower_ in _LONG for t in verb.subtree) or _took_the_time(spent) or again
        sidelined = False
        for other in verb.sent:
            words = _SIDELINED.get(other.lemma_.lower())
            who = clause_subject(other) if words is not None else None
            if words is None or who is None or who.lower_ not in ("she", "he", "they") or other.pos_ != "VERB":
                continue
            near = {t.lower_ for t in other.children} | {other.doc[other.i + 1].lower_ if other.i + 1 < len(other.doc) else ""}
            if near & set(words):
                sidelined = True
        long = long and not any(t.lower_ == "ago" for t in verb.subtree)
        if long or sidelined:
            spans.append(span_of(verb, mine))
    return spans


# --- the writer looking back on their own telling ---------------------------------------------

# Looking back as practice, with something learnt ("reflecting on it"); not only noticing ("i
# rambled on for twenty minutes before I realised" is the focus moved all the same).
_LOOKING_BACK = frozenset({"reflect"})
_BRIEF = frozenset({"brief", "short", "line", "sentence", "minute", "word", "bit", "mention"})


def _looked_back(sentence) -> bool:
    """A telling of mine looked back on, or a brief one planned: "i realised", "i told him",
    "keep it to a line"."""
    for t in sentence:
        if t.lemma_.lower() in _BRIEF or t.lower_ in ("less", "first"):
            return True
        if t.tag_ == "VBD" and t.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in t.children):
            return True
    return False


def reflected_on(doc: Doc, start: int, end: int) -> bool:
    """The telling at these offsets is one the writer looks back on to learn from, or kept short:
    "i realised i'd talked too much about myself, next time i'll keep it to a line", "in
    supervision i said i think i went on about my own stuff", "reflecting on it, my story took up
    too much room", "kept it to one sentence about my own rehab". That is the reflection the
    guidance asks for, not the focus moved onto the writer."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    sentence = run_on(span.sent)  # "..., but i held back" split off by the parser is the same sentence
    for t in sentence:
        lemma = t.lemma_.lower()
        subject = clause_subject(t) if t.pos_ == "VERB" else None
        mine = subject is None or subject.lower_ == "i"
        if lemma in _LOOKING_BACK and t.pos_ == "VERB" and mine and not is_negated(t):
            return True
        # "i wanted to tell her my whole story and i held back": held back, not told.
        if lemma == "hold" and mine and any(c.lower_ == "back" for c in t.children) and not is_negated(t):
            return True
        if t.lower_ in ("supervision", "supervisor") and t.head.lower_ in ("in", "to", "at", "with"):
            return True  # "talking it through with my supervisor today"
        # "so i stopped and brought it back to him": the telling turned back to the person.
        if lemma == "bring" and mine and any(c.lower_ == "back" for c in t.children) and not is_negated(t) and not any(
            w.lower_ in ("my", "me", "myself", "mine") for w in t.subtree
        ):
            return True  # not "i kept bringing it back to my own experience"
        # "next time i'll keep it to a line" after a telling looked back on ("i realised i'd
        # talked too much"); not a plan for all of my story ("next time i'll explain everything").
        if t.lower_ == "time" and any(c.lower_ == "next" for c in t.children) and _looked_back(sentence):
            return True
        # "kept it to one sentence", "keep it brief".
        if lemma == "keep" and mine and any(c.lower_ == "it" for c in t.children) and any(
            w.lemma_.lower() in _BRIEF for c in t.children if c.dep_ in ("prep", "acomp", "oprd", "xcomp") for w in c.subtree
        ):
            return True
    return False

