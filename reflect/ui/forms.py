"""Question sets as forms. Each answer is saved to the server as soon as the person moves
on from it, and text is saved after a short pause in typing too, so nothing typed is lost
to a rerun, a refresh or a timed-out session."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

import streamlit as st

from reflect.questions.schema import (
    ComfortGridQuestion,
    FreeTextQuestion,
    MultipleChoiceQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
)
from reflect.phrasing import Suggestion
from reflect.services import journeys
from reflect.services.access import SessionEnded
from reflect.ui import context, places
from reflect.ui.safe import md


def _key(entry_id: int, question_id: str) -> str:
    return f"answer:{entry_id}:{question_id}"


def _error_key(key: str) -> str:
    return f"error:{key}"


Saver = Callable[..., datetime]  # called as saver(entry_id, question_id, value, by); returns when saved


def _save_entry_answer(entry_id: int, question_id: str, value: Any, by: Any) -> datetime:
    return journeys.save_answer(entry_id=entry_id, question_id=question_id, value=value, by=by)


SESSION_ENDED = "Your session has ended, so this answer wasn't saved. What you typed is still here: please sign in again."


def _store(entry_id: int | str, question_id: str, key: str, value: Any, saver: Saver) -> None:
    actor = context.actor()
    if actor is None:  # the session ended; the widget keeps the text, and sign-in comes next
        st.session_state[_error_key(key)] = SESSION_ENDED
        return
    try:
        saved_at = saver(entry_id, question_id, value, actor)
        st.session_state.pop(_error_key(key), None)
        st.session_state[f"saved:{entry_id}"] = saved_at
    except SessionEnded:  # checked by the write itself, at the moment it happens
        st.session_state[_error_key(key)] = SESSION_ENDED
    except journeys.AnswerRejected as exc:
        st.session_state[_error_key(key)] = str(exc)


def _save(entry_id: int | str, question_id: str, key: str, saver: Saver = _save_entry_answer) -> None:
    """Widget callback: store this answer on the server."""
    _store(entry_id, question_id, key, st.session_state.get(key), saver)


# --- Text not yet left ----------------------------------------------------------------------
# A text area reports its value only when the person leaves it. This small component
# watches typing in the page's answer boxes and, after a pause, sends the box's text here
# to be saved like any other answer. It sends nothing anywhere else.
TYPING_PAUSE_MS = 800
TYPING_KEY = "reflect_typing"
_TARGETS_KEY = "reflect_typing_targets"
_TYPING_JS = """
export default function (component) {
  window.__reflectTypingSend = component.setTriggerValue;
  if (!window.__reflectTypingLater) { window.__reflectTypingLater = install(); }
  // Words typed or pasted before this watcher was ready (a busy server, a slow connection,
  // the moment a page changes) raised no event it could answer: the box the person is
  // still in is sent after the same pause.
  window.__reflectTypingLater(document.activeElement, true);
}

function install() {
  const timers = new Map();
  const holderOf = (field) => field instanceof HTMLTextAreaElement ? field.closest("[class*='st-key-answer-']") : null;
  const sent = new Map();  // per box: the last words sent, and through which watcher
  // once: send only words this watcher has not sent already (a watcher may be drawn again).
  const later = (field, once) => {
    const holder = holderOf(field);
    if (!holder) { return; }
    const css = Array.from(holder.classList).find((name) => name.startsWith("st-key-answer-"));
    clearTimeout(timers.get(css));
    timers.set(css, setTimeout(() => {
      timers.delete(css);
      const send = window.__reflectTypingSend;
      const last = sent.get(css);
      if (!send || (once && last && last.send === send && last.value === field.value)) { return; }
      sent.set(css, { send, value: field.value });
      send("typed", { target: css.slice(7), value: field.value });
    }, PAUSE));
  };
  document.addEventListener("input", (event) => later(event.target, false), true);
  return later;
}
""".replace("PAUSE", str(TYPING_PAUSE_MS))
_typing_component = None


def _css_key(key: str) -> str:
    # How Streamlit names a keyed element's class: st-key-<key with other characters as "-">.
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _save_typed(component_key: str) -> None:
    typed = (st.session_state.get(component_key) or {}).get("typed")
    if not isinstance(typed, dict):
        return
    target = (st.session_state.get(_TARGETS_KEY) or {}).get(typed.get("target"))
    value = typed.get("value")
    if target is None or not isinstance(value, str):
        return
    entry_id, question_id, key, saver = target
    _store(entry_id, question_id, key, value, saver)


def save_while_typing(entry_id: int | str) -> None:
    """Mount the typing watcher beside a form's answer boxes."""
    global _typing_component
    if _typing_component is None:
        _typing_component = st.components.v2.component("reflect_typing", js=_TYPING_JS)
    key = f"{TYPING_KEY}:{entry_id}"
    _typing_component(key=key, on_typed_change=partial(_save_typed, key), height=0)


