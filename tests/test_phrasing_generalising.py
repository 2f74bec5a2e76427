"""The phrasing rules generalise: each wording pattern added for issue 24 (lemmas, dependencies,
negation and hedging, reported speech read as said to the person, text-speak, names that are
also words, workplaces and small places), the guidance's good-practice sentences staying clean,
the second development set, and the required-text shortcut never changing what is found."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.language import Mapped
from reflect.reported_speech import present
from reflect.phrasing import evaluate, read_corpus
from reflect.required_text import first_matches, required_text
from reflect.questions.schema import PhrasingRuleSet
from tests.phrasing_support import GUIDE, ROOT, RULE_IDS, RULES, fired


@pytest.mark.parametrize(
    "text,rule",
    [
        # lemma and token patterns: any tense, person, adverb
        ("I totally get how u feel", "i_know_how_you_feel"),
        ("I knew exactly what she meant, I'd been in her shoes", "i_know_how_you_feel"),
        ("been exactly where you are, mate", "i_know_how_you_feel"),
        # a directive and my way in one sentence
        ("honestly just come off them, I did and I feel great", "prescribing"),
        ("you've got to get a routine going, that's what fixed me", "prescribing"),
        # reported speech read as said to the person
        ("I told her she'd never get off them", "hope_eroding"),
        ("I told him to pull himself together", "minimising"),
        ("it's really not that big a deal", "minimising"),
        ("at least your mum's still alive, mine died when I was ten", "comparing"),
        ("I've been on far more than that for years", "comparing"),
        ("I spent most of the session talking about my own divorce", "focus_on_me"),
        ("we ended up spending the whole time on my problems", "focus_on_me"),
        ("everyone feels better after a run", "overgeneralising"),
        ("it'll help you too, it did me", "overgeneralising"),
        ("I used to burn myself with cigarettes", "graphic_detail"),
        ("I overdosed on 50 paracetamol", "graphic_detail"),
        ("I'm in the middle of a messy custody battle", "too_raw"),
        ("my husband and I are splitting up and it's all happening right now", "too_raw"),
        ("I'm barely holding it together today", "writer_not_coping"),
        ("I don't think I can do this anymore", "writer_not_coping"),
        ("let's go for a drink when ur discharged", "blurring_relationship"),  # text-speak "ur" before a participle
        ("you can stay at mine if things get bad at home", "blurring_relationship"),
        # a relative as the subject of a clause about their illness, in any tense
        ("my partner's been in and out of the psych ward for years", "third_party_story"),
        ("my ex was a heroin addict for ten years", "third_party_story"),
        ("my daughter's been cutting herself since she was 13", "third_party_story"),
        ("drop me a whatsapp later", "identifying_messaging_app"),
        ("we chat on snap most days", "identifying_messaging_app"),
        ("half the session was me talking about my own mum", "focus_on_me"),
        ("once you get to the gym you'll feel amazing, everybody does", "overgeneralising"),
        ("I'm really not in a good place right now", "too_raw"),
        ("my wife works at the Co-op in town", "identifying_address"),
        ("she lives out in little snoring", "identifying_address"),
        ("my son is in year 5 at Moorside Primary", "identifying_school"),
        # names that are also words, where the sentence makes them names
        ("my brother jack was sectioned last year", "identifying_name"),
        ("Will from the housing team rang me back", "identifying_name"),
        # a hard story of the writer's own, in the past, with no turn
        (
            "when my mum died I couldn't get out of bed for weeks, I stopped answering the phone and I lost most of my friends that year",
            "missing_coping",
        ),
    ],
)
def test_a_generalised_pattern_notices_new_wording(text, rule):
    assert rule in fired(text)


@pytest.mark.parametrize(
    "text,rule",
    [
        # negation and hedging: the recommended framing
        ("I won't pretend I know what it's like for you", "i_know_how_you_feel"),
        ("I'm not going to pretend I know how you feel, but I'm here to listen", "i_know_how_you_feel"),
        ("i know the feeling can pass, but it's ok if it doesn't feel that way yet", "i_know_how_you_feel"),
        ("I'm not struggling at the moment, I'm doing well", "too_raw"),
        # a condition, not a directive
        ("I'm in the office on Tuesdays if you need to drop the forms off", "prescribing"),
        # the crisis line, not me, day or night
        ("you can ring the crisis line any time, day or night", "blurring_relationship"),
        # a story that turns, and what is not a story
        ("I was badly bullied as a teenager and hated school, but drama club gave me somewhere to belong", "missing_coping"),
        ("I said it's hard to know what to say, and that's ok, take your time", "missing_coping"),
        ("my nan lived with dementia, and I learnt a lot about patience from caring for her", "third_party_story"),
        ("I supported my mum when I was sectioned, and we got through it together", "third_party_story"),
        # still going on is not a story told: too_raw's, not missing_coping's
        ("I've been struggling to find the right words with him, so I'm taking it to supervision", "missing_coping"),
        ("every single person who tried to help me was kind, and I'm grateful", "overgeneralising"),
        # words that are names only in context
        ("will you be ok to fill the form in before next time?", "identifying_name"),
        ("can you mark it as urgent when you send it", "identifying_name"),
        ("he said his dad drinks heavily, we talked about Al-Anon", "identifying_name"),
    ],
)
def test_negation_hedges_and_context_keep_good_wording_clean(text, rule):
    assert rule not in fired(text)


def test_told_words_are_read_as_said_to_the_person():
    assert present(Mapped.identity("I told her she'd never get off them")).text == "I told her you'll never get off them"
    assert present(Mapped.identity("I told him he was overthinking it")).text == "I told him you are overthinking it"
    assert present(Mapped.identity("I told her I was on snapchat")).text == "I told her I am on snapchat"


def test_too_raw_includes_every_hit_of_writer_not_coping():
    for text in ("i cant cope anymore", "I don't feel safe at home at the moment", "I've been thinking about ending it again lately"):
        assert {"too_raw", "writer_not_coping"} <= fired(text)


def test_includes_must_name_another_rule():
    raw = yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8"))
    next(r for r in raw["rules"] if r["id"] == "too_raw")["includes"] = ["no_such_rule"]
    with pytest.raises(ValueError, match="includes names 'no_such_rule'"):
        PhrasingRuleSet.model_validate(raw)


def _guidance_sentences() -> list[str]:
    """The guidance's own good-practice sentences: each rule's suggestion with its gaps filled,
    each rule's no_match examples, and the framings Briefing Paper 20 recommends."""
    sentences = [
        "I don't know what it was like for you, but when my dad died I felt numb for a long time.",
        "I did a walking group, but I know of other people who found art or talking more helpful.",
        "Lots of people find the first weeks hard, though it's different for each of us.",
        "Something like that happened to me, and what helped was a walking group. How is it for you?",
    ]
    for rule in RULES.rules:
        sentences += list(rule.examples.no_match)
    return sentences


