"""Who is at each end of a message on a personal app, for the identifying-details guard: a
member of staff and someone the team supports, whichever sends it ("my colleague has been
telegramming one of the young people", "the new hca imessages her after shifts", "the ot
whatsapp'd the mum", "she snapchats the keyworker every evening", "a young person dm'd one of
our support workers on snap"). Such a message sits outside the team's records and links the
member of staff, and their number, to life outside work, as the writer's own would; the
person's own messaging with their family or friends ("her ex keeps whatsapping her", "her
daughter messages her on whatsapp") stays theirs. Read on the verb's own clause (given by
`reflect.guard_context`), on the guard's lighter reading (tags and dependencies, no lemmas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.guard_words import JOBS

if TYPE_CHECKING:
    from spacy.tokens import Token

# People who work with the person: a job or a team's word for its own.
STAFF = JOBS | frozenset(
    {
        "colleague", "colleagues", "staff", "keyworker", "key-worker", "ot", "sw", "cpn", "hcas", "rmn", "rgn", "psychologist",
        "psychiatrist", "worker", "workers", "stw", "hcsw", "sister", "registrar", "locum", "agency", "bank", "nurses", "students",
        "coordinator", "co-ordinator", "practitioner", "navigator", "mentor", "tutor", "coach", "counsellor", "nursery",
    }
)
# Words for someone the team supports, or their family, said as the team says them.
SUPPORTED = frozenset(
    {
        "patient", "patients", "client", "clients", "resident", "residents", "lad", "lads", "lass", "lasses", "girl", "girls",
        "boy", "boys", "person", "people", "yp", "su", "kid", "kids", "child", "family", "families", "mum", "dad", "mam",
        "mother", "father", "parent", "parents", "carer", "carers", "tenant", "tenants", "pupil", "pupils", "user", "users",
        "teenager", "gran", "nan", "wife", "husband", "partner", "daughter", "son",
    }
)
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "iobj"})
_OWN_KIN = frozenset({"his", "her", "their", "its"})


# What marks someone named as staff: "rob on nights", "sanjay from the team".
_ON_SHIFT = frozenset({"nights", "days", "earlies", "lates", "shift", "duty", "nights'", "bank"})
_FROM_TEAM = frozenset({"team", "ward", "office", "service", "unit", "hub", "crisis", "cmht", "camhs"})


def _staff(token: Token) -> bool:
    """A member of staff: "my colleague", "the new hca", "one of the bank staff", "our support
    workers", someone named by their shift or team ("rob on nights", "sanjay from the team")."""
    word = token.lower_
    for prep in token.children:
        if prep.dep_ == "prep" and any(
            (prep.lower_ == "on" and g.lower_ in _ON_SHIFT) or (prep.lower_ == "from" and g.lower_ in _FROM_TEAM) for g in prep.children if g.dep_ == "pobj"
        ):
            return True
    if word in STAFF and not (word in ("sister", "nursery", "bank") and not any(c.lower_ in ("the", "our", "a", "one") for c in token.children)):
        return True
    return word == "one" and any(g.lower_ in STAFF for c in token.children if c.lower_ == "of" for g in c.children)


def _supported(token: Token) -> bool:
    """Someone the team supports, told as a note tells them: "her", "the lad in room 3", "one of
    the young people", "the mum", a name (not "his mum", which may be the member of staff's own)."""
    word = token.lower_
    if word in _PRONOUNS or (token.tag_ == "NNP" and token.dep_ != "nsubj"):
        return True
    if word == "one":
        return any(g.lower_ in SUPPORTED for c in token.children if c.lower_ == "of" for g in c.children)
    if word not in SUPPORTED:
        return False
    return not any(c.dep_ == "poss" and c.lower_ in _OWN_KIN for c in token.children)


def staff_and_supported(verb: Token, clause: list[Token]) -> bool:
    """The clause of a verb of contact holds a member of staff at one end and someone the team
    supports at the other (its subject and an object, or the other way round)."""
    ends = [t for t in clause if t.dep_ in _ARGUMENTS and t.i != verb.i]
    subjects = [t for t in ends if t.dep_ in ("nsubj", "nsubjpass")]
    # the one messaged, not the app it went by ("on whatsapp")
    objects = [t for t in ends if t.dep_ not in ("nsubj", "nsubjpass") and not (t.dep_ == "pobj" and t.head.lower_ not in ("to", "with", "of"))]
    # "telegrams her most weekends": the pronoun straight after the verb, whatever it is read as
    objects += [t for t in clause if t.i == verb.i + 1 and t.lower_ in _PRONOUNS]
    return any(_staff(s) and any(_supported(o) for o in objects) or _supported(s) and any(_staff(o) for o in objects) for s in subjects)
