"""Loading and validating the question sets in `prompts/` (and an optional override folder).

Every `*.yaml` / `*.yml` file in a folder (not its subfolders) holds one set, chosen by its
`kind`: `phrasing` -> PhrasingRuleSet, `register_categories` -> RegisterCategories, anything
else -> QuestionSet. Loading is all-or-nothing: every problem in every file is collected and
raised together as one `QuestionFileError`, one line per problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, Union

import yaml
from pydantic import ValidationError

from reflect.phrasing import PhrasingGuide
from reflect.questions.schema import (
    QUESTION_SET_KINDS,
    PhrasingRuleSet,
    QuestionSet,
    RegisterCategories,
    SchemaError,
)

AnySet = Union[QuestionSet, PhrasingRuleSet, RegisterCategories]

# Lists whose items carry an id worth naming in a problem instead of "-".
_ID_LISTS = ("questions", "follow_up", "rules", "categories", "biography")
_QUESTION_TYPES = {"free_text", "single_choice", "multiple_choice", "scale", "comfort_grid"}
_KINDS = (*QUESTION_SET_KINDS, "register_categories", "phrasing")
_FRIENDLY = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a field this file can have (check the spelling)",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file. `str()` gives a single line:
    `file: question: field: what is wrong` ("-" where a part does not apply)."""

    file: str
    question: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = (self.file, self.question, self.field, self.message)
        return ": ".join(_one_line(p) for p in parts)


class QuestionFileError(Exception):
    """The prompts could not be loaded; `problems` lists everything wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class SetSummary:
    """A set that passed validation, as `reflect prompts check` reports it."""

    id: str
    version: int
    kind: str
    title: str
    file: str
    for_role: str | None = None

    def __str__(self) -> str:
        role = f", for {ROLE_WORDS[self.for_role]}" if self.for_role else ""
        return _one_line(f"{self.id} v{self.version}: {self.title}{role} ({self.file})")


# How `reflect prompts check` names the practitioners a set is marked for.
ROLE_WORDS = {"peer_worker": "peer support workers", "professional": "other professionals", "student": "students and trainees"}


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from the prompts folders.

    `sets` holds the question sets only (preparation, in_the_moment, after_sharing,
    supervision and any an organisation adds); `files` maps every set id, including the
    phrasing and register ones, to the file it came from.
    """

    sets: dict[str, QuestionSet]
    phrasing: PhrasingRuleSet
    register: RegisterCategories
    files: dict[str, str] = field(default_factory=dict)

    def get(self, set_id: str) -> QuestionSet:
        """The question set with this id.

        Raises KeyError if there is none.
        """
        try:
            return self.sets[set_id]
        except KeyError:
            raise KeyError(f"no question set with id {set_id!r}") from None

    def by_kind(self, kind: str, role: str | None = None) -> list[QuestionSet]:
        """The question sets of one kind, sorted by id (empty if none). With `role`, the sets
        marked for that role come first, then the unmarked ones; sets marked for the other
        role are left out."""
        found = sorted((s for s in self.sets.values() if s.kind == kind), key=lambda s: s.id)
        if role is None:
            return sorted(found, key=lambda s: s.for_role is not None)
        return [s for s in found if s.for_role == role] + [s for s in found if s.for_role is None]


@dataclass(frozen=True)
class _Loaded:
    model: AnySet
    file: str


def load_catalogue(base_dir: Path, override_dir: Path | None = None) -> Catalogue:
    """Load every set in `base_dir`, then in `override_dir`: an override set with the same id
    replaces the base one, a new id adds a set.

    Raises QuestionFileError listing every problem found; nothing is half-loaded.
    """
    base = _read_folder(Path(base_dir))
    loaded, problems, failed = base.loaded, list(base.problems), set(base.failed_kinds)
    if override_dir is not None:
        extra = _read_folder(Path(override_dir))
        loaded = _merge(loaded, extra.loaded)
        problems += extra.problems
        failed |= extra.failed_kinds
    problems += _completeness_problems(loaded.values(), failed)
    if problems:
        raise QuestionFileError(problems)
    return _catalogue(loaded)


def check_folder(path: Path, base_dir: Path | None = None) -> tuple[list[SetSummary], list[Problem]]:
    """Validate every set in `path` without raising.

    With `base_dir`, `path` is checked as an override folder: the merge of base and override
    must also be complete (one phrasing set, one register set). Without it, `path` must be
    complete on its own. Returns the sets in `path` that passed, and all problems.
    """
    path = Path(path)
    folder = _read_folder(path)
    accepted = [
        SetSummary(
            id=l.model.id, version=l.model.version, kind=l.model.kind, title=l.model.title, file=l.file,
            for_role=getattr(l.model, "for_role", None),
        )
        for l in folder.loaded.values()
    ]
    problems, merged, failed = list(folder.problems), folder.loaded, set(folder.failed_kinds)
    if base_dir is not None and Path(base_dir).resolve() != path.resolve():
        base = _read_folder(Path(base_dir))
        problems += base.problems
        merged = _merge(base.loaded, folder.loaded)
        failed |= base.failed_kinds
    problems += _completeness_problems(merged.values(), failed)
    return sorted(accepted, key=lambda s: (s.file, s.id)), problems