def _watch(entry_id: int | str, question_id: str, key: str, saver: Saver) -> None:
    st.session_state.setdefault(_TARGETS_KEY, {})[_css_key(key)] = (entry_id, question_id, key, saver)


def _seed(key: str, value: Any) -> None:
    # Widgets start from what the server holds: that is how a draft resumes after a refresh.
    if key not in st.session_state:
        st.session_state[key] = value


_SHOWN_KEY = "reflect_boxes_shown"


def _text_box(label: str, key: str, saved: str, question: FreeTextQuestion, on_change: Callable[..., None], args: tuple, saver: Saver) -> None:
    """An answer box that starts from the saved text, unless the browser brings its own.

    A browser brings its own when the replica it was on went away and the proxy moved it to
    another: the page reconnects to a new server session holding, in its boxes, words typed
    after the last save. The box then keeps the browser's words, and saves them, instead of
    putting the older saved text back over them. (Its key alone names the box, so the saved
    text passed as its starting value does not make it a new box when the text changes.)
    """
    first_time = key not in st.session_state.setdefault(_SHOWN_KEY, set())
    st.session_state[_SHOWN_KEY].add(key)
    if key in st.session_state:
        st.text_area(label, key=key, help=question.help, max_chars=question.max_length, on_change=on_change, args=args)
        return
    st.text_area(label, value=saved, key=key, help=question.help, max_chars=question.max_length, on_change=on_change, args=args)
    brought = st.session_state.get(key)
    if first_time and isinstance(brought, str) and brought != saved:
        entry_id, question_id = args[0], args[1]
        _store(entry_id, question_id, key, brought, saver)


def _label(question: Question, required: bool) -> str:
    if required or "(optional)" in question.text:
        return question.text
    return question.text + " (optional)"


def _question(entry: journeys.EntryView, question: Question, answer_id: str, *, compact: bool, saver: Saver = _save_entry_answer) -> None:
    # Names that are fine in this entry's words (a supervision pair's own names in its notes).
    allow_names: tuple[str, ...] = getattr(entry, "allow_names", ())
    key = _key(entry.id, answer_id)
    current = entry.answers.get(answer_id)
    on_change: Callable[..., None] = _save
    args = (entry.id, answer_id, key, saver)
    label = _label(question, question.required)
    if isinstance(question, FreeTextQuestion):
        _watch(entry.id, answer_id, key, saver)
        _text_box(label, key, current or "", question, on_change, args, saver)
        _text_feedback(question, st.session_state.get(key) or "", allow_names, audience=_audience(entry))
    elif isinstance(question, SingleChoiceQuestion):
        _seed(key, current)
        labels = {o.id: o.label for o in question.options}
        if compact:
            st.pills(label, list(labels), format_func=labels.get, key=key, help=question.help, on_change=on_change, args=args)
        else:
            st.radio(label, list(labels), format_func=labels.get, index=None, key=key, help=question.help, on_change=on_change, args=args)
    elif isinstance(question, MultipleChoiceQuestion):
        _seed(key, current or [])
        labels = {o.id: o.label for o in question.options}
        st.pills(label, list(labels), format_func=labels.get, selection_mode="multi", key=key, help=question.help, on_change=on_change, args=args)
    elif isinstance(question, ScaleQuestion):
        _seed(key, current)
        points = list(range(question.min, question.max + 1))
        ends = {question.min: f"{question.min}: {question.min_label}", question.max: f"{question.max}: {question.max_label}"}
        st.radio(label, points, format_func=lambda p: ends.get(p, str(p)), index=None, horizontal=True, key=key, help=question.help, on_change=on_change, args=args)
    elif isinstance(question, ComfortGridQuestion):
        _grid(entry, question, key, saver)
    error = st.session_state.get(_error_key(key))
    if error:
        st.error(error)


# Findings for words already checked in this browser tab, so a rerun that leaves a box as it
# was does not analyse the same words again. Kept in the tab's own session state (never shared
# between people), keyed by a digest of the words, and only the most recent few.
_CHECKED_KEY = "_checked_words"
_CHECKED_KEPT = 64


