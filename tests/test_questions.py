"""Tests for the question sets in prompts/ and for reflect.questions (schema and loader).

No database and no Streamlit: these read YAML files only.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from reflect.questions import (
    Catalogue,
    ComfortGridQuestion,
    FreeTextQuestion,
    MultipleChoiceQuestion,
    PhrasingRuleSet,
    Problem,
    QuestionFileError,
    QuestionSet,
    SingleChoiceQuestion,
    check_command,
    check_folder,
    load_catalogue,
    summarise_quick_check,
)
from reflect.questions.summary import VERDICT_LABELS
from reflect.questions.schema import PhrasingRule, ScaleQuestion

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
SHIPPED_FILES = sorted(p.name for p in PROMPTS.glob("*.yaml"))

# Points of the guidance (ImROC Briefing Paper 20 and sources) that some question or option
# must address, by the kind of set that must address them. Keys are used in the YAML `covers:` lists.
PREPARATION_TABLE_1 = [
    "prep_experiences",  # what experiences might be helpful (life history, hobbies, culture, faith, difficulties)
    "prep_comfort_people_supported",  # comfortable sharing with people I support?
    "prep_comfort_colleagues",  # ... with colleagues?
    "prep_can_travel",  # share with one person and others are likely to find out
    "prep_helpful_how",  # how might it help colleagues / people I support
    "prep_explain_to_sceptic",  # how would I explain it to a sceptical colleague or manager
    "prep_presentation_detail",  # how will I present it, how much detail
    "prep_not_share",  # what experiences and details am I NOT prepared to share
    "prep_social_media",  # what do I put on social media
    "prep_cannot_unsay",  # once shared, it can't be unsaid
    "prep_explain_reasons",  # be able to explain why I shared, if asked
    "prep_further_questions",  # how to answer follow-up questions or close them down supportively
    "prep_mood",  # mood and day-to-day stress influence responses
    "prep_coping_framing",  # frame with how I coped and moved forward
    "prep_comfort_families",  # ... with families and carers
    "prep_mine_to_tell",  # another person is part of the story: is it mine to tell?
    "prep_role_peer",  # peer workers: lived experience is the core of the role
    "prep_role_professional",  # other professionals: it adds to professional expertise
]
AFTER_SHARING_TABLE_3 = [
    "after_impact_person",
    "after_impact_relationship",
    "after_impact_me",
    "after_helped_recovery",
    "after_what_worked",
    "after_what_didnt",
    "after_why",
    "after_feel_then",
    "after_feel_now",
    "after_learned",
    "after_share_with_team",
    "after_supervision",
    "after_response",  # how did they respond
    "after_more_or_less",  # did they want more or less
    "after_looked_after_me",  # did they end up looking after me
    "after_travelled",  # has it travelled
    "after_mine_to_tell",  # was it mine to tell
    "after_risks_revisited",  # each named risk, asked about afterwards
    "after_exposed_support",  # felt exposed or not ready: a supportive reply
    "after_follow_up",  # anything to follow up with them
    "after_learned_from_them",  # what did I learn from them (mutual recovery)
    "after_role_peer",  # peer workers: peer support or friendship (BP17 10.1)
    "after_role_professional",  # other professionals: alongside the professional role
    "after_role_student",  # students and trainees: the practice assessor
]
IN_THE_MOMENT_DECISIONS = [
    "moment_benefit",  # does it benefit the person?
    "moment_ok_with_me",  # is it okay with me?
    "moment_relationship",  # timing: our relationship
    "moment_ready_to_hear",  # are they in the right place to hear it today
    "moment_time_space",  # is there time and space for what may follow
    "moment_what",  # what to share
    "moment_how_much",  # how much detail
    "moment_purpose",  # helping them, or support or adjustments for me
    "moment_wishes",  # have they shown they would welcome it
    "moment_start_small",  # start small, or ask first
    "moment_mine_to_tell",  # is it mine to tell
    "moment_team_purposes",  # a more supportive team; going first gives permission
    "moment_role_peer",  # peer workers: sharing as peers
    "moment_role_professional",  # other professionals: alongside professional knowledge
    "moment_role_student",  # students and trainees: the practice assessor first
]
RISKS_AND_WARNING_SIGNS = [
    "risk_focus_shift",  # removes the focus from the person to the professional
    "risk_burden",  # burdens them with too much information
    "risk_reluctant_to_ask",  # makes them reluctant to ask for help
    "risk_competing",  # whose challenges are greatest
    "risk_blurring",  # confusion about the nature of the relationship
    "risk_prescribing",  # my way is the correct or only way
    "risk_envy",  # they see me coping far better
    "risk_not_ready",  # sharing what I'm not ready to share, feeling exposed
    "risk_identifying_details",  # home address, children's school
    "risk_hope_worn_down",  # no coping part: others left feeling hopeless
    "risk_travel",  # it can travel, and we can't ask anyone to keep it to themselves
]
STIGMA = ["risk_stigma"]  # stigma from colleagues (BP20 team value para 7; BP17 10.1)
HEALTHY_MOTIVATIONS = [
    "healthy_normalising",
    "healthy_hope",
    "healthy_coping_ideas",
    "healthy_human",
    "healthy_relationship",
]
BENEFITS = [
    "benefit_trust",
    "benefit_self_esteem",
    "benefit_challenge_myths",
    "benefit_self_exploration",
    "benefit_similarities",
    "benefit_team_talents",
]
SUPERVISION = [
    "sup_what_brought",
    "sup_explore_experience",
    "sup_differently",
    "sup_learned",
    "sup_supervisor_models",
    "sup_none_get_it_right",
    "sup_boundaries_policies",
    "sup_biography",
    "sup_formative",
    "sup_normative",
    "sup_restorative",
    "sup_session_kind",  # line management or practice (peer) supervision
    "sup_supervisor_lived_experience",  # does the supervisor bring lived experience
    "sup_triggered",
    "sup_emotional_labour",
    "sup_colleague_reactions",
    "sup_loyalty",
    "sup_team_language",
    "sup_raise_concerns",
    "sup_story_to_team",
    "sup_peer_friendship",  # friendship or intimacy, for everyone (BP20 risks)
    "sup_wellness_plan",
    "sup_peer_identity",  # peer workers keeping their peer identity (BP17 7.1)
    "sup_coercive_tasks",  # peer workers asked to take part in coercive tasks (BP17 7.1)
]
REGISTER = [
    "reg_skills",
    "reg_qualifications",
    "reg_languages",
    "reg_interests",
    "reg_culture",
    "reg_contacts",
    "reg_expertise_lead",
    "reg_personal_experience",
    "reg_visibility_team",
    "reg_visibility_organisation",
    "reg_willing_offer",
    "reg_willing_colleagues",
    "reg_willing_group",
]
REQUIRED_COVERAGE = {
    "preparation": PREPARATION_TABLE_1 + HEALTHY_MOTIVATIONS + BENEFITS,
    "in_the_moment": IN_THE_MOMENT_DECISIONS + RISKS_AND_WARNING_SIGNS + STIGMA + HEALTHY_MOTIVATIONS,
    "after_sharing": AFTER_SHARING_TABLE_3 + RISKS_AND_WARNING_SIGNS + STIGMA,
    "supervision": SUPERVISION,
    "register_categories": REGISTER,
}
ALL_KEYS = {key for keys in REQUIRED_COVERAGE.values() for key in keys}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(PROMPTS)


def _covers_in(model: object) -> set[str]:
    """Every `covers` key anywhere inside a pydantic model (questions, options, categories ...)."""
    found: set[str] = set()
    stack = [model]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
            continue
        if not isinstance(item, BaseModel):
            continue
        found.update(getattr(item, "covers", ()))
        stack.extend(getattr(item, name) for name in type(item).model_fields)
    return found


def _coverage_by_kind(catalogue: Catalogue) -> dict[str, set[str]]:
    by_kind: dict[str, set[str]] = {}
    for question_set in catalogue.sets.values():
        by_kind.setdefault(question_set.kind, set()).update(_covers_in(question_set))
    by_kind["register_categories"] = _covers_in(catalogue.register)
    return by_kind


def _copy_shipped(folder: Path, *, except_files: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED_FILES:
        if name not in except_files:
            shutil.copy(PROMPTS / name, folder / name)
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_SET = """\
id: {id}
version: {version}
kind: {kind}
title: "{title}"
source: "A local framework"
sections:
  - id: only
    title: "Only"
    questions:
      - {{id: note, type: free_text, text: "Anything?"}}
