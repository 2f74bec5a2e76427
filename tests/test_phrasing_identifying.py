"""The identifying-details guard catches whole families, not the corpus's phrasings: names in
any case and language, messaging apps and accounts, schools and colleges, phone numbers in every
form (read by libphonenumber), emails typed oddly, dates of birth, streets, workplaces and small
places; and the close sentences that identify no one stay clean. None of these sentences is in
a corpus file."""

from __future__ import annotations

import pytest

from reflect.guard import analyzer
from reflect.robustness import _without_exclusions, rule_vocabulary
from tests.phrasing_support import GUIDE, found


FAMILIES = [
    # names: lower case, many languages, nicknames, a short name made a nickname, initials
    ("caught up with chinedu after the group", "identifying_name", "chinedu"),
    ("aoife rang to cancel, her car broke down", "identifying_name", "aoife"),
    ("spent an hour with siddharth going through the forms", "identifying_name", "siddharth"),
    ("little jo came with her mum again", "identifying_name", "little jo"),
    ("K.P. said the new meds make her dizzy", "identifying_name", "K.P."),
    # messaging apps, said any way
    ("he keeps voice noting me on whatsapp at 2am", "identifying_messaging_app", None),
    ("i pinged her on messenger to say the group was cancelled", "identifying_messaging_app", None),
    ("she says there's loads of stuff in my dms from her", "identifying_messaging_app", None),
    ("we were in a group chat with him and his key worker", "identifying_messaging_app", None),
    # accounts
    ("she followed me on tiktok after the session", "identifying_social_handle", None),
    ("his instagram is called northern_skies_photo", "identifying_social_handle", None),
    # schools, colleges, nurseries, universities in any case
    ("her eldest is at greystones college doing hairdressing", "identifying_school", "greystones college"),
    ("he got kicked out of Fernhill Comp in year 10", "identifying_school", "Fernhill Comp"),
    ("the twins go to rainbow tots nursery three mornings a week", "identifying_school", "rainbow tots nursery"),
    ("she's a second year at Elmbridge University", "identifying_school", "Elmbridge University"),
    # phone numbers, every form people type
    ("her new mobile's 07700 900 512", "identifying_phone", "07700 900 512"),
    ("ring the house on 01632 960 123 after tea", "identifying_phone", "01632 960 123"),
    ("he gave +44 (0)7700 900 774 as his number", "identifying_phone", "+44 (0)7700 900 774"),
    ("mum's landline (0113) 496 0055", "identifying_phone", "(0113) 496 0055"),
    # emails typed oddly
    ("his email's lee.m.85 at example dot co dot uk", "identifying_email", None),
    ("send the letter to t_okoro (at) example.org", "identifying_email", None),
    ("email is sparrow99 @ example . com", "identifying_email", None),
    # dates of birth in more shapes
    ("her bday's the 23rd of august", "identifying_date_of_birth", None),
    ("his 50th is on 4 march", "identifying_date_of_birth", None),
    ("he turns 21 on the 9th of november", "identifying_date_of_birth", None),
    ("dob: 7-11-1975", "identifying_date_of_birth", None),
    # streets and flats in lower case, "number 5 on ..."
    ("she's at number 5 on larch grove now", "identifying_address", None),
    ("moved into 22b lime tree walk last month", "identifying_address", None),
    ("flat 6, Peel Court, Bridge St", "identifying_address", None),
    # workplaces and small places
    ("her husband does lates at the asda in seacroft", "identifying_address", None),
    ("his brother's a mechanic at Dobson's garage", "identifying_address", None),
    ("they grew up in a little village called Much Hadham", "identifying_address", None),
]


@pytest.mark.parametrize("text,rule,words", FAMILIES)
def test_each_family_of_identifying_detail_is_caught(text, rule, words):
    hits = found(text)

    assert rule in hits, hits
    if words is not None:
        assert words in hits[rule]