def check_command(dir: Path, out: TextIO, *, base_dir: Path | None = None) -> int:
    """`reflect prompts check DIR`: print each accepted set (`id vN: title (file)`) and each
    problem, one per line. Returns 0 when there are no problems, else 1."""
    accepted, problems = check_folder(Path(dir), base_dir=base_dir)
    for summary in accepted:
        out.write(f"{summary}\n")
    for problem in problems:
        out.write(f"{problem}\n")
    return 1 if problems else 0


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Folder:
    loaded: dict[str, _Loaded]
    problems: list[Problem]
    failed_kinds: set[str | None]  # the `kind` of each file that failed (None if unknown)


def _read_folder(folder: Path) -> _Folder:
    """Validated sets by id, and the problems, for every YAML file in `folder`."""
    if not folder.is_dir():
        return _Folder({}, [Problem(str(folder), "-", "-", "folder not found")], set())
    loaded: dict[str, _Loaded] = {}
    problems: list[Problem] = []
    failed_kinds: set[str | None] = set()
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))
    for path in files:
        label = f"{folder.name}/{path.name}"
        model, file_problems, kind = _read_file(path, label)
        problems += file_problems
        if model is None:
            failed_kinds.add(kind)
            continue
        if model.id in loaded:
            first = loaded[model.id].file
            problems.append(Problem(label, "-", "id", f"set id '{model.id}' is already used by {first}"))
            continue
        loaded[model.id] = _Loaded(model=model, file=label)
    return _Folder(loaded, problems, failed_kinds)


def _read_file(path: Path, label: str) -> tuple[AnySet | None, list[Problem], str | None]:
    """The validated set (or None), its problems, and the kind the file claims (or None)."""
    raw, problem = _parse_yaml(path, label)
    if problem is not None:
        return None, [problem], None
    kind = raw.get("kind") if isinstance(raw.get("kind"), str) else None
    if kind is not None and kind not in _KINDS:
        expected = ", ".join(_KINDS)
        return None, [Problem(label, "-", "kind", f"unknown kind {kind!r}: expected one of {expected}")], None
    model_class = _model_class(raw)
    try:
        model = model_class.model_validate(raw)
    except ValidationError as error:
        errors = _without_knock_on_errors(error.errors(include_url=False))
        return None, [_problem_from_error(label, raw, e) for e in errors], kind
    if isinstance(model, PhrasingRuleSet):
        example_problems = _example_problems(model, label)
        if example_problems:
            return None, example_problems, kind
    return model, [], kind


# The safe loader, in C where PyYAML was built with LibYAML (its wheels are): the question files
# are read at every start, and the C loader reads them several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(path: Path, label: str) -> tuple[dict[str, Any], Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return {}, Problem(label, "-", "-", f"cannot read the file: {error}")
    try:
        raw = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        what = error.problem or error.context or "invalid YAML"
        return {}, Problem(label, "-", "-", f"YAML syntax error at {where}: {what}")
    except yaml.YAMLError as error:
        return {}, Problem(label, "-", "-", f"YAML error: {error}")
    if raw is None:
        return {}, Problem(label, "-", "-", "the file is empty")
    if not isinstance(raw, dict):
        found = type(raw).__name__
        return {}, Problem(label, "-", "-", f"the file must be a mapping of key: value pairs, not a {found}")
    return raw, None


def _model_class(raw: dict[str, Any]) -> type[AnySet]:
    kind = raw.get("kind")
    if kind == "phrasing":
        return PhrasingRuleSet
    if kind == "register_categories":
        return RegisterCategories
    return QuestionSet


def _example_problems(rules: PhrasingRuleSet, label: str) -> list[Problem]:
    """Each rule's own examples must behave as they claim (a cheap test of the regexes, so
    the rules are read alone, without the trained second reader)."""
    guide = PhrasingGuide(rules, model=None)
    problems = []
    for index, rule in enumerate(rules.rules):
        for which, should_fire in (("match", True), ("no_match", False)):
            for e_index, example in enumerate(getattr(rule.examples, which)):
                if bool(guide.check_rule(rule.id, example)) == should_fire:
                    continue
                verb = "does not trigger" if should_fire else "triggers"
                field_path = f"rules.{index}.examples.{which}.{e_index}"
                problems.append(Problem(label, rule.id, field_path, f"example {example!r} {verb} this rule"))
    return problems


def _without_knock_on_errors(errors: list[Any]) -> list[Any]:
    """Drop "too short" errors caused only by the list's own items failing.

    Pydantic counts only the items that validated, so one bad question in a one-question
    section also reports the section as empty; the real problem is reported already.
    """
    locs = [tuple(e.get("loc", ())) for e in errors]

    def knock_on(error: Any) -> bool:
        loc = tuple(error.get("loc", ()))
        if error.get("type") != "too_short":
            return False
        return any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)

    return [e for e in errors if not knock_on(e)]


