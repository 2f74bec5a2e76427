"""The phrasing rules as data: the typed model of `prompts/phrasing.yaml`, and the checks that
keep its patterns fast on any input.

Phrasing rules (`kind: phrasing`)::

    id, version, kind, title, description?, source, rules: [PhrasingRule]
    PhrasingRule: id, title, kind (pattern | missing_coping | identifying), patterns, together, tokens,
                  cues, min_words (15), entities, min_score (0.5), allow, words, quiet_when,
                  context, quiet_for, cites, explanation, suggestion, examples: {match, no_match}
    citations: [Citation]   # where in the briefing papers each rule rests (rules `cites` them)

`entities` (identifying rules) names entity types found by the language analyzer
(reflect/guard.py: spaCy and a names list), e.g. PERSON or UK_NHS, kept when scored at least
`min_score`; `allow` lists words never reported as such an entity (e.g. "Mind", a charity).
`words` (identifying rules) lists capitalised words that count wherever they appear with their
capital letter (a list of first names the analyzer may miss when they stand alone).
`includes` lists other rules whose hits count as this rule's too.
`quiet_when` lists other rules: when any of them fires, this rule stays quiet (a too-raw
story is pointed to supervision, not asked to "add what helped").

Patterns are Python regular expressions matched case-insensitively. To keep matching fast on
any input, a pattern may not nest one repeat inside another (`(a+)+`) nor use an unbounded
`.*` / `.+`; use a bounded gap such as `.{0,40}` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from reflect.data_schema import Citation, FrozenModel, Id, SchemaError, Text, check_unique

try:  # Python 3.11+: the regex parser lives here (private, so guarded).
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_UNBOUNDED = _sre_parse.MAXREPEAT
_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, getattr(_sre_parse, "POSSESSIVE_REPEAT", None))


def _walk(parsed: Any) -> Iterator[tuple[Any, Any]]:
    """Yield every (opcode, argument) in a parsed pattern, depth first."""
    for op, arg in parsed:
        yield op, arg
        for child in _children(op, arg):
            yield from _walk(child)


def _children(op: Any, arg: Any) -> list[Any]:
    if op in _REPEATS:
        return [arg[2]]
    if op is _sre_parse.SUBPATTERN:
        return [arg[-1]]
    if op is _sre_parse.BRANCH:
        return list(arg[1])
    if op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
        return [arg[1]]
    if op is _sre_parse.GROUPREF_EXISTS:
        return [branch for branch in arg[1:] if branch is not None]
    return []


def _slow_pattern_reason(pattern: str) -> str | None:
    """Why this pattern could backtrack badly, or None if it looks safe."""
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except Exception:  # compile() has already reported real syntax errors
        return None
    for op, arg in _walk(parsed):
        if op not in _REPEATS:
            continue
        low, high, body = arg
        if high is _UNBOUNDED and any(o is _sre_parse.ANY for o, _ in body):
            return "uses an unbounded .* or .+; use a bounded gap such as .{0,40}"
        for inner_op, inner_arg in _walk(body):
            if inner_op not in _REPEATS:
                continue
            inner_high = inner_arg[1]
            if (high is _UNBOUNDED and inner_high != 1 and inner_high != 0) or (
                high != 1 and inner_high is _UNBOUNDED
            ):
                return (
                    "nests a repeat inside a repeat (like (a+)+), which can make matching very "
                    "slow; bound the inner one, e.g. {1,20}"
                )
    return None


def _check_patterns(patterns: tuple[str, ...], field: str) -> None:
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise SchemaError(f"{field} {index} {pattern!r} does not compile: {error}", loc=(index,)) from None
        reason = _slow_pattern_reason(pattern)
        if reason:
            raise SchemaError(f"{field} {index} {pattern!r} {reason}", loc=(index,))


class PhrasingExamples(FrozenModel):
    match: tuple[str, ...] = Field(min_length=2)
    no_match: tuple[str, ...] = Field(min_length=2)


class PhrasingRule(FrozenModel):
    """One thing the phrasing guide notices.

    kind `pattern` and `identifying`: fires on each match of any pattern (identifying rules
    also fire on each entity of a type in `entities`, and feed `has_identifying`). kind `missing_coping`: fires once, over the whole text, when
    the text has at least `min_words` words, matches one of `patterns` (signs of a difficulty;
    if none are listed any text counts) and matches none of `cues` (signs of coping or moving on).
    """

    id: Id
    title: Text
    kind: Literal["pattern", "missing_coping", "identifying"]
    patterns: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    min_words: int = Field(default=15, ge=1)
    entities: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z_]{1,40}$")], ...] = ()
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    allow: tuple[Annotated[str, StringConstraints(min_length=1, max_length=80)], ...] = ()
    words: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z'-]{1,30}$")], ...] = ()
    quiet_when: tuple[Id, ...] = ()
    # Other rules whose hits are this rule's hits too (acute distress is always something
    # current, so too_raw includes writer_not_coping); the rules themselves stay apart.
    includes: tuple[Id, ...] = ()
    # Pairs of patterns [pattern, also]: a hit of the first counts only when its sentence also
    # holds the second, in any order and at any distance ("talked about my divorce" with "for
    # most of the session"; "cut" with "my arms"), so an idea made of two parts is written once.
    together: tuple[tuple[str, str], ...] = ()
    # spaCy Matcher patterns over the reading of the text (LEMMA, POS, DEP, LOWER, OP ...).
    tokens: tuple[tuple[dict[str, Any], ...], ...] = ()
    # Where a hit counts: `own` only in the writer's own statements (a first-person subject,
    # not about someone else), `statement` not in a question to the person, `affirmed` not
    # negated ("I'm not struggling") nor in an offer the writer declined ("she asked to come round
    # and I said no"), `universal` not when its "everyone", "all" or "always" is
    # denied ("not everyone finds it hard"). For a missing_coping rule they choose the
    # sentences whose difficulty words count.
    # `writer` not in what someone else said, thought or wanted ("she thinks she'll always be
    # like this": a client's words noted).
    # `asserted` not in what the writer only hopes or wishes for the person ("I hope you'll
    # never have to go through that again").
    # `handed_back` the second reader leaves it quiet where the writer turns back to the person
    # with a question ("..., then I asked him how his stay was going").
    # `contact` (messaging and social rules) not where the contact is refused or declined, or
    # a message is only shown or read out ("she showed me a whatsapp message from her sister").
    # `said` not in words the writer says they did not say ("I didn't want to say it's nothing").
    # `my_part` not where another's hard time only sets the time of the writer's own part
    # ("when my sister was ill, what I remember is feeling helpless").
    # `contest` the second reader leaves alone counts side by side that are no contest ("she's
    # had two sessions and I've had three"), as `more_than_theirs` reads them.
    # The rules' hits and the second reader's sentences are read by these in one place (`reflect.set_aside`).
    # `known` not where the writer knows what the person told them or how hard a service is to
    # get; `in_hand` not where the writer's trouble with one thing is laughed off or taken to
    # their manager (`reflect.known_shapes`).
    # `reflected` not where the writer looks back on their own telling or kept it short ("i
    # realised afterwards i'd talked too much about myself", "kept it to one sentence").
    context: tuple[Literal["own", "statement", "affirmed", "universal", "writer", "asserted", "handed_back", "contact", "said", "my_part", "contest", "reflected", "known", "in_hand", "mentioned", "options"], ...] = ()
    # Named readings of the language (`reflect.shapes.SHAPES`) whose spans are hits too:
    # `prediction_from_mine` ("you'll feel better in a week, I did"), `more_than_theirs` ("you've
    # had one panic attack, I was having ten a day"), `my_way_for_them` ("the stuff that got me
    # through will work for him too"); for a missing_coping rule, signs of a difficulty:
    # `daily_life_stopped` ("I didn't wash or answer the door for weeks"), `hardship_lasting`
    # ("I've been struggling with this for years", "I've never really got over it": a whole
    # story however short, told in the present perfect), `losses_listed`, `life_fell_apart`,
    # `worst_of_my_life`, `my_time_was_hard` (whole stories too) and `nothing_helped`
    # (`reflect.story_shapes`), and `came_to_nothing`, `nobody_there`, `had_to_give_up`,
    # `time_of_life_taken` and `stopped_everything` (whole stories), `left_me`, `lost_mine` and
    # `day_after_day` (`reflect.hard_story_shapes`), `done_to_me` and `passed_between` ("the school
    # excluded me", "passed from one team to the next", `reflect.done_to_me_shapes`); for the other rules, `said_of_all` ("people like us never get a
    # fair crack", `reflect.claim_shapes`), `life_outside_work`, `someone_elses_story` and
    # `my_story_at_length` (`reflect.relation_shapes`), `mine_over_theirs` (`reflect.cut_short_shapes`),
    # `odds_against_them` (`reflect.hope_shapes`), `raw_by_date` (`reflect.raw_date_shapes`), `explained_away` ("it's just the
    # tiredness talking", `reflect.explained_away_shapes`), `ways_through_failed` for missing_coping ("not one of
    # them touched it", `reflect.failed_way_shapes`), `forecast_from_mine` ("i was off them in six months so you
    # will be too", `reflect.my_case_shapes`), `turned_to_me` ("she was supporting me more than i was supporting
    # her", `reflect.turned_to_me_shapes`), `their_days_told` ("my mum didn't get out of bed for a year",
    # `reflect.their_days_shapes`); for identifying rules,
    # `contact_between_us` ("i accepted his friend request on facebook", "we swapped snapchats"),
    # `connected_between_us` ("i followed her back on instagram") and `singled_out` ("our team's
    # only male OT", "his mum is the mayor") (`reflect.guard_context`); `account_named` ("my old
    # account was mollyblooms", "search bradleyboxing on facebook", `reflect.guard_messages`); `ward_by_name` ("bay 3 on ash")
    # and `born_on` ("he is born in 1985, the 17 of october") (`reflect.guard_places`).
    shapes: tuple[Literal["prediction_from_mine", "more_than_theirs", "my_way_for_them", "daily_life_stopped", "hardship_lasting",
        "losses_listed", "life_fell_apart", "worst_of_my_life", "my_time_was_hard", "nothing_helped",
        "came_to_nothing", "nobody_there", "had_to_give_up", "time_of_life_taken", "left_me", "lost_mine", "stopped_everything",
        "day_after_day", "could_be_worse", "never_hurt_anyone", "bigger_picture", "theirs_told", "told_about_theirs",
        "said_of_all", "life_outside_work", "someone_elses_story", "my_story_at_length", "mine_over_theirs", "odds_against_them", "raw_by_date",
        "contact_between_us", "connected_between_us", "account_named", "singled_out", "ward_by_name", "born_on", "own_capacity_asked",
        "own_capacity_stated", "done_to_me", "passed_between", "rule_of_life", "gone_by_then", "looked_back_on", "mine_beside_theirs", "secret_asked", "for_good",
        "aims_lowered", "not_over_yet", "theirs_put_off", "told_it_all", "harm_in_detail",
        "gift_or_favour", "told_how_theirs", "own_strain_now", "my_way_urged", "explained_away", "ways_through_failed", "forecast_from_mine", "turned_to_me", "their_days_told"], ...] = ()
    # Audiences (option ids of the audience questions) for whom the rule stays quiet.
    quiet_for: tuple[Id, ...] = ()
    cites: tuple[Id, ...] = ()
    # Whether reported speech is also read as if said now ("I told her you'd never ..." as
    # "you'll never ..."). Off for rules about the writer's present state.
    read_reported: bool = True
    explanation: Text
    suggestion: Text
    examples: PhrasingExamples

    @field_validator("tokens")
    @classmethod
    def _token_patterns(cls, value: tuple[tuple[dict[str, Any], ...], ...]) -> tuple[tuple[dict[str, Any], ...], ...]:
        if not value:
            return value
        from spacy.matcher import Matcher  # the vocabulary alone, not a language model
        from spacy.vocab import Vocab

        matcher = Matcher(Vocab(), validate=True)
        for index, pattern in enumerate(value):
            try:
                matcher.add(f"p{index}", [list(pattern)])
            except (ValueError, KeyError) as error:
                raise SchemaError(f"token pattern {index} is not a spaCy Matcher pattern: {error}", loc=(index,)) from None
        return value

    @field_validator("patterns", "cues")
    @classmethod
    def _compile(cls, value: tuple[str, ...], info: Any) -> tuple[str, ...]:
        _check_patterns(value, "pattern" if info.field_name == "patterns" else "cue")
        return value

    @field_validator("together")
    @classmethod
    def _pairs(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        for pair in value:
            if len(pair) != 2:
                raise SchemaError("each entry of together is two patterns: [pattern, also]", loc=("together",))
        _check_patterns(tuple(p for pair in value for p in pair), "together pattern")
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> PhrasingRule:
        if self.kind == "missing_coping" and not self.cues:
            raise SchemaError("a missing_coping rule needs at least one cue", loc=("cues",))
        if self.kind == "pattern" and not (self.patterns or self.tokens or self.together or self.shapes):
            raise SchemaError(f"a {self.kind} rule needs at least one pattern", loc=("patterns",))
        if self.kind == "identifying" and not (self.patterns or self.entities):
            raise SchemaError("an identifying rule needs at least one pattern or entity", loc=("patterns",))
        if self.kind != "identifying" and (self.entities or self.allow or self.words):
            raise SchemaError("entities and allow are only used by identifying rules", loc=("entities",))
        if self.kind == "identifying" and any(key in ("LEMMA", "POS") for pattern in self.tokens for token in pattern for key in token):
            raise SchemaError("an identifying rule's token patterns may not use LEMMA or POS (the guard reads without them)", loc=("tokens",))
        if self.kind != "missing_coping" and self.cues:
            raise SchemaError("cues are only used by missing_coping rules", loc=("cues",))
        return self


class PhrasingRuleSet(FrozenModel):
    id: Id
    version: int = Field(ge=1)
    kind: Literal["phrasing"]
    title: Text
    description: str | None = None
    source: Text
    citations: tuple[Citation, ...] = ()
    rules: tuple[PhrasingRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PhrasingRuleSet:
        check_unique([r.id for r in self.rules], field="rules", what="rule")
        check_unique([c.id for c in self.citations], field="citations", what="citation")
        cited = {c.id for c in self.citations}
        for index, rule in enumerate(self.rules):
            for cite in rule.cites:
                if cite not in cited:
                    raise SchemaError(f"rule {rule.id!r} cites {cite!r}, which is not in citations", loc=(index, "cites"))
        ids = {r.id for r in self.rules}
        for index, rule in enumerate(self.rules):
            for other in rule.quiet_when:
                if other not in ids or other == rule.id:
                    raise SchemaError(f"quiet_when names {other!r}, which is not another rule", loc=(index, "quiet_when"))
            for other in rule.includes:
                if other not in ids or other == rule.id or self.rule(other).includes:
                    raise SchemaError(f"includes names {other!r}, which is not another rule without includes", loc=(index, "includes"))
        return self

    def rule(self, rule_id: str) -> PhrasingRule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)