CLOSE_BUT_CLEAN = [
    # names that are words, and people by role
    "will ring next week if she feels up to it",
    "there's real hope in how she talks about the future",
    "I'll mark the review in the diary",
    "she said faith has kept her going",
    "a lad I support turned up late again",
    # well-known cities and places anyone could be in
    "she moved down to London for work",
    "he misses Glasgow and his old mates",
    "we met at the café by the library",
    # schools and colleges in general
    "her son's at primary school now",
    "he's thinking about going back to college",
    "she went to a big comp and hated it",
    "he's doing an access course at the local college",
    # numbers that are not phone numbers
    "sertraline 100mg, reviewed 12/05",
    "she scored 19 on the gad7 this time",
    "if it's an emergency ring 999, or 111 out of hours",
    "the samaritans are on 116 123, day or night",
    # apps and phones with no one's details
    "i keep my phone on silent in sessions",
    "she deleted snapchat and feels calmer",
    "her daughter set up a family group chat on whatsapp",
    "she asked to follow me on insta and i explained why i can't",
    # birthdays and dates without a birth date
    "her birthday is coming up and she's dreading it",
    "the next appointment is on the 12th of march",
    # streets and workplaces in general
    "we walked 2 miles down the road",
    "he works in a warehouse on nights",
    "she got a job at the local garage",
]


@pytest.mark.parametrize("text", CLOSE_BUT_CLEAN)
def test_close_sentences_that_identify_no_one_stay_clean(text):
    assert found(text) == {}


def test_a_place_found_in_context_is_not_also_a_name():
    hits = found("her dad runs the pub in Thornton Dale")

    assert "identifying_name" not in hits
    assert "Thornton Dale" in hits.get("identifying_address", [])


def test_phone_numbers_are_read_by_libphonenumber_in_any_form():
    spans = lambda text: [text[e.start : e.end] for e in analyzer().find(text, ("PHONE",))]  # noqa: E731

    assert spans("call 07700900982 or 0044 7700 900 830") == ["07700900982", "0044 7700 900 830"]
    assert spans("NHS number 943 476 5919, seen 03/04/2025 at 14:30") == []
    assert spans("Samaritans 116 123, or 999") == []


@pytest.mark.parametrize(
    "text,rule",
    [
        ("ms o'brien from the council never rang back", "identifying_name"),
        ("she snapchatted me at midnight saying she was scared", "identifying_messaging_app"),
        ("he got into oakwood sixth form college", "identifying_school"),
        ("her nan's place on Sycamore Avenue", "identifying_address"),
        ("she cleans at the Kings Arms in Otley", "identifying_address"),
        ("my mum lives in a little place called Ryhill", "identifying_address"),
        ("he's a driver for Patterson's haulage in Castleford", "identifying_address"),
    ],
)
def test_more_shapes_of_each_family_are_caught(text, rule):
    assert rule in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "she snapped at me and then said sorry",
        "it snapped him out of it for a bit",
        "he works at a big warehouse near the motorway",
        "she lives on a quiet road near the park",
        "he moved to a flat on the main road",
        "he got a job at my mate's garage",
        "the 40th anniversary of the service is on the 12th of may",
        "she turned 30 last week and didn't celebrate",
        "it was number 12 on my list of worries",
        "we did 5 laps of the park",
        "I met with the team about the referral",
        "she showed me a video her friend sent her on whatsapp",
    ],
)
def test_more_close_sentences_stay_clean(text):
    assert found(text) == {}


def test_typo_variants_skip_the_words_rules_turn_on_but_not_the_words_they_rule_out():
    vocabulary = rule_vocabulary(GUIDE)

    assert {"college", "nursery", "haulage"} <= vocabulary
    assert not {"mainstream", "cookery", "parenting"} & vocabulary  # only in "(?!...)" lists
    assert _without_exclusions(r"\bat (?!(?:the|a\(b\))\b)[a-z]{3} (?<!Sunday )school") == r"\bat [a-z]{3} school"
    assert _without_exclusions(r"a\(?!b") == r"a\(?!b"
