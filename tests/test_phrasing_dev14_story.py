"""Issue 24, the fourteenth story set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): a secret asked of the person without the word "secret" (rather it
went no further, trusted not to repeat it, best not said, kept to themselves); an illness or how
things are said to stay for good, and aims said to come down, kindly or as realism; something
raw shown by what is not over yet, waited on or going on now; the person's own matters put off
for the writer's, and all of the writer's story told; and close clean wording of each shape
staying clean; graphic detail given as a run of particulars; a relationship drifting through
gifts, my own time, invitations and leisure shared; how things went for someone of mine told,
planned or under way."""

from __future__ import annotations

import pytest

from reflect.detail_shapes import harm_in_detail
from reflect.favour_shapes import gift_or_favour
from reflect.hope_shapes import aims_lowered, for_good
from reflect.others_story_shapes import told_how_theirs
from reflect.put_off_shapes import theirs_put_off, told_it_all
from reflect.secret_shapes import secret_asked
from reflect.unresolved_shapes import not_over_yet
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "i asked him not to repeat what i told him about my drinking",
        "I told her I trust her not to mention my diagnosis to the others",
        "I said I'd prefer it didn't go beyond the two of us",
        "told her I would appreciate it if she kept that bit to herself",
        "i said my family dont know so best not repeat it",
        "I told him what I said was only for this room",
    ],
)
def test_a_secret_asked_without_the_word_is_read(text: str) -> None:
    assert secret_asked(_doc(text)), text
    assert "keep_it_between_us" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he told me he wouldn't repeat any of it and i said it's fine if he does",
        "I said she can mention it to whoever she wants",
        "I kept my diagnosis to myself for years and therapy helped me open up",
        "you don't have to mention it to anyone until you feel ready",
    ],
)
def test_leave_given_or_my_own_silence_is_no_secret_asked(text: str) -> None:
    assert "keep_it_between_us" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("i gently said the flashbacks may never completely stop", for_good),
        ("I told him the cravings won't ever fully ease, that's the truth", for_good),
        ("i said i'll be taking these tablets till i die most likely", for_good),
        ("I said it's a lifelong condition and she'd better get used to it", for_good),
        ("told her to keep her expectations low for the new job", aims_lowered),
        ("I said college could be too stressful for her right now realistically", aims_lowered),
        ("i said at your age it's tough to retrain", aims_lowered),
    ],
)
def test_hope_worn_down_gently_is_read(text: str, shape) -> None:
    assert shape(_doc(text)), text
    assert "hope_eroding" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the panic didn't stop for me straight away, but bit by bit it eased",
        "I hope the nightmares ease off for her soon",
        "if it feels too much for you today we can stop early",
        "she never stops laughing in group, it's lovely",
    ],
)
def test_hope_kept_or_plain_talk_stays_clean(text: str) -> None:
    assert "hope_eroding" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I told him my custody case isn't settled yet",
        "i said I'm waiting for my biopsy results as well",
        "told her I'm on chemo at the moment",
        "I said I haven't really dealt with the loss yet",
    ],
)
def test_something_not_over_yet_is_raw(text: str) -> None:
    assert not_over_yet(_doc(text)), text
    assert "too_raw" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "her court case isn't over yet so we talked about how she's preparing",
        "I haven't told her about my own past yet and I might not",
        "my divorce was finalised years ago and I'm at peace with it now",
    ],
)
def test_theirs_or_long_past_is_not_raw(text: str) -> None:
    assert "too_raw" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("she said her own worries could wait till next week", theirs_put_off),
        ("I explained everything, the ward, the tablets, the lot", told_it_all),
    ],
)
def test_the_focus_moved_onto_me_is_read_when_shown(text: str, shape) -> None:
    assert shape(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "I rang her the next day to check she was okay",
        "she told me everything about her week and I listened",
        "I explained everything about the referral and the waiting times",
    ],
)
def test_asking_after_them_or_explaining_a_process_is_not_about_me(text: str) -> None:
    doc = _doc(text)
    assert not theirs_put_off(doc) and not told_it_all(doc), text
    assert "focus_on_me" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i'm going to tell him exactly how many pills i swallowed and which ones",
        "I told her how I burnt myself and where, and how bad the blisters got",
        "I described the assault step by step, where it happened and how long it went on",
    ],
)
def test_harm_told_as_a_run_of_particulars_is_graphic(text: str) -> None:
    assert harm_in_detail(_doc(text)), text
    assert "graphic_detail" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I said I overdosed once, without going into how many or which",
        "she asked how many I took and I said I'd rather keep that to myself, and told her what helped",
        "I'm self harming again, I know exactly where you are",
    ],
)
def test_a_particular_refused_or_alone_is_no_run(text: str) -> None:
    assert not harm_in_detail(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "I bought him a birthday card and a scarf with my own money",
        "he gave me a necklace at christmas and I wear it every day",
        "I stayed behind two hours after my shift so she wouldn't be alone",
        "I might invite him to our barbecue at the weekend",
        "now we go swimming together every sunday",
    ],
)
def test_gifts_time_and_leisure_shared_blur_the_relationship(text: str) -> None:
    assert gift_or_favour(_doc(text)), text
    assert "blurring_relationship" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I gave her a leaflet about the carers' group",
        "I brought him a glass of water when he got upset",
        "we worked together on his plan for the week",
    ],
)
def test_what_the_service_gives_stays_clean(text: str) -> None:
    assert not gift_or_favour(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to explain to her how my nephew ended up in rehab",
        "I described how a friend from my old job got sectioned last year",
        "I'll tell him what happened to my uncle after the war, the drinking and all that",
    ],
)
def test_how_it_went_for_someone_of_mine_is_their_story(text: str) -> None:
    assert told_how_theirs(_doc(text)), text
    assert "third_party_story" in fired(text), text


def test_how_someone_of_mine_helped_me_is_my_story() -> None:
    text = "I told her how my sister sat with me every night in hospital and how much it helped me"
    assert not told_how_theirs(_doc(text)), text