def test_every_good_practice_sentence_in_the_guidance_stays_clean():
    flagged = {text: sorted(fired(text)) for text in _guidance_sentences()}

    assert {t: r for t, r in flagged.items() if r} == {}


def test_the_second_development_set_is_large_and_read_well():
    dev2 = read_corpus(ROOT / "corpus" / "phrasing-dev2.txt", RULE_IDS)
    result = evaluate(GUIDE, dev2)

    assert len(dev2) >= 200 and result.clean_sentences >= 100
    assert result.clean_flagged == 0
    assert result.overall.precision >= 0.95 and result.overall.recall >= 0.95


def test_a_pattern_names_the_text_it_needs():
    assert required_text(r"\bI know the feeling\b") == ("i know the feeling",)
    assert set(required_text(r"\b(?:cheer|buck) up\b")) == {"cheer", "buck"}
    assert required_text(r"\b(?:a|b)?\d+") == ()


PATTERNS = [p for c in GUIDE._compiled for p in c.patterns + c.cues]
PIECES = ["I know ", "you ", "the feeling", "cheer up", "0", " ", ".", "İ", "ſ", "K", "ı", "ü", "'", "at least ", "mine did", "ward 7"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@example("İ know the feeling")  # the engine folds "İ" to "i"; the shortcut must not pass it over
@example("I KNOW THE FEELING")
def test_the_required_text_shortcut_never_changes_what_a_pattern_finds(text):
    for pattern in PATTERNS:
        expected = [m.span() for m in pattern.finditer(text)][:50]
        assert [m.span() for m in first_matches(pattern, text, 50)] == expected, pattern.pattern


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@example("İ was sectioned but then İ got help, u know")
@example("my brother İsmail told him he'd never")
def test_the_guide_never_raises_on_odd_unicode(text):
    for suggestion in GUIDE.check(text):
        assert 0 <= suggestion.start <= suggestion.end <= len(text)