def _checked(kind: str, text: str, allow_names: tuple[str, ...], check: Callable[[], list[Suggestion]]) -> list[Suggestion]:
    kept: dict = st.session_state.setdefault(_CHECKED_KEY, {})
    key = (kind, hashlib.sha256(text.encode()).hexdigest(), allow_names)
    if key not in kept:
        while len(kept) >= _CHECKED_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = check()
    return kept[key]


def identifying(text: str, *, allow_names: tuple[str, ...] = ()) -> list[Suggestion]:
    """Details in `text` that could identify someone (the guard), checked once per tab."""
    return _checked("identifying", text, allow_names, lambda: journeys.identifying(text, allow_names=allow_names))


def suggestions(text: str, *, audience: str | None = None) -> list[Suggestion]:
    """The phrasing guide's suggestions for `text` (written for `audience`, an option id of the
    set's audience question, where the page knows it), checked once per tab."""
    return _checked(f"phrasing:{audience or ''}", text, (), lambda: journeys.suggest(text, audience=audience))


# The phrasing rule that notices a writer saying they are not coping now: the places to turn follow.
NOT_COPING_RULE = "writer_not_coping"


def _audience(entry: Any) -> str | None:
    """Who the words are for, where the entry has already said (the quick check's first question)."""
    questions = getattr(entry, "questions", None)
    question = questions.tagged("audience") if questions is not None else None
    value = entry.answers.get(question.id) if question is not None else None
    return value if isinstance(value, str) else None


def _text_feedback(question: FreeTextQuestion, text: str, allow_names: tuple[str, ...] = (), *, audience: str | None = None) -> None:
    if not text:
        return
    if question.identifying_check:
        actor = context.actor()
        allowed = allow_names + (journeys.own_first_name(actor) if actor else ())
        for hit in identifying(text, allow_names=allowed):
            st.warning(
                f"This looks like it could identify someone: **{md(hit.matched_text)}**. "
                "Please describe people by their role only, and leave out names, numbers and addresses.",
                icon=":material/visibility_off:",
            )
    if question.phrasing:
        hits = suggestions(text, audience=audience)
        if not question.identifying_check:
            show_identifying([h for h in hits if h.identifying])
        for hit in hits:
            if hit.identifying:
                continue
            st.info(f"**{md(hit.title)}.** {md(hit.explanation)}  \nYou might try: *{md(hit.suggestion)}*", icon=":material/lightbulb:")
        actor = context.actor()
        if actor is not None and any(hit.rule_id == NOT_COPING_RULE for hit in hits):
            places.show(actor, moment="not_coping")


def warn_identifying(text: str, *, allow_names: tuple[str, ...] = ()) -> None:
    """Warn, and explain, when `text` seems to hold a detail that could identify someone.
    Used where words are kept but may be seen by others (drafts, profile, biography, talents)."""
    if text and text.strip():
        show_identifying(identifying(text, allow_names=allow_names))


def show_identifying(hits: list[Suggestion]) -> None:
    for hit in hits:
        st.warning(
            f"**{md(hit.title)}:** {md(hit.matched_text)}. {md(hit.explanation)}  \n{md(hit.suggestion)}",
            icon=":material/visibility_off:",
        )


def _cell_key(key: str, row_id: str, column_id: str) -> str:
    return f"{key}:{row_id}:{column_id}"


def _grid_value(question: ComfortGridQuestion, key: str) -> dict[str, dict[str, str]]:
    grid: dict[str, dict[str, str]] = {}
    for row in question.rows:
        cells = {col.id: level for col in question.columns if (level := st.session_state.get(_cell_key(key, row.id, col.id)))}
        if cells:
            grid[row.id] = cells
    return grid


def _save_grid(entry_id: int, question: ComfortGridQuestion, key: str, saver: Saver) -> None:
    """Widget callback: one choice changed, so store the whole grid as the widgets hold it."""
    _store(entry_id, question.id, key, _grid_value(question, key), saver)


