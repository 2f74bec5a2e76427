"""The phrasing guide reads language, not strings: tense, person, adverbs, text-speak,
reported speech, negation and whose sentence it is; names and places the way the field finds
them; robustness measured on label-keeping variants (CheckList)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from reflect.guard import NAMES_FILE, Names
from reflect.phrasing import PhrasingGuide, lines_main, read_corpus
from reflect.questions.schema import PhrasingRuleSet
from reflect.robustness import KINDS, measure, variants

ROOT = Path(__file__).resolve().parents[1]
RULES = PhrasingRuleSet.model_validate(yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8")))
GUIDE = PhrasingGuide(RULES)
RULE_IDS = {r.id for r in RULES.rules}


def fired(text: str, **kwargs) -> set[str]:
    return {s.rule_id for s in GUIDE.check(text, **kwargs)}


# --- the patterns that slipped through (issue: "What slipped through") -------------------------


@pytest.mark.parametrize(
    "text,rule",
    [
        ("Don't worry, it's just a really bad patch.", "minimising"),  # an adverb
        ("I said she needs to start running like I did.", "prescribing"),  # tense, person, reported speech
        ("I told him he should try cold water swimming, it sorted me out.", "prescribing"),
        ("My own marriage is falling apart.", "too_raw"),  # "my own"
        ("i know how u feel", "i_know_how_you_feel"),  # text-speak, lower case
        ("What got me through will get you through.", "prescribing"),  # a synonym
        ("I told her you'd never get off the medication.", "hope_eroding"),  # reported speech, tense moved back
        ("You'll feel loads better once it kicks in, I did.", "overgeneralising"),  # predicting theirs from mine
        ("At least he never hit you, mine did.", "comparing"),
        ("My husband works at the Tesco on the high street.", "identifying_address"),  # a workplace
        ("I haven't been sleeping and I cried in the car before I came in today.", "too_raw"),
        ("She lives out in Little Snoring.", "identifying_address"),  # a small place
        ("He parks his van, AB12 CDE, outside the unit.", "identifying_address"),  # a number plate
        ("her reg is ab12 cde", "identifying_address"),
        ("She's the only Polish nurse on Ward 7.", "identifying_name"),  # a description that singles out
    ],
)
def test_a_pattern_that_slipped_through_is_noticed(text, rule):
    assert rule in fired(text)


@pytest.mark.parametrize(
    "text,name",
    [
        ("met with dave again today", "dave"),
        ("rajesh patel came to the group", "rajesh patel"),
        ("Big Kev was on the ward with me", "Big Kev"),
        ("i spoke to agnieszka about the housing forms", "agnieszka"),
        ("we sat with oluwaseun after the group", "oluwaseun"),
        ("I was with dr hughes when I mentioned it", "dr hughes"),
        ("I told Mark about the group and he liked it.", "Mark"),  # a proper noun after "told"
    ],
)
def test_names_are_found_in_any_case_and_many_languages(text, name):
    found = [s.matched_text for s in GUIDE.has_identifying(text)]

    assert name in found


@pytest.mark.parametrize(
    "text",
    [
        "Will you tell me how it went? I hope it was okay, and I'd mark it as progress.",
        "Grace and faith carried me through, and I found hope again.",
        "I speak Urdu and Punjabi, and I'm happy to help with conversations in either.",
        "a woman I support had a rough week after her PIP was stopped, we've booked her in with welfare rights",
        "I grew up in Manchester and moved to Yorkshire, so I know the Leeds bus routes well.",
    ],
)
def test_everyday_words_that_are_also_names_stay_clean(text):
    assert GUIDE.has_identifying(text) == []


def test_the_names_list_leaves_out_everyday_words_and_keeps_names_from_many_languages():
    names = Names.load()

    assert not {"will", "hope", "grace", "mark", "faith", "sunday", "january", "mates"} & names.first
    assert {"dave", "rajesh", "agnieszka", "oluwaseun", "priya", "kev", "aisha"} <= names.first
    assert {"patel", "okafor", "kowalski"} <= names.last
    assert NAMES_FILE.read_text(encoding="utf-8").startswith("# Built by scripts/build_names.py from names-dataset")


# --- whose sentence it is, and negation ---------------------------------------------------------


def test_a_question_to_the_person_is_not_a_hard_story_with_no_way_forward():
    assert fired("I know this week has been hard with the move and the bills and everything else, how are you doing?") == set()


def test_a_note_about_someone_else_is_not_the_writers_hard_story():
    text = "She told me her mum died last year and since then she has felt alone and hopeless, and she can't sleep most nights."

    assert fired(text) == set()


def test_a_negated_coping_word_is_not_coping():
    negated = "After my divorce nothing helped and nobody could reach me, I was alone in the flat for months and everything felt hopeless."
    coping = "After my divorce I was alone in the flat for months and everything felt hopeless, but talking to my sister helped."

    assert "missing_coping" in fired(negated)
    assert "missing_coping" not in fired(coping)


def test_someone_elses_distress_is_not_the_writer_not_coping():
    assert "writer_not_coping" not in fired("She told me she can't cope any more.")
    assert "writer_not_coping" not in fired("Are you feeling suicidal at the moment?")
    assert "writer_not_coping" not in fired("I was suicidal at twenty, and what helped was my GP and a lot of time.")


# --- the audience, the new rules, the messages --------------------------------------------------


def test_raw_difficulties_are_fine_for_ones_own_supervisor_or_manager():
    raw = "I'm going through a divorce and it's awful."
    hard = "When my mum died I fell apart completely. I stopped eating, I stopped sleeping and I couldn't face going to work for months."

    assert "too_raw" in fired(raw, audience="person_supported")
    assert "too_raw" not in fired(raw, audience="supervisor_manager")
    assert "missing_coping" in fired(hard, audience="colleague")
    assert "missing_coping" not in fired(hard, audience="supervisor_manager")


def test_quiet_for_names_audience_options_of_the_question_sets():
    audiences = set()
    for path in (ROOT / "prompts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.get("sections", []) or []:
            for question in section.get("questions", []):
                if question.get("tag") == "audience":
                    audiences |= {o["id"] for o in question.get("options", [])}
                audiences |= {c["id"] for c in question.get("columns", []) or []}
    quiet_for = {a for r in RULES.rules for a in r.quiet_for}

    assert quiet_for and quiet_for <= audiences


@pytest.mark.parametrize(
    "text",
    ["I'm suicidal.", "I haven't been sleeping and I cried in the car before I came in today.", "Honestly I'm not coping at the moment."],
)
def test_a_writer_not_coping_right_now_is_offered_support_for_every_audience(text):
    for audience in (None, "person_supported", "supervisor_manager"):
        hits = [s for s in GUIDE.check(text, audience=audience) if s.rule_id == "writer_not_coping"]
        assert hits, audience
    assert "talk to someone today" in hits[0].suggestion


@pytest.mark.parametrize(
    "text", ["Please keep this between us, I haven't told the team.", "Don't tell anyone I told you this.", "it's our little secret"]
)
def test_asking_the_person_to_keep_it_secret_is_noticed(text):
    assert "keep_it_between_us" in fired(text)


def test_new_rules_cite_the_briefing_paper():
    citations = {c.id: c for c in RULES.citations}
    for rule_id in ("writer_not_coping", "keep_it_between_us"):
        rule = RULES.rule(rule_id)
        assert rule is not None and rule.kind == "pattern" and rule.cites
        assert all(citations[c].paper == "ImROC Briefing Paper 20" and citations[c].paragraph >= 1 for c in rule.cites)


def test_a_ward_is_reported_whole():
    [hit] = [s for s in GUIDE.has_identifying("I met him on Ward 7 last spring.") if s.rule_id == "identifying_ward"]

    assert hit.matched_text == "Ward 7"


@pytest.mark.parametrize(
    "allowed,text",
    [
        (("Sam",), "I'm sam, and I work with Priya in the team."),
        (("sam",), "I'm Sam, and I work with Priya in the team."),
        (("Okafor",), "Okafor is on the rota with me, and so is Priya."),
        (("Sam Okafor",), "I'm SAM OKAFOR, sam to most, okafor on the rota, and I work with Priya."),
        (("sam okafor",), "I'm Sam Okafor, and I work with Priya in the team."),
    ],
)
def test_allowed_names_are_fine_in_any_case_as_first_name_surname_or_full_name(allowed, text):
    found = [s.matched_text for s in GUIDE.has_identifying(text, allow_names=allowed)]

    assert found == ["Priya"]


# --- reflect phrasing --lines, and robustness -------------------------------------------------------


def test_lines_answers_one_json_object_per_line():
    out = io.StringIO()

    assert lines_main(io.StringIO("i know how u feel\nWhat helped me was walking.\n"), out, GUIDE) == 0

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == [{"flagged": True, "rules": ["i_know_how_you_feel"]}, {"flagged": False, "rules": []}]


def test_every_sentence_yields_label_keeping_variants_of_each_kind():
    [sentence] = read_corpus_text("i_know_how_you_feel | I know what you're going through, my mum had the same landlord.")

    made = {v.kind: v.text for v in variants(sentence, GUIDE)}

    assert set(made) == set(KINDS)
    assert made["lower"] == sentence.text.lower()
    assert made["textspeak"].startswith("I know what ur going through")
    assert made["person"].endswith("my dad had the same landlord.")
    assert made["typo"] != sentence.text and len(made["typo"]) == len(sentence.text)


def test_most_variants_of_the_held_out_sentences_keep_their_label():
    held_out = read_corpus(ROOT / "corpus" / "phrasing-heldout.txt", RULE_IDS)

    result = measure(GUIDE, held_out)

    assert result.variants >= 4 * len(held_out)
    assert result.share >= 0.95, result.broken[:5]


def test_every_good_practice_sentence_of_the_dev_set_stays_clean():
    dev = read_corpus(ROOT / "corpus" / "phrasing-dev.txt", RULE_IDS)
    flagged = {s.text: sorted(fired(s.text)) for s in dev if not s.rules}

    assert {t: r for t, r in flagged.items() if r} == {}
    assert len(flagged) >= 30


def read_corpus_text(text: str):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text + "\n")
    return read_corpus(Path(handle.name), RULE_IDS)


def test_reflect_phrasing_lines_reads_standard_input(tmp_path, monkeypatch, capsys):
    from reflect import cli, runtime

    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    runtime.stop()
    monkeypatch.setattr("sys.stdin", io.StringIO("Please keep this between us.\n\nI went walking.\n"))

    assert cli.main(["phrasing", "--lines"]) == 0

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["rules"] for line in lines] == [["keep_it_between_us"], [], []]