"""


# --- the shipped files ----------------------------------------------------------------------


def test_every_shipped_file_loads_without_problems():
    accepted, problems = check_folder(PROMPTS)

    assert problems == []
    assert sorted(s.file.split("/")[-1] for s in accepted) == SHIPPED_FILES


def test_shipped_catalogue_has_one_set_per_flow(catalogue):
    for kind in ("preparation", "in_the_moment", "after_sharing", "supervision"):
        assert [s.id for s in catalogue.by_kind(kind)] == [kind]
    assert catalogue.phrasing.id == "phrasing"
    assert catalogue.register.id == "register_categories"


def test_every_shipped_set_cites_its_source(catalogue):
    all_sets = [*catalogue.sets.values(), catalogue.phrasing, catalogue.register]

    for any_set in all_sets:
        assert "ImROC Briefing Paper" in any_set.source, any_set.id
        assert any_set.version >= 1


def test_shipped_set_ids_are_unique_across_files():
    accepted, _ = check_folder(PROMPTS)
    ids = [s.id for s in accepted]

    assert len(ids) == len(set(ids)) == len(SHIPPED_FILES)


@pytest.mark.parametrize("kind,key", [(k, key) for k, keys in REQUIRED_COVERAGE.items() for key in keys])
def test_guidance_point_is_covered_by_a_question(catalogue, kind, key):
    covered = _coverage_by_kind(catalogue).get(kind, set())

    assert key in covered, f"no question or option in the {kind} set covers {key!r}"


def test_covers_keys_in_yaml_are_all_known(catalogue):
    used = set().union(*_coverage_by_kind(catalogue).values())

    assert used - ALL_KEYS == set(), "unknown covers keys (typo?)"


def test_quick_check_is_a_few_taps(catalogue):
    quick = catalogue.get("in_the_moment")
    required = [q for q in quick.questions() if q.required]

    assert 1 <= len(required) <= 8
    assert all(isinstance(q, (SingleChoiceQuestion, MultipleChoiceQuestion)) for q in required)


def test_every_quick_check_option_has_a_signal(catalogue):
    quick = catalogue.get("in_the_moment")
    choice_questions = [q for q in quick.questions() if isinstance(q, (SingleChoiceQuestion, MultipleChoiceQuestion))]

    missing = [(q.id, o.id) for q in choice_questions for o in q.options if o.signal is None]

    assert missing == []


def test_quick_check_offers_an_optional_draft_checked_by_the_phrasing_guide(catalogue):
    drafts = [q for q in catalogue.get("in_the_moment").questions() if isinstance(q, FreeTextQuestion)]

    assert [d.id for d in drafts] == ["draft"]
    assert drafts[0].phrasing and not drafts[0].required


def test_after_sharing_free_text_is_checked_for_identifying_details(catalogue):
    after = catalogue.get("after_sharing")
    free_text = [q for q in after.questions() if isinstance(q, FreeTextQuestion)]

    assert free_text
    assert [q.id for q in free_text if not q.identifying_check] == []
    assert after.question("role_description") is not None


def test_after_sharing_asks_about_supervision_as_a_single_choice(catalogue):
    question = catalogue.get("after_sharing").question("supervision")

    assert isinstance(question, SingleChoiceQuestion)


def test_preparation_grid_has_the_product_experiences_audiences_and_levels(catalogue):
    grid = next(q for q in catalogue.get("preparation").questions() if isinstance(q, ComfortGridQuestion))

    assert [r.id for r in grid.rows] == [
        "life_history_family",
        "hobbies_skills_interests",
        "culture",
        "faith_spirituality",
        "past_difficulties",
        "sexuality",
        "own_mental_health",
        "family_mental_health",
        "caring",
        "bereavement",
        "physical_health",
        "discrimination",
        "work_before",
    ]
    assert [c.id for c in grid.columns] == ["people_supported", "family_carers", "colleagues", "team", "supervisor_manager"]
    assert [level.id for level in grid.levels] == ["share", "with_care", "not"]
    assert {f.id for f in grid.follow_up} == {"detail", "framing", "why_helpful", "mine_to_tell"}


def test_register_has_the_product_categories(catalogue):
    register = catalogue.register

    assert [c.id for c in register.categories] == [
        "skills",
        "qualifications",
        "languages",
        "interests_hobbies",
        "cultural_community",
        "community_contacts",
        "expertise_lead_roles",
        "personal_experience",
    ]
    assert [c.id for c in register.categories if c.has_level] == ["languages"]
    assert [v.id for v in register.visibility] == ["team", "organisation"]
    assert [b.id for b in register.biography] == ["professional_background", "interests_outside_work", "why_i_work_here"]


# --- the quick-check summary ---------------------------------------------------------------


def _considered_answers() -> dict[str, object]:
    return {
        "with_whom": "person_supported",
        "purpose": "help_them",
        "benefit": "yes",
        "wishes": "welcome",
        "approach": "start_small",
        "ok_with_me": "yes",
        "timing": ["relationship_ready", "ready_to_hear", "time_and_space"],
        "how_much": "short_with_coping",
        "motivations": ["hope", "normalise"],
        "warning_signs": ["none"],
    }


def _support_answers(**changes: object) -> dict[str, object]:
    return _considered_answers() | {"with_whom": "supervisor_manager", "purpose": "support_for_me"} | changes


def test_summary_with_known_wishes_and_only_healthy_answers_describes_what_was_said(catalogue):
    summary = summarise_quick_check(catalogue.get("in_the_moment"), _considered_answers())

    assert summary.verdict == "thought_through"
    assert summary.label == "You've said why, and nothing gave you pause"
    assert "Offer hope that things can change" in summary.for_sharing
    assert summary.to_pause == ()
    assert not summary.is_caution


def test_summary_headlines_are_plain_descriptions_not_grades():
    assert not {"Looks considered", "Worth a pause", "Not today"} & set(VERDICT_LABELS.values())
    assert all(label.startswith("You") for label in VERDICT_LABELS.values())


def test_summary_with_a_warning_sign_names_it_as_something_to_think_over(catalogue):
    answers = _considered_answers() | {"warning_signs": ["prescribing"]}

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == "some_to_think_over"
    assert summary.to_pause == ("I might imply my way is the correct or only way",)


def test_summary_not_ok_with_me_today_says_today_isnt_the_day(catalogue):
    answers = _considered_answers() | {"ok_with_me": "not_today", "warning_signs": ["burden"]}

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == "not_today"
    assert "No, not today" in summary.to_pause


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [({"warning_signs": ["prescribing"]}, "some_to_think_over"), ({"ok_with_me": "not_today"}, "not_today")],
)
def test_summary_keeps_i_dont_know_yet_about_their_wishes_when_another_answer_leads(catalogue, extra, verdict):
    answers = _considered_answers() | {"wishes": "unknown"} | extra

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == verdict
    assert summary.to_pause[-1] == "You don't know yet how they would feel about it"
    assert not summary.wishes_known


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"benefit": "more_for_me"},
        {"motivations": ["need_to_talk"]},
        {"ok_with_me": "a_bit_raw", "what": "current_difficulty"},
        {"wishes": "unknown", "warning_signs": ["focus_on_me", "burden", "not_ready"]},
    ],
    ids=["plain", "more_for_me", "need_to_talk", "raw", "unknown_wishes_and_warnings"],
)
def test_summary_for_a_supervisor_audience_with_a_support_purpose_is_never_a_caution(catalogue, extra):
    summary = summarise_quick_check(catalogue.get("in_the_moment"), _support_answers(**extra))

    assert summary.verdict == "for_support"
    assert not summary.is_caution
    assert summary.to_pause == ()
    assert summary.points_to_support


def test_summary_for_support_still_lets_the_person_say_not_today(catalogue):
    summary = summarise_quick_check(catalogue.get("in_the_moment"), _support_answers(ok_with_me="not_today"))

    assert summary.verdict == "not_today"
    assert summary.to_pause == ("No, not today",)


def test_summary_support_purpose_with_someone_i_support_is_not_the_support_rule(catalogue):
    answers = _considered_answers() | {"purpose": "support_for_me", "benefit": "more_for_me"}

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == "some_to_think_over"


@pytest.mark.parametrize("wishes", ["unknown", None], ids=["said_unknown", "unanswered"])
def test_summary_with_unknown_wishes_never_has_the_settled_wording(catalogue, wishes):
    answers = _considered_answers() | {"wishes": wishes}

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == "wishes_unknown"
    assert summary.label != VERDICT_LABELS["thought_through"]
    assert not summary.wishes_known


def test_summary_of_a_set_without_a_wishes_question_never_has_the_settled_wording(catalogue):
    quick = catalogue.get("in_the_moment")
    without = quick.model_copy(
        update={"sections": tuple(s.model_copy(update={"questions": tuple(q for q in s.questions if q.tag != "wishes")}) for s in quick.sections)}
    )

    summary = summarise_quick_check(without, _considered_answers())

    assert summary.verdict == "wishes_unknown"


@pytest.mark.parametrize(
    "extra",
    [{"ok_with_me": "a_bit_raw"}, {"what": "current_difficulty"}],
    ids=["feels_raw", "going_through_it_now"],
)
def test_summary_of_raw_current_distress_points_to_supervision_and_support(catalogue, extra):
    answers = _considered_answers() | extra

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.raw_current
    assert summary.points_to_support


def test_summary_of_nothing_raw_does_not_point_to_support(catalogue):
    summary = summarise_quick_check(catalogue.get("in_the_moment"), _considered_answers())

    assert not summary.points_to_support


def test_summary_ignores_unknown_questions_and_options(catalogue):
    answers = _considered_answers() | {"gone_question": "x", "benefit": "an_old_option", "timing": None}

    summary = summarise_quick_check(catalogue.get("in_the_moment"), answers)

    assert summary.verdict == "thought_through"


# --- citations and roles ---------------------------------------------------------------------


def test_every_question_in_the_shipped_sets_cites_a_paragraph(catalogue):
    uncited = [
        (qset.id, question.id)
        for qset in catalogue.sets.values()
        for question in qset.questions()
        if not question.cites
    ]

    assert uncited == []


def test_a_cite_naming_no_citation_is_reported_with_its_question(tmp_path):
    folder = _copy_shipped(tmp_path / "org", except_files=("in_the_moment.yaml",))
    text = (PROMPTS / "in_the_moment.yaml").read_text(encoding="utf-8").replace("cites: [bp20_moment_words]", "cites: [bp20_nowhere]")
    _write(folder, "in_the_moment.yaml", text)

    _, problems = check_folder(folder)

    assert len(problems) == 1
    assert problems[0].question == "draft"
    assert "bp20_nowhere" in problems[0].message


def test_questions_marked_for_a_role_are_left_out_for_the_other_role(catalogue):
    preparation = catalogue.get("preparation")

    peer = {q.id for q in preparation.for_practice_role("peer_worker").questions()}
    professional = {q.id for q in preparation.for_practice_role("professional").questions()}

    assert "peer_role" in peer and "professional_role" not in peer
    assert "professional_role" in professional and "peer_role" not in professional


def test_prompts_check_names_the_role_a_set_is_marked_for(tmp_path):
    folder = _copy_shipped(tmp_path / "org")
    text = (PROMPTS / "in_the_moment.yaml").read_text(encoding="utf-8")
    text = text.replace("id: in_the_moment\n", "id: in_the_moment_peer\nfor_role: peer_worker\n", 1)
    _write(folder, "in_the_moment_peer.yaml", text)
    out = io.StringIO()

    code = check_command(folder, out)

    assert code == 0
    assert "in_the_moment_peer v3: Quick check before sharing, for peer support workers" in out.getvalue()


def test_prompts_check_reports_a_kind_left_without_a_set_for_one_role(tmp_path):
    folder = _copy_shipped(tmp_path / "org", except_files=("in_the_moment.yaml",))
    text = (PROMPTS / "in_the_moment.yaml").read_text(encoding="utf-8")
    _write(folder, "in_the_moment.yaml", text.replace("kind: in_the_moment\n", "kind: in_the_moment\nfor_role: peer_worker\n", 1))

    _, problems = check_folder(folder)

    assert [p.field for p in problems] == ["for_role", "for_role"]
    assert "other professionals" in problems[0].message
    assert "students and trainees" in problems[1].message


# --- broken files ------------------------------------------------------------------------

GOOD_HEAD = 'id: broken\nversion: 1\nkind: preparation\ntitle: "T"\nsource: "S"\n'
BROKEN_FILES = [
    pytest.param(
        "missing_id.yaml",
        'version: 1\nkind: preparation\ntitle: "T"\nsource: "S"\nsections:\n'
        "  - id: s\n    title: S\n    questions:\n      - {id: q1, type: free_text, text: Hi}\n",
        "-",
        "id",
        id="missing set id",
    ),
    pytest.param(
        "wrong_type.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, type: free_text, text: Hi}\n      - {id: mood, type: slider, text: Hi}\n",
        "mood",
        "sections.0.questions.1.type",
        id="unknown question type",
    ),
    pytest.param(
        "no_options.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: benefit, type: single_choice, text: 'Does it help?'}\n",
        "benefit",
        "sections.0.questions.0.options",
        id="choice question without options",
    ),
    pytest.param(
        "one_option.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, type: free_text, text: Hi}\n"
        "      - {id: ok, type: multiple_choice, text: 'OK?', options: [{id: a, label: A}]}\n",
        "ok",
        "sections.0.questions.1.options",
        id="choice question with one option",
    ),
    pytest.param(
        "dup_question.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n      - {id: q1, type: free_text, text: Hi}\n"
        "  - id: t\n    title: T\n    questions:\n      - {id: q1, type: free_text, text: Again}\n",
        "q1",
        "sections.1.questions.0.id",
        id="duplicate question id",
    ),
    pytest.param(
        "bad_scale.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: mood, type: scale, text: 'How?', min: 5, max: 1, min_label: low, max_label: high}\n",
        "mood",
        "sections.0.questions.0.max",
        id="scale min not below max",
    ),
    pytest.param(
        "yaml_boolean.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: ok, type: single_choice, text: 'OK?', options: [{id: yes, label: Y}, {id: b, label: B}]}\n",
        "ok",
        "sections.0.questions.0.options.0.id",
        id="unquoted yes as an id",
    ),
    pytest.param(
        "extra_field.yaml",
        GOOD_HEAD + "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, type: free_text, text: Hi, requird: true}\n",
        "q1",
        "sections.0.questions.0.requird",
        id="misspelt field",
    ),
    pytest.param("syntax.yaml", "id: x\n  bad: [\n", "-", "-", id="YAML syntax error"),
    pytest.param("a_list.yaml", "- one\n- two\n", "-", "-", id="not a mapping"),
    pytest.param("empty.yaml", "", "-", "-", id="empty file"),
]


@pytest.mark.parametrize("name,text,question,field", BROKEN_FILES)
def test_broken_file_gives_one_line_naming_file_question_and_field(tmp_path, name, text, question, field):
    folder = _copy_shipped(tmp_path / "prompts")
    _write(folder, name, text)

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    problems = caught.value.problems
    assert len(problems) == 1, str(caught.value)
    line = str(problems[0])
    assert "\n" not in line
    assert line.startswith(f"prompts/{name}: {question}: {field}: ")
    assert len(line) > len(f"prompts/{name}: {question}: {field}: ")  # says what is wrong
    assert str(caught.value) == line


def test_yaml_syntax_error_gives_the_line(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts")
    _write(folder, "syntax.yaml", 'id: x\ntitle: "ok"\n  bad: [\n')

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    assert "line 3" in str(caught.value)


def test_bad_regex_names_the_rule_and_the_pattern(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts", except_files=("phrasing.yaml",))
    rules = yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8"))
    rules["rules"][0]["patterns"].insert(1, "(unclosed")
    _write(folder, "phrasing.yaml", yaml.safe_dump(rules))

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    [problem] = caught.value.problems
    assert str(problem).startswith("prompts/phrasing.yaml: i_know_how_you_feel: rules.0.patterns.1: ")
    assert "'(unclosed'" in problem.message


def test_phrasing_example_that_does_not_trigger_its_rule_is_a_problem(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts", except_files=("phrasing.yaml",))
    rules = yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8"))
    rules["rules"][0]["examples"]["match"].append("Lovely weather today.")
    _write(folder, "phrasing.yaml", yaml.safe_dump(rules))

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    [problem] = caught.value.problems
    assert problem.question == "i_know_how_you_feel"
    assert problem.field.startswith("rules.0.examples.match.")
    assert "does not trigger" in problem.message


def test_every_problem_in_every_file_is_reported_together(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts")
    for name, text, *_ in (p.values for p in BROKEN_FILES[:4]):
        _write(folder, name, text)

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert [line.split(":")[0] for line in lines] == sorted(f"prompts/{p.values[0]}" for p in BROKEN_FILES[:4])


def test_duplicate_set_ids_in_one_folder_are_a_problem(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts")
    _write(folder, "zz_copy.yaml", (PROMPTS / "supervision.yaml").read_text(encoding="utf-8"))

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    [problem] = caught.value.problems
    assert (problem.file, problem.question, problem.field) == ("prompts/zz_copy.yaml", "-", "id")
    assert "prompts/supervision.yaml" in problem.message


@pytest.mark.parametrize("missing,words", [("phrasing.yaml", "phrasing"), ("register_categories.yaml", "register")])
def test_missing_phrasing_or_register_set_is_a_problem(tmp_path, missing, words):
    folder = _copy_shipped(tmp_path / "prompts", except_files=(missing,))

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(folder)

    [problem] = caught.value.problems
    assert words in problem.message


def test_missing_folder_is_a_problem(tmp_path):
    with pytest.raises(QuestionFileError, match="folder not found"):
        load_catalogue(tmp_path / "nowhere")


def test_problem_is_always_one_line():
    problem = Problem(file="a.yaml", question="q1", field="text", message="first\nsecond\r\n  third")

    assert str(problem) == "a.yaml: q1: text: first second third"


# --- override folder -------------------------------------------------------------------------


def test_override_replaces_a_set_with_the_same_id_and_adds_new_ones(tmp_path):
    override = tmp_path / "local"
    _write(override, "quick.yaml", MINIMAL_SET.format(id="in_the_moment", kind="in_the_moment", version=7, title="Our quick check"))
    _write(override, "local.yml", MINIMAL_SET.format(id="local_framework", kind="preparation", version=1, title="Our framework"))

    catalogue = load_catalogue(PROMPTS, override)

    assert catalogue.get("in_the_moment").version == 7
    assert catalogue.get("in_the_moment").title == "Our quick check"
    assert catalogue.get("local_framework").title == "Our framework"
    assert [s.id for s in catalogue.by_kind("preparation")] == ["local_framework", "preparation"]
    assert catalogue.get("after_sharing").version == 3
    assert catalogue.files["in_the_moment"] == "local/quick.yaml"


def test_override_can_replace_the_phrasing_rules_by_id(tmp_path):
    override = tmp_path / "local"
    rules = yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8"))
    rules["version"] = 2
    rules["rules"] = rules["rules"][:1]
    _write(override, "phrasing.yaml", yaml.safe_dump(rules))

    catalogue = load_catalogue(PROMPTS, override)

    assert catalogue.phrasing.version == 2
    assert [r.id for r in catalogue.phrasing.rules] == ["i_know_how_you_feel"]


def test_override_adding_a_second_phrasing_set_is_a_problem(tmp_path):
    override = tmp_path / "local"
    rules = yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8"))
    rules["id"] = "local_phrasing"
    _write(override, "phrasing.yaml", yaml.safe_dump(rules))

    with pytest.raises(QuestionFileError, match="more than one phrasing rule set"):
        load_catalogue(PROMPTS, override)


def test_broken_override_loads_nothing(tmp_path):
    override = tmp_path / "local"
    _write(override, "good.yaml", MINIMAL_SET.format(id="local_framework", kind="preparation", version=1, title="Ours"))
    _write(override, "bad.yaml", "- not a mapping\n")

    with pytest.raises(QuestionFileError) as caught:
        load_catalogue(PROMPTS, override)

    assert [p.file for p in caught.value.problems] == ["local/bad.yaml"]


def test_get_unknown_set_raises_key_error(catalogue):
    with pytest.raises(KeyError, match="no question set"):
        catalogue.get("nope")


# --- `reflect prompts check DIR` ------------------------------------------------------------


def test_check_command_lists_accepted_sets_and_exits_zero():
    out = io.StringIO()

    code = check_command(PROMPTS, out)

    assert code == 0
    lines = out.getvalue().splitlines()
    assert "in_the_moment v3: Quick check before sharing (prompts/in_the_moment.yaml)" in lines
    assert len(lines) == len(SHIPPED_FILES)


def test_check_command_prints_each_problem_and_exits_non_zero(tmp_path):
    folder = _copy_shipped(tmp_path / "prompts")
    _write(folder, "empty.yaml", "")
    out = io.StringIO()

    code = check_command(folder, out)

    assert code == 1
    assert "prompts/empty.yaml: -: -: the file is empty" in out.getvalue().splitlines()


def test_check_command_on_an_override_folder_merges_with_the_base(tmp_path):
    override = tmp_path / "local"
    _write(override, "local.yaml", MINIMAL_SET.format(id="local_framework", kind="preparation", version=3, title="Ours"))
    out = io.StringIO()

    code_alone = check_command(override, io.StringIO())
    code = check_command(override, out, base_dir=PROMPTS)

    assert code_alone == 1  # on its own it lacks phrasing and register sets
    assert code == 0
    assert out.getvalue() == "local_framework v3: Ours (local/local.yaml)\n"


# --- schema ------------------------------------------------------------------------------------


def _question_set(questions: list[dict]) -> dict:
    return {
        "id": "t",
        "version": 1,
        "kind": "preparation",
        "title": "T",
        "source": "S",
        "sections": [{"id": "s", "title": "S", "questions": questions}],
    }


def test_question_set_parses_each_question_type():
    question_set = QuestionSet.model_validate(
        _question_set(
            [
                {"id": "a", "type": "free_text", "text": "A", "phrasing": True},
                {"id": "b", "type": "single_choice", "text": "B", "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]},
                {"id": "c", "type": "scale", "text": "C", "min": 1, "max": 5, "min_label": "lo", "max_label": "hi"},
            ]
        )
    )

    assert [type(q) for q in question_set.questions()] == [FreeTextQuestion, SingleChoiceQuestion, ScaleQuestion]
    assert question_set.question("a").max_length == 5000


def test_models_are_frozen():
    question_set = QuestionSet.model_validate(_question_set([{"id": "a", "type": "free_text", "text": "A"}]))

    with pytest.raises(ValidationError):
        question_set.title = "changed"


@pytest.mark.parametrize(
    "pattern,words",
    [("(unclosed", "does not compile"), ("(a+)+$", "nests a repeat"), ("x.*y", "unbounded"), ("(?:\\w+\\s?)*!", "nests a repeat")],
)
def test_phrasing_rule_rejects_broken_or_slow_patterns(pattern, words):
    rule = {
        "id": "r",
        "title": "R",
        "kind": "pattern",
        "patterns": ["fine", pattern],
        "explanation": "E",
        "suggestion": "S",
        "examples": {"match": ["a", "b"], "no_match": ["c", "d"]},
    }

    with pytest.raises(ValidationError, match=words) as caught:
        PhrasingRule.model_validate(rule)

    assert "pattern 1" in str(caught.value)


def test_phrasing_rule_accepts_bounded_nesting():
    rule = PhrasingRule.model_validate(
        {
            "id": "r",
            "title": "R",
            "kind": "pattern",
            "patterns": ["(?:[A-Z][a-z]{1,20} ){1,3}Road", "a.{0,40}b"],
            "explanation": "E",
            "suggestion": "S",
            "examples": {"match": ["a", "b"], "no_match": ["c", "d"]},
        }
    )

    assert len(rule.patterns) == 2


def test_phrasing_rule_set_requires_examples():
    data = yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8"))
    del data["rules"][0]["examples"]

    with pytest.raises(ValidationError, match="examples"):
        PhrasingRuleSet.model_validate(data)


# --- context: conditions, roles and rules ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("show_when: [{question: what, none_of: [everyday]}]\n", "show_when: [{question: wat, none_of: [everyday]}]\n", "names question 'wat'"),
        ("none_of: [everyday]}]\n", "none_of: [every_day]}]\n", "'every_day' is not an option of 'what'"),
        ("sets_aside: [timing.early_days]", "sets_aside: [timing.late_days]", "'timing.late_days' is not a question.option"),
        ("    pointer: support_elsewhere\n", "    pointer: nowhere\n", "pointer 'nowhere' is not one of this set's pointers"),
        ("    verdict: everyday\n    label:", "    verdict: everyday\n    signal: warning\n    nolabel:", "is not a field"),
    ],
    ids=["unknown_question", "unknown_option", "unknown_set_aside", "unknown_pointer", "misspelt_label"],
)
def test_a_condition_or_rule_naming_something_the_set_lacks_is_a_problem(tmp_path, old, new, words):
    folder = _copy_shipped(tmp_path / "org", except_files=("in_the_moment.yaml",))
    text = (PROMPTS / "in_the_moment.yaml").read_text(encoding="utf-8")
    assert old in text
    _write(folder, "in_the_moment.yaml", text.replace(old, new, 1))

    _, problems = check_folder(folder)

    assert len(problems) == 1 and problems[0].file.endswith("in_the_moment.yaml")
    assert words in str(problems[0])


def test_a_rule_with_a_signal_needs_words_to_say_it_back(tmp_path):
    folder = _copy_shipped(tmp_path / "org", except_files=("in_the_moment.yaml",))
    text = (PROMPTS / "in_the_moment.yaml").read_text(encoding="utf-8")
    rule = "  - id: student_assessor\n    when: [{role: [student]}]\n    pointer: practice_assessor\n"
    assert rule in text
    _write(folder, "in_the_moment.yaml", text.replace(rule, rule + "    signal: warning\n", 1))

    _, problems = check_folder(folder)

    assert [p.field for p in problems] == ["context_rules.10.label"]


def test_the_practice_assessor_is_offered_to_students_only(catalogue):
    quick = catalogue.get("in_the_moment")
    offered = {
        role: {o.id for o in quick.for_practice_role(role).question("with_whom").options} for role in ("student", "peer_worker", "professional")
    }

    assert "practice_assessor" in offered["student"]
    assert "practice_assessor" not in offered["peer_worker"] | offered["professional"]


def test_every_profile_experience_has_a_kind_the_quick_check_and_the_reflection_both_know(catalogue):
    grid = next(q for q in catalogue.get("preparation").questions() if isinstance(q, ComfortGridQuestion))
    quick = {o.id for o in catalogue.get("in_the_moment").tagged("category").options}
    after = {o.id for o in catalogue.get("after_sharing").tagged("category").options}

    assert all(row.category for row in grid.rows), [row.id for row in grid.rows if not row.category]
    assert {row.category for row in grid.rows} <= quick & after
    assert quick == after


def test_team_purposes_are_offered_with_colleagues_and_the_team_only(catalogue):
    from reflect.questions import Situation

    quick = catalogue.get("in_the_moment")
    for audience, offered in [("team", True), ("colleague", True), ("person_supported", False)]:
        asked = quick.asked(Situation(answers={"with_whom": audience}))
        assert ({"team_support", "go_first"} <= asked["purpose"]) is offered


QUICK = load_catalogue(PROMPTS).get("in_the_moment")
QUICK_CHOICES = {q.id: [o.id for o in q.options] for q in QUICK.questions() if isinstance(q, (SingleChoiceQuestion, MultipleChoiceQuestion))}


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    answers=st.fixed_dictionaries({}, optional={q: st.sampled_from(options) for q, options in QUICK_CHOICES.items()}),
    role=st.sampled_from([None, "peer_worker", "professional", "student"]),
    profile=st.dictionaries(st.sampled_from(["people_supported", "colleagues", "team", "supervisor_manager"]), st.sampled_from(["share", "with_care", "not"])),
)
def test_not_today_stands_on_every_path(answers, role, profile):
    said_not_today = dict(answers) | {"ok_with_me": "not_today"}

    summary = summarise_quick_check(QUICK, said_not_today, role=role, profile=profile)

    assert summary.verdict == "not_today"
    assert "ok_with_me.not_today" in {s.id for s in summary.to_think_over}

