"""Supervision: sharing chosen items with a supervisor, the pair's session records, agreed
actions, and the supervision summary PDF.

Nothing is shared by default. A supervisee shares one reflection, quick check, episode or
profile experience at a time with the supervisor of one of their pairs, and can withdraw it
at once. The supervisor's list names items without opening them; opening one is audited and
the supervisee sees who opened what. A supervisor sees a pair's items and records only while
the pair is active; nobody outside the pair (team lead, admin) has any route in. Anything
not permitted looks exactly like something that does not exist.

One module per concern, all of it re-exported here, so callers keep `supervision.share(...)`:

- `PairView`, `my_supervisors`, `my_supervisees`, `pair` and the pair check the others start
  from (`require`) are in services/pairs.py; `pairs` here is `forget_person`, for erasure.
- `sharing`: naming items without opening them; `shareable`, `share`, `withdraw`,
  `my_shares`, `shared_episode_with`, `openings`, `can_receive` (the supervisee's side) and
  `shared_with_me`, `open_shared` (the supervisor's side), with the episode snapshots.
- `sessions`: the prompts and session options, `record_meeting`, `update_meeting`,
  `save_notes`, `respond`, `meetings`, `meeting`, `my_notes`.
- `agreed_actions`: `add_action`, `set_action_done`, `actions`.
- `summary`: `summary_pdf`, drawn by `report` (reflect.reports.supervision_summary).
- `note_choices`: who sees each note ("just me" or both of us) and whether it goes in the PDF
  (`set_choice`), and the supervisee's switch for the personal prompts in line management
  (`set_personal_prompts`); the kinds of supervision are in services/supervision_kinds.py.
- `goals`: development goals, carried from session to session (`add_goal`, `review_goal`,
  `close_goal`, `my_goals`).
"""

from reflect.reports import supervision_summary as report
from reflect.services.access import AccessDenied
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.pairs import PairView, my_supervisees, my_supervisors, pair
from reflect.services.supervision import goals, note_choices
from reflect.services.supervision.goals import GoalView, add_goal, close_goal, my_goals, review_goal
from reflect.services.supervision.note_choices import set_choice, set_personal_prompts
from reflect.services.supervision.agreed_actions import ACTION_LIMIT, ActionView, actions, add_action, set_action_done
from reflect.services.supervision.pairs import forget_person
from reflect.services.supervision.sessions import (
    COMMENT_LIMIT,
    NOTES_READ,
    SESSION_TAGS,
    MeetingView,
    NotesView,
    function_options,
    meeting,
    meetings,
    my_notes,
    notes_questions,
    prompts,
    record_meeting,
    respond,
    save_notes,
    session_options,
    update_meeting,
)
from reflect.services.supervision.sharing import (
    ITEM_OPENED,
    Opening,
    Shareable,
    SharedContent,
    SharedSummary,
    can_receive,
    my_shares,
    open_shared,
    openings,
    share,
    shareable,
    shared_episode_with,
    shared_with_me,
    withdraw,
)
from reflect.services.supervision.summary import SUMMARY_MEETING_LIMIT, summary_pdf

__all__ = [
    "ACTION_LIMIT", "COMMENT_LIMIT", "ITEM_OPENED", "NOTES_READ", "SESSION_TAGS", "SUMMARY_MEETING_LIMIT",
    "AccessDenied", "ActionView", "GoalView", "add_goal", "close_goal", "goals", "my_goals", "note_choices",
    "review_goal", "set_choice", "set_personal_prompts", "AnswerRejected", "MeetingView", "NotFound", "NotesView", "Opening", "PairView",
    "Shareable", "SharedContent", "SharedSummary",
    "actions", "add_action", "can_receive", "forget_person", "function_options", "meeting", "meetings", "my_notes", "my_shares",
    "my_supervisees", "my_supervisors", "notes_questions", "open_shared", "openings", "pair", "prompts", "record_meeting",
    "report", "respond", "save_notes", "session_options", "set_action_done", "share", "shareable", "shared_episode_with",
    "shared_with_me", "summary_pdf", "update_meeting", "withdraw",
]