def _friendly_message(error: Any) -> str | None:
    ctx = error.get("ctx") or {}
    kind = error.get("type")
    if kind in _FRIENDLY:
        return _FRIENDLY[kind]
    if kind == "too_short" and "min_length" in ctx:
        return f"needs at least {ctx['min_length']}, found {ctx.get('actual_length', 'fewer')}"
    if kind == "union_tag_invalid":
        return f"unknown type {ctx.get('tag')!r}: expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "type is required but missing"
    return None


def _problem_from_error(label: str, raw: dict[str, Any], error: dict[str, Any]) -> Problem:
    loc = tuple(error.get("loc", ()))
    cause = (error.get("ctx") or {}).get("error")
    message = error.get("msg", "invalid")
    if isinstance(cause, SchemaError):
        loc += cause.loc
        message = str(cause)
    elif _friendly_message(error):
        message = _friendly_message(error)
    elif isinstance(cause, ValueError):
        message = str(cause)
    if error.get("type") in ("union_tag_invalid", "union_tag_not_found"):
        loc += ("type",)
    loc = _drop_union_tags(loc)
    field_path = ".".join(str(part) for part in loc) or "-"
    return Problem(label, _item_id(raw, loc), field_path, message)


def _drop_union_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Pydantic puts the discriminator value in the loc (questions.2.single_choice.options)."""
    kept: list[Any] = []
    for index, part in enumerate(loc):
        after_item = index >= 2 and isinstance(loc[index - 1], int) and loc[index - 2] in ("questions", "follow_up")
        if after_item and part in _QUESTION_TYPES:
            continue
        kept.append(part)
    return tuple(kept)


def _item_id(raw: Any, loc: tuple[Any, ...]) -> str:
    """The id of the innermost question / rule / category the loc passes through, or "-"."""
    found = "-"
    node = raw
    previous: Any = None
    for part in loc:
        node = _step(node, part)
        if node is None:
            break
        if isinstance(part, int) and previous in _ID_LISTS:
            item_id = node.get("id") if isinstance(node, dict) else None
            found = str(item_id) if item_id is not None else f"({previous} item {part + 1}, no id)"
        previous = part
    return found


def _step(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


# --- combining folders -------------------------------------------------------------------


def _merge(base: dict[str, _Loaded], override: dict[str, _Loaded]) -> dict[str, _Loaded]:
    merged = dict(base)
    merged.update(override)
    return merged


def _completeness_problems(loaded: Iterable[_Loaded], failed_kinds: set[str | None]) -> list[Problem]:
    """Exactly one phrasing set and one register set. A missing one is not reported when a
    file that may have been it failed: that file's own problems say what to fix."""
    items = list(loaded)
    problems = []
    singletons = (
        (PhrasingRuleSet, "phrasing", "phrasing rule set"),
        (RegisterCategories, "register_categories", "register categories set"),
    )
    for model_class, kind, what in singletons:
        found = [l for l in items if isinstance(l.model, model_class)]
        if not found and (kind in failed_kinds or None in failed_kinds):
            continue
        if not found:
            problems.append(Problem("-", "-", "kind", f"no {what} found: exactly one is needed"))
        elif len(found) > 1:
            where = ", ".join(f"{l.model.id} ({l.file})" for l in found)
            problems.append(
                Problem(found[1].file, "-", "id", f"more than one {what}: {where}; give an override the same id to replace")
            )
    return problems + _role_problems(items)


def _role_problems(items: list[_Loaded]) -> list[Problem]:
    """A kind whose sets are all marked for one role would leave the other role without one."""
    problems = []
    by_kind: dict[str, list[_Loaded]] = {}
    for l in items:
        if isinstance(l.model, QuestionSet):
            by_kind.setdefault(l.model.kind, []).append(l)
    for kind, sets in sorted(by_kind.items()):
        roles = {l.model.for_role for l in sets}
        if None in roles:
            continue
        for role, words in ROLE_WORDS.items():
            if role not in roles:
                marked = sets[0]
                problems.append(
                    Problem(
                        marked.file, "-", "for_role",
                        f"every {kind} set is marked for one role, so {words} would have none: "
                        "add a set for them or one without for_role",
                    )
                )
    return problems


def _catalogue(loaded: dict[str, _Loaded]) -> Catalogue:
    sets = {i: l.model for i, l in loaded.items() if isinstance(l.model, QuestionSet)}
    phrasing = next(l.model for l in loaded.values() if isinstance(l.model, PhrasingRuleSet))
    register = next(l.model for l in loaded.values() if isinstance(l.model, RegisterCategories))
    files = {i: l.file for i, l in loaded.items()}
    return Catalogue(sets=sets, phrasing=phrasing, register=register, files=files)


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).strip()
