"""The identifying-details guard reads the shapes identifying details take, not the eighth
development set's strings: a title before any surname, O'/D'/N' names, accented names, a name
after "a lad called", someone who "said" or "rang" by a name no English word is, initials,
one person singled out by who they are, schools by their names' shapes in a sentence about
children, small places typed in lower case, workplaces by a job or by where they are, named
streets and estates, a ward's own name; and the close sentences that identify no one stay
clean. None of these sentences is in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("mrs olawale-bright wants a call back", "mrs olawale-bright"),
        ("Dr Wiśniewska changed the dose last week", "Dr Wiśniewska"),
        ("mr mac an tsaoir was upset about the letter", "mr mac an tsaoir"),
        ("nurse abiodun-james took his bloods", "nurse abiodun-james"),
        ("saw mx pellow-harte at the drop in", "mx pellow-harte"),
        ("sister nkemelu phoned the office", "sister nkemelu"),
        ("miss adjei-brenya brought the forms back", "miss adjei-brenya"),
        ("ms de souza is moving next month", "ms de souza"),
    ],
)
def test_a_title_before_any_surname_is_a_name(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("o'driscoll rang about the hearing", "o'driscoll"),
        ("went over the budget with d'souza", "d'souza"),
        ("n'golo wasn't in today", "n'golo"),
    ],
)
def test_an_o_or_d_apostrophe_name_is_a_name_in_any_case(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("rang máire to check in", "máire"),
        ("penélope came with her brother", "penélope"),
        ("helped bartłomiej with the bus pass form", "bartłomiej"),
    ],
)
def test_a_name_with_accents_is_found_as_the_name_without_them(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a woman named tiwalade asked about the group", "tiwalade"),
        ("the client, a guy called brannoc, wants a new worker", "brannoc"),
        ("her partner, a bloke called deshawn, drove her here", "deshawn"),
    ],
)
def test_a_name_after_a_lad_called_is_a_name_in_lower_case(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tebogo said the flat's too cold", "tebogo"),
        ("tayshawn rang twice before lunch", "tayshawn"),
        ("oyelami wanted to know about the group", "oyelami"),
    ],
)
def test_someone_who_said_or_rang_by_a_word_no_dictionary_has_is_a_name(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("R.T. was in tears at the start", "R.T."),
        ("U.B. from the hostel came to the group", "U.B."),
    ],
)
def test_initials_are_not_read_as_text_speak(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("the only blind receptionist at the surgery", "the only blind receptionist"),
        ("he's the only somali interpreter they use", "the only somali interpreter"),
        ("she's the only pregnant paramedic on the station", "the only pregnant paramedic"),
    ],
)
def test_one_person_singled_out_by_who_they_are_counts_as_a_name(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("her son's at st ambrose's and doing well", "st ambrose's"),
        ("the girls go to our lady of lourdes now", "our lady"),
        ("my client's daughter got into holy rosary", "holy rosary"),
        ("the twins are at Fernleigh, year 4", "Fernleigh"),
        ("he was expelled from bishop challoner's last year", "bishop challoner's"),
        ("the kids moved to Redgrave when they were rehoused", "Redgrave"),
        ("she's a dinner lady at christ the king", "christ the king"),
    ],
)
def test_a_school_named_by_its_shape_in_a_sentence_about_children(text: str, words: str) -> None:
    points_at(text, "identifying_school", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she lives out in lower swell with her dad", "lower swell"),
        ("he grew up in great whittington", "great whittington"),
        ("they moved to kirkoswald for the quiet", "kirkoswald"),
        ("she's from little gidding originally", "little gidding"),
        ("he lives in ravenstonedale on a farm", "ravenstonedale"),
        ("lives up in west woodburn, no shops at all", "west woodburn"),
        ("he's lived in cleckheaton all his life", "cleckheaton"),
        ("she moved to penistone after the split", "penistone"),
    ],
)
def test_a_small_place_typed_in_lower_case_is_an_address(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she's a carer at Brackenholme, days only", "Brackenholme"),
        ("he's on the tills at the aldi near the bus station", "aldi near the bus station"),
        ("she does nights at the travelodge off the bypass", "travelodge off the bypass"),
        ("he's a cook at the white hart in the village", "white hart in the village"),
    ],
)
def test_a_workplace_that_singles_someone_out_is_an_address(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she's in the bedsit over the bookies on carlton street", "carlton street"),
        ("he's staying on the thornhill estate", "thornhill estate"),
        ("the flat off kelso road has damp again", "kelso road"),
    ],
)
def test_a_named_street_or_estate_is_an_address(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


def test_a_ward_named_after_the_is_a_ward() -> None:
    points_at("he's been moved to the rowan unit", "identifying_ward", "rowan unit")
    points_at("she was on the heron ward for a month", "identifying_ward", "heron ward")


@pytest.mark.parametrize(
    "text",
    [
        "she said she will call when she's ready",
        "it was a grace period, not the whole debt",
        "he can't bear to rob anyone, he said",
        "the nurse practitioner saw him first",
        "the school nurse rang about her",
        "i miss home, she said",
        "mr and mrs were both on the envelope",
        "the dr said to keep going with it",
        "she lives in fear of the bailiffs",
        "he grew up in care and moved to Birmingham",
        "they moved to north wales last year",
        "she grew up in great poverty",
        "he lives in a village near York",
        "she works at a supermarket in town",
        "he does nights at a warehouse off the motorway",
        "walked down the main road to the shop",
        "it's on the high street, near the bank",
        "the only thing that helped was sleep",
        "she was the only one who stayed",
        "the kids are at school till 3",
        "her son goes to a special school",
        "my own school was strict",
        "the kids are at their dad's this weekend",
        "quetiapine made him drowsy",
        "sertraline said to take with food, the leaflet says",
        "he's on 20mg of citalopram at night",
        "see you at 2 on tuesday",
        "she was on the acute unit for a week",
        "he's back on the ward after leave",
        "we walked down memory lane together",
        "she moved to lodnon for the job",
        "he grew up in birmingam and still supports the villa",
        "they moved to milton keynes for work",
        "she works in hr now",
        "he works in IT support",
    ],
)
def test_close_sentences_that_identify_no_one_stay_clean(text: str) -> None:
    assert found(text) == {}, text
