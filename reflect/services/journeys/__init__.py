"""Reflection journeys: my profile, quick checks and after-sharing reflections.

Every answer is saved as the person moves on from it, encrypted with their own key, so a
rerun, a refresh or a timed-out session loses nothing. Entries are readable by their
author alone; someone else asking for one is told it does not exist.

The package's parts: `sets` (question-set storage), `views` (what an entry shows, and the
refusals), `entries` (writing an entry), `episodes`, `listing` (my reflections and the chart)
`notes` (learning notes for the team) and `forget` (erasure's step). Answer checking and reading answers back as text
live in `reflect.questions.answers`. Callers use the names below: `journeys.start(...)`.
"""

from reflect.questions.answers import AnswerRejected, Answers, answer_lines, check_answer, readable
from reflect.services.access import AccessDenied
from reflect.services.journeys.entries import (
    CARRIED_TAGS,
    complete,
    discard,
    get,
    history,
    identifying,
    identifying_details,
    latest_draft,
    own_first_name,
    profile,
    profile_said,
    save_answer,
    start,
    suggest,
    with_answer,
)
from reflect.services.journeys.episodes import link, story, without_reflection
from reflect.services.journeys.forget import forget_person
from reflect.services.journeys.listing import (
    SEARCH_LIMIT,
    Filters,
    TimelinePoint,
    list_mine,
    own_entries_query,
    timeline,
    timeline_version,
)
from reflect.services.journeys.notes import NoteView, my_teams, offer_learning_note, team_notes, withdraw_learning_note
from reflect.services.journeys.sets import current_set, parsed_set, remember_set, stored_set
from reflect.services.journeys.views import (
    PROFILE_ITEM,
    PROFILE_LEVELS,
    EntryView,
    NotFound,
    NotReady,
    Revision,
    open_answers,
    own_entry,
    own_episode,
    practice_of,
    practice_role,
    view_of,
    views_of,
)

__all__ = [
    "forget_person",
    "CARRIED_TAGS",
    "PROFILE_ITEM",
    "PROFILE_LEVELS",
    "SEARCH_LIMIT",
    "AccessDenied",
    "AnswerRejected",
    "Answers",
    "EntryView",
    "Filters",
    "NoteView",
    "NotFound",
    "NotReady",
    "Revision",
    "TimelinePoint",
    "answer_lines",
    "check_answer",
    "complete",
    "current_set",
    "discard",
    "get",
    "history",
    "identifying",
    "identifying_details",
    "latest_draft",
    "link",
    "list_mine",
    "my_teams",
    "offer_learning_note",
    "open_answers",
    "own_entries_query",
    "own_entry",
    "own_episode",
    "parsed_set",
    "practice_of",
    "practice_role",
    "profile",
    "profile_said",
    "readable",
    "remember_set",
    "save_answer",
    "start",
    "stored_set",
    "story",
    "suggest",
    "team_notes",
    "timeline",
    "timeline_version",
    "view_of",
    "views_of",
    "with_answer",
    "without_reflection",
]
