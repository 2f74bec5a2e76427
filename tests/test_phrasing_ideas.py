"""The phrasing rules catch each idea, not one wording of it: claims about everyone from one's
own case, the talk turning to the worker's own story at length, vivid detail of harm, contact
moved to a personal messaging app, comparing, wearing hope down, someone else's story, and a
hard story whose "coping" words tell of none. Two-part ideas are written once as `together`
pairs (both parts in one sentence, any order). The third development set is read well, its
good-practice sentences stay clean, and the guard's lighter reading finds what the full one does."""

from __future__ import annotations

import pytest
import yaml

from reflect import guard
from reflect.phrasing import evaluate, read_corpus
from reflect.questions.schema import PhrasingRuleSet
from tests.phrasing_support import GUIDE, ROOT, RULE_IDS, fired


@pytest.mark.parametrize(
    "text,rule",
    [
        # over-generalising: everyone, every X, all people with the condition, from one's own case
        ("every veteran gets flashbacks, i certainly did", "overgeneralising"),
        ("nobody gets through a breakdown without meds", "overgeneralising"),
        ("everybody on lithium gains weight", "overgeneralising"),
        ("all recovering addicts relapse at least once", "overgeneralising"),
        ("everyone I know who's been on it felt rough at first", "overgeneralising"),
        ("antidepressants always take six weeks, trust me", "overgeneralising"),
        ("you'll get the same brain zaps as I had", "overgeneralising"),
        ("I told her it would work for her like it did for me", "overgeneralising"),
        ("it helped me loads so it'll help you", "overgeneralising"),
        ("that's typical for anyone with ptsd", "overgeneralising"),
        ("when you start citalopram you'll always feel sick at first", "overgeneralising"),
        # focus on me: my story, at length, or the person looking after me
        ("I rabbited on about my own mum for ages", "focus_on_me"),
        ("i vented to him about my landlord for twenty minutes", "focus_on_me"),
        ("the whole visit turned into me talking about my kids", "focus_on_me"),
        ("I hogged the session with my own news", "focus_on_me"),
        ("she was the one checking on me by the end", "focus_on_me"),
        ("I went into far too much detail about my own admission", "focus_on_me"),
        # graphic detail: the means and the body in one sentence, or how bad the injury was
        ("I took a blade to my forearms most nights", "graphic_detail"),
        ("the wound went down to the bone", "graphic_detail"),
        ("I swallowed the whole packet of my mum's sleeping tablets", "graphic_detail"),
        ("they had to pump her stomach", "graphic_detail"),
        # a personal messaging app, in any wording
        ("we've been messaging each other on whats app", "identifying_messaging_app"),
        ("ping me a voice note", "identifying_messaging_app"),
        ("let's take this over to whatsapp", "identifying_messaging_app"),
        ("he's got my personal snapchat", "identifying_messaging_app"),
        # comparing, hope, someone else's story, blurring, minimising
        ("you've got it easy compared with what I had", "comparing"),
        ("you're so lucky to have your mum, I lost mine at nine", "comparing"),
        ("I doubt you'll ever manage full time work", "hope_eroding"),
        ("this is as good as it's going to get, I'm afraid", "hope_eroding"),
        ("my stepdad drank himself to death", "third_party_story"),
        ("a lad I used to support hanged himself", "third_party_story"),
        ("we could be mates once you're discharged", "blurring_relationship"),
        ("honestly you're just overtired, it'll sort itself out", "minimising"),
        # a remedy said to work for all; messaging-app details in notes; dates, schools, names
        ("yoga is the answer to anxiety, full stop", "overgeneralising"),
        ("her snapchat is kazza_x", "identifying_messaging_app"),
        ("hit me up on snap after", "identifying_messaging_app"),
        ("his birthday's the 3rd of june", "identifying_date_of_birth"),
        ("she turns 18 on 4 may", "identifying_date_of_birth"),
        ("my youngest is at brookfield primary", "identifying_school"),
        ("client JD rang twice this morning", "identifying_name"),
        ("Mo came in late again", "identifying_name"),
        ("ur lucky you've still got your job, I lost mine", "comparing"),
        # present distress with a time; knowing by having been through it; more blurring
        ("work's been really rough lately", "too_raw"),
        ("my mental health isn't good at the minute", "too_raw"),
        ("i get it, i went through exactly the same", "i_know_how_you_feel"),
        ("same here mate", "i_know_how_you_feel"),
        ("you'll never come off them at this rate", "hope_eroding"),
        ("we should grab a pint sometime, just you and me", "blurring_relationship"),
        ("you could meet my kids at the weekend", "blurring_relationship"),
        # identifying details said the way people say them
        ("you can get me on dan_k at hotmail dot com", "identifying_email"),
        ("her number is oh seven seven double oh nine oh oh one two three", "identifying_phone"),
        ("his tiktok account is lad_on_tour", "identifying_social_handle"),
        ("she went to st bede's till she was eleven", "identifying_school"),
        # my way offered as advice; doubting they'll be taken on; dismissing
        ("I'd get a dog if I was you, best thing I ever did", "prescribing"),
        ("he needs to try the sleep app I used", "prescribing"),
        ("take it from me, bin the phone at night", "prescribing"),
        ("I don't think any employer will take you on", "hope_eroding"),
        ("she's being over the top about it", "minimising"),
    ],
)
def test_each_idea_is_noticed_in_a_new_wording(text, rule):
    assert rule in fired(text)


