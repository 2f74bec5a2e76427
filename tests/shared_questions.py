"""One loaded copy of the question files for every runtime start in a test process."""

from __future__ import annotations

from pathlib import Path

from reflect import config, runtime


def _folder_contents(folder: Path | None) -> tuple:
    """Every file in a question folder, by name and content (a missing folder counts too)."""
    if folder is None:
        return (None,)
    folder = Path(folder)
    if not folder.is_dir():
        return (str(folder), "missing")
    return (str(folder), *((p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()))


def share_question_catalogue() -> None:
    """Let every start in a test process share one loaded copy of the same question files, as
    the server keeps one for its whole life.

    Loading checks every phrasing rule's examples with the language pipeline (a second and a
    half), and tests start the runtime hundreds of times. The copy is reused only while every
    file in the shipped and the override folder reads the same, byte for byte, so a test that
    writes its own (or a broken) question file is loaded and checked as on any start; a load
    that fails is never kept. The catalogue and the phrasing guide are frozen: nothing a test
    does can change the shared copy. Loader tests call `load_catalogue` itself, unshared."""
    from reflect.phrasing import PhrasingGuide

    if getattr(runtime.load_questions, "shared", False):
        return  # shared already in this process
    real_load = runtime.load_questions
    catalogues: dict[tuple, object] = {}
    guides: dict[int, tuple[object, PhrasingGuide]] = {}

    def load_questions(settings: config.Settings):
        key = (_folder_contents(config.SHIPPED_PROMPTS_DIR), _folder_contents(settings.prompts_override_dir))
        if key not in catalogues:
            catalogues[key] = real_load(settings)
        return catalogues[key]

    def phrasing_guide(rules, *args, **kwargs) -> PhrasingGuide:
        if args or kwargs:
            return PhrasingGuide(rules, *args, **kwargs)
        if id(rules) not in guides:
            guides[id(rules)] = (rules, PhrasingGuide(rules))  # the rules kept, so their id is not reused
        return guides[id(rules)][1]

    # A loader test writes its own question files, most often beside an unchanged copy of the
    # phrasing rules: their examples are checked with the language pipeline once per process
    # for each set of rules (and file name), as the loader would find the same each time.
    from reflect.questions import loader

    real_examples = loader._example_problems
    example_problems: dict[tuple[str, str], list] = {}

    def check_examples(rules, label: str) -> list:
        key = (rules.model_dump_json(), label)
        if key not in example_problems:
            example_problems[key] = real_examples(rules, label)
        return list(example_problems[key])

    loader._example_problems = check_examples
    load_questions.shared = True
    runtime.load_questions = load_questions
    runtime.PhrasingGuide = phrasing_guide


class _Shipped:
    prompts_override_dir = None


def load_shipped() -> None:
    """Load the shipped question files and their phrasing guide into the shared copy now (in
    a process that others are forked from, so each of them starts without loading them)."""
    share_question_catalogue()
    runtime.PhrasingGuide(runtime.load_questions(_Shipped()).phrasing)
