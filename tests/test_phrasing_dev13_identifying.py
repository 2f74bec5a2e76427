"""The identifying-details guard reads the thirteenth identifying set's shapes on the parse, not
its strings: a message between the writer and someone told by what was sent or seen (a voice
note, left on read, blue ticks on the writer's own message, an app typed apart or short, the
person's own phone); a run-on note whose second clause is negated ("..., i havent replied"); an
account given by its name without an @; likes and reactions to the writer's posts by anyone;
names in supervision notes ("w/ kt"), after "a call from", worried about by surname, and given
names of two syllables joined by a hyphen; the parts of a number plate are no name. The close
wording stays clean: someone else's messages, "on tele" as the television, an account described
but not named, everyday words after "with", "from" and "about". None of these sentences is in a
corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    "text",
    [
        "my nephew sent me a voice note from the match",
        "she left me on read all weekend and i was gutted",
        "i left him on delivered for a day cos i needed space",
        "two blue ticks on my message and still nothing from him",
        "got a whats app off his sister last night",
        "you can message me on tele if that's easier",
        "she rang me from her own mobile not the ward phone",
        "i'm in a group chat with the lads from my old job",
        "he dm'd me on sunday, i haven't answered him",
        "my brother sends me voice messages when he's driving",
    ],
)
def test_a_message_between_us_told_by_what_was_sent(text: str) -> None:
    assert "identifying_messaging_app" in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("my old page was paintedpebbles, i closed it last year", "paintedpebbles"),
        ("look up riversidebakes on facebook, that's her shop", "riversidebakes"),
        ("his music is all on soundcloud, lofi.lenny", "lofi.lenny"),
        ("her tiktok name is kayla.b04", "kayla.b04"),
    ],
)
def test_an_account_given_by_its_name(text: str, words: str) -> None:
    points_at(text, "identifying_social_handle", words)


@pytest.mark.parametrize(
    "text",
    [
        "his dad reacted to my story on insta, awkward",
        "the girl i support commented on my post on fb",
    ],
)
def test_someone_reacting_to_the_writers_posts(text: str) -> None:
    assert "identifying_social_handle" in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("took min-jun to the dentist this morning", "min-jun"),
        ("supervision w/ dk re boundaries, agreed to pause sharing", "dk"),
        ("a 1:1 with jb about the rota", "jb"),
        ("text from grace asking when group starts again", "grace"),
        ("i'm concerned about mcbride, no answer at the door again", "mcbride"),
        ("opened up with tash about my own anxiety", "tash"),
    ],
)
def test_names_in_notes(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    "text",
    [
        "blue ticks make him anxious so we switched them off together",
        "he sends his gran voice notes every night and it calms him",
        "saw it on tele last night, a documentary about grief",
        "she rang her mum from her own phone",
        "i left the leaflet on reception for her",
        "our policy says no personal apps with the people we support",
        "his insta's private now which he feels better about",
        "my account was hacked last year so i came off it",
        "shared with the team in handover this morning",
        "call from work about the rota",
        "she's worried about money since the move",
        "the x-ray was clear, huge relief for him",
        "we walked round the back of the library to the bus stop",
        "back at the flat she made us both a tea",
    ],
)
def test_the_close_wording_stays_clean(text: str) -> None:
    assert not found(text), (text, found(text))


def test_a_number_plate_is_no_name() -> None:
    hits = found("his van reg is lk19 ann, keep an eye out for it")
    assert "identifying_name" not in hits, hits
    assert "identifying_address" in hits, hits