@pytest.mark.parametrize(
    "text,rule",
    [
        ("it's different for everyone, what's it been like for you?", "overgeneralising"),
        ("exercise helped me, but I know it doesn't suit everyone", "overgeneralising"),
        ("everyone in the team sends their love", "overgeneralising"),
        ("everyone I've worked with has been kind about it", "overgeneralising"),
        ("it helped me, and it might help you or it might not", "overgeneralising"),
        ("I tried a few apps and one helped me, but you should try whatever suits you", "prescribing"),
        ("he talked about his dad for most of the session and I listened", "focus_on_me"),
        ("I talked about my allotment for a minute because she asked", "focus_on_me"),
        ("my sister supported me and I'm doing well now", "focus_on_me"),
        ("I cut my hair short last summer", "graphic_detail"),
        ("her daughter sent her a photo on whatsapp and she showed me", "identifying_messaging_app"),
        ("we don't use whatsapp with clients, the duty line is there for that", "identifying_messaging_app"),
        ("she keeps in touch with her cousins on whatsapp", "identifying_messaging_app"),
        ("I can't promise it'll be the same for you, but things can change", "hope_eroding"),
        ("my mum is a psychiatric nurse and she's been great", "third_party_story"),
        ("don't forget about the course deadline on friday", "hope_eroding"),
        ("the GP letter went off and client CPN review is booked", "identifying_name"),
        ("she goes to the local high school", "identifying_school"),
        ("I said her sister sent her a video on whatsapp", "identifying_messaging_app"),
        ("I'm not struggling at the moment, I'm doing well", "too_raw"),
        ("how have things been at home lately, still hard?", "too_raw"),
        ("things have been hard for him lately, so we moved the visit", "too_raw"),
        ("I know it's hard to believe right now, but things can change", "too_raw"),
        ("I get it if you'd rather not talk today", "i_know_how_you_feel"),
        ("her instagram account is private now", "identifying_social_handle"),
    ],
)
def test_good_wording_near_each_idea_stays_clean(text, rule):
    assert rule not in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        # "started", "talking to", "tried to help", "drinking to cope", "better off" tell of no coping
        "my dad walked out when i was eight and mum started drinking, and after that home was chaos every single day",
        "I was bullied so badly at secondary school that I stopped eating and stopped talking to anyone at home for two years",
        "I spent most of my twenties drinking to cope with what happened and I pushed away everyone who tried to help",
        # "then" is no turn: "then the flat went" is more of the same
        "i got made redundant, then the flat went, then my relationship ended, and I ended up sleeping on a mate's floor for a year",
    ],
)
def test_coping_words_that_tell_of_no_coping_leave_the_story_without_a_way_forward(text):
    assert "missing_coping" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "i was in a dark place for a couple of years, what turned it round for me was a peer group",
        "when my dad died I was in pieces for months, but years later I can talk about him with a smile",
        "my twenties were a mess of drink and hospital admissions, and it taught me what I need to stay well",
    ],
)
def test_a_story_that_turns_round_has_its_way_forward(text):
    assert "missing_coping" not in fired(text)


def test_a_together_pair_needs_both_parts_in_one_sentence():
    assert "graphic_detail" in fired("I used a razor on my thighs")
    assert "graphic_detail" not in fired("I bought a new razor. My thighs ached from the run.")


def test_together_must_be_pairs_of_safe_patterns():
    raw = yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in raw["rules"] if r["id"] == "focus_on_me")
    rule["together"] = [["a", "b", "c"]]
    with pytest.raises(ValueError, match="two patterns|at most 2 items"):
        PhrasingRuleSet.model_validate(raw)
    rule["together"] = [["(a+)+", "b"]]
    with pytest.raises(ValueError, match="nests a repeat"):
        PhrasingRuleSet.model_validate(raw)


def test_an_identifying_rule_may_not_match_on_lemmas_the_guard_does_not_read():
    raw = yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8"))
    next(r for r in raw["rules"] if r["id"] == "identifying_messaging_app")["tokens"] = [[{"LEMMA": "message"}, {"LOWER": "me"}]]
    with pytest.raises(ValueError, match="may not use LEMMA or POS"):
        PhrasingRuleSet.model_validate(raw)


def test_the_third_development_set_is_read_well_and_its_good_practice_stays_clean():
    dev3 = read_corpus(ROOT / "corpus" / "phrasing-dev3.txt", RULE_IDS)
    result = evaluate(GUIDE, dev3)

    assert len(dev3) >= 250 and result.clean_sentences >= 80
    assert result.clean_flagged == 0
    assert result.overall.precision >= 0.95 and result.overall.recall >= 0.95


def test_the_guards_lighter_reading_finds_what_the_full_reading_finds():
    texts = [
        s.text
        for name in ("dev", "dev2", "dev3", "heldout")
        for s in read_corpus(ROOT / "corpus" / f"phrasing-{name}.txt", RULE_IDS)
        if any(r.startswith("identifying_") for r in s.rules)
    ]
    analyzer = guard.analyzer()
    for text in texts[:120]:
        light = analyzer.find(text, guard.KINDS, doc=analyzer.read(text, lemmas=False))
        full = analyzer.find(text, guard.KINDS, doc=analyzer.read(text))
        assert light == full, text
    assert [(s.rule_id, s.start, s.end) for s in GUIDE.has_identifying("met with dave at the Tesco in Little Snoring")] == [
        (s.rule_id, s.start, s.end) for s in GUIDE.check("met with dave at the Tesco in Little Snoring") if s.identifying
    ]