def _grid(entry: journeys.EntryView, question: ComfortGridQuestion, key: str, saver: Saver = _save_entry_answer) -> None:
    """One block per experience with one choice per audience: rows, columns and levels all
    come from the question set, and each block fits a phone's width."""
    levels = {lv.id: lv.label for lv in question.levels}
    current: dict[str, dict[str, str]] = entry.answers.get(question.id) or {}
    st.markdown(f"**{md(question.text)}**")
    if question.help:
        st.caption(question.help)
    nothing = question.levels[-1].id
    for row in question.rows:
        with st.container(border=True, key=f"experience-{entry.id}-{row.id}"):
            st.markdown(f"**{md(row.label)}**")
            if row.help:
                st.caption(row.help)
            for col in question.columns:
                cell = _cell_key(key, row.id, col.id)
                _seed(cell, current.get(row.id, {}).get(col.id))
                st.segmented_control(
                    col.label, list(levels), format_func=levels.get, key=cell, width="stretch",
                    on_change=_save_grid, args=(entry.id, question, key, saver),
                )
            chosen = [st.session_state.get(_cell_key(key, row.id, col.id)) for col in question.columns]
            if any(level not in (None, nothing) for level in chosen) and question.follow_up:
                with st.expander(f"How you'd share: {row.label}"):
                    for follow in question.follow_up:
                        _question(entry, follow, f"{row.id}.{follow.id}", compact=False, saver=saver)


def render(entry: journeys.EntryView, *, compact: bool = False, saver: Saver = _save_entry_answer, heading: Callable[[str], Any] = st.subheader) -> None:
    """The entry's questions, section by section, each answer saved as it changes. `entry`
    may be anything with an id, questions and answers, saved through `saver`."""
    save_while_typing(entry.id)
    # A journey entry asks only what its situation calls for (`show_when`, the short path).
    shown = entry.shown if isinstance(entry, journeys.EntryView) else entry.questions
    for section in shown.sections:
        heading(section.title)
        if section.help:
            st.caption(section.help)
        for question in section.questions:
            _question(entry, question, question.id, compact=compact, saver=saver)


# Shown above a form that reruns on its own (a fragment) once the session has ended: the form
# stays as the person left it, and nothing more is read from the server or saved to it.
FORM_SESSION_ENDED = (
    "Your session has ended, so nothing more is saved from this page. What you typed is still here: "
    "you can copy anything you want to keep, then sign in again."
)

Form = TypeVar("Form")


def on_screen(form: Form) -> Form:
    """`form` (anything with an id, questions and answers) with only the answers its widgets
    hold in this browser tab: what the person typed or chose, read from nowhere but the page."""
    answers: dict[str, Any] = {}
    for question in form.questions.questions():
        key = _key(form.id, question.id)
        if isinstance(question, ComfortGridQuestion):
            answers[question.id] = _grid_value(question, key)
            for row in question.rows:
                for follow in question.follow_up:
                    answer_id = f"{row.id}.{follow.id}"
                    answers[answer_id] = st.session_state.get(_key(form.id, answer_id))
        else:
            answers[question.id] = st.session_state.get(key)
    return dataclasses.replace(form, answers={k: v for k, v in answers.items() if v not in (None, "", [], {})})


def live(read: Callable[[], Form], shown: Form, *, as_on_screen: Callable[[Form], Form] = on_screen) -> Form:
    """What `read` reads for a form that reruns on its own (a fragment), whose rerun skips the
    session check at the top of the page. Once the session has ended the read is refused, so
    the form is drawn again from `shown` (what this page already holds) with only the answers
    on screen, under a notice: what the person typed stays, and nothing more is read."""
    try:
        return read()
    except SessionEnded:
        st.info(FORM_SESSION_ENDED, icon=":material/lock:")
        return as_on_screen(shown)


def saved_note(entry: journeys.EntryView) -> None:
    saved = st.session_state.get(f"saved:{entry.id}") or entry.updated_at
    st.caption(f"Saved as you go · last saved {saved.astimezone().strftime('%d %b %Y at %H:%M')}", help="Every answer is saved on the server as soon as you move on from it.")


def show_answers(entry: journeys.EntryView) -> None:
    """An entry's answers read back as plain text, with its own version of the questions."""
    show_lines(journeys.answer_lines(entry.questions, entry.answers))


def show_lines(sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """(section title, [(question, answer)]) read back as plain text."""
    # One block for them all: each element costs a message to the browser and work on the
    # server on every rerun, and paragraphs of one block are spaced as separate blocks are.
    blocks = [part for title, lines in sections for part in (f"**{md(title)}**", *(f"*{md(question)}*  \n{md(answer)}" for question, answer in lines))]
    if blocks:
        st.markdown("\n\n".join(blocks))
