"""Nobody reads what they may not, whatever happens: generated organisations (pairs, episodes,
links, shares, withdrawals, session records, pair endings, erasures, register entries and
consent withdrawals, learning notes, biographies), then every service read function called
by every person with every id in the world, on SQLite and on PostgreSQL.

Each free text is a marker naming its author and field (tests/leak_world.py), so a failure
names whose words reached whom and through which function.

To cover a new read function, add it to READS with how to call it; the completeness test
below fails until every public function in reflect/services is listed as a read, a write,
or a helper that takes no acting person.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import reflect.services
from reflect import runtime
from reflect.models import Stage
from reflect.services import (
    audit, auth, biographies, cpd_profile, errors, journeys, my_data, pairs, persons, places_to_turn, practice_roles, register, revalidation,
    revalidation_discussion, revalidation_tracker, supervision, supervision_kinds, team_records, teams, waiting, wellness_plan,
)
from tests import leak_world
from tests.conftest import _empty_postgres, settings_for
from tests.leak_world import Model

# 260 generated organisations through every read function: more of them on SQLite, where each
# costs a third as much, and enough on PostgreSQL to reach its every query (the fixed script
# below reaches every kind of sharing on both). For a deeper run, raise them:
# REFLECT_LEAK_EXAMPLES_SQLITE=2000 REFLECT_LEAK_EXAMPLES_POSTGRESQL=500 make test
EXAMPLES = {
    "sqlite": int(os.environ.get("REFLECT_LEAK_EXAMPLES_SQLITE", "200")),
    "postgresql": int(os.environ.get("REFLECT_LEAK_EXAMPLES_POSTGRESQL", "60")),
}

Call = Callable[[Model, object], Iterable[object]]


def _ids(world: Model, kind: str) -> list[int]:
    if kind == "entry":
        return [e.id for e in world.entries]
    if kind == "episode":
        return sorted({e for e in world.entry_episodes().values() if e})
    if kind == "share":
        return [s.id for s in world.shares]
    if kind == "pair":
        return [p.id for p in world.pairs]
    if kind == "meeting":
        return [m for m, _ in world.meetings]
    if kind == "team":
        return list(world.teams.values())
    if kind == "person":
        return [a.person_id for a in world.actors]
    if kind == "account":
        return list(world.accounts)
    if kind == "discussion":
        return [d for d, _ in world.discussions]
    if kind == "note":
        return [n[0] for n in world.notes]
    raise AssertionError(kind)


@dataclass(frozen=True)
class Each:
    """Call a read once for every id of a kind in the world, everybody's ids included; a
    refusal of one id does not hide what the others return."""

    kind: str
    call: Callable[[object, int], object]

    def __call__(self, world: Model, by) -> list[object]:
        out = []
        for i in _ids(world, self.kind):
            try:
                out.append(self.call(by, i))
            except EXPECTED_REFUSALS:
                pass
        return out


@dataclass(frozen=True)
class Once:
    call: Callable[[object], object]

    def __call__(self, world: Model, by) -> list[object]:
        try:
            return [self.call(by)]
        except EXPECTED_REFUSALS:
            return []


def each(kind: str, call: Callable[[object, int], object]) -> Call:
    return Each(kind, call)


def once(call: Callable[[object], object]) -> Call:
    return Once(call)


def _all_markers(world: Model) -> str:
    return " ".join(world.marked)


TODAY = date.today()
YEAR_AGO = TODAY - timedelta(days=365)

# Every public read function in reflect/services, and how to call it as a given person.
READS: dict[str, Call] = {
    "persons.show": each("person", lambda by, person: persons.show(person_id=person, by=by)),
    "audit.about_me": once(lambda by: audit.about_me(by=by)),
    "audit.actions": once(lambda by: audit.actions(by=by)),
    "audit.search": once(lambda by: audit.search(by=by, per_page=500)),
    "audit.count": once(lambda by: audit.count(by=by)),
    "audit.export_rows": once(lambda by: audit.export_rows(by=by)),
    "auth.my_sessions": once(lambda by: auth.my_sessions(by=by)),
    "biographies.mine": once(lambda by: biographies.mine(by=by)),
    "biographies.my_photo": once(lambda by: biographies.my_photo(by=by)),
    "biographies.leaflet_pdf": each("team", lambda by, team: biographies.leaflet_pdf(by=by, team_id=team)),
    "journeys.get": each("entry", lambda by, entry: journeys.get(entry_id=entry, by=by)),
    "journeys.latest_draft": once(lambda by: [journeys.latest_draft(stage=s, by=by) for s in (Stage.IN_THE_MOMENT, Stage.AFTER_SHARING)]),
    "journeys.profile": once(lambda by: journeys.profile(by=by)),
    "journeys.history": each("entry", lambda by, entry: journeys.history(entry_id=entry, by=by)),
    "journeys.story": each("episode", lambda by, episode: journeys.story(episode_id=episode, by=by)),
    "journeys.list_mine": once(lambda by: journeys.list_mine(by=by, per_page=100)),
    "journeys.timeline": once(lambda by: journeys.timeline(by=by)),
    "journeys.team_notes": each("team", lambda by, team: journeys.team_notes(team_id=team, by=by)),
    "journeys.my_teams": once(lambda by: journeys.my_teams(by=by)),
    "journeys.timeline_version": once(lambda by: journeys.timeline_version(by=by, since=YEAR_AGO)),
    "my_data.export": once(lambda by: my_data.export(by=by)),
    "pairs.list_pairs": once(lambda by: pairs.list_pairs(by=by, per_page=500)),
    "persons.list_people": once(lambda by: persons.list_people(by=by)),
    "register.my_teams": once(lambda by: register.my_teams(by=by)),
    "register.my_entries": once(lambda by: register.my_entries(by=by)),
    "register.search": once(lambda by: register.search(by=by, per_page=100)),
    "register.languages": once(lambda by: register.languages(by=by)),
    "register.export_table": once(lambda by: register.export_table(by=by)),
    "register.export_chunks": once(lambda by: list(register.export_chunks(by=by))),
    "register.export_count": once(lambda by: register.export_count(by=by)),
    "register.coverage": each("team", lambda by, team: register.coverage(by=by, team_id=team)),
    "register.contributors": each("team", lambda by, team: register.contributors(by=by, team_id=team)),
    "pairs.my_supervisors": once(lambda by: supervision.my_supervisors(by=by)),
    "pairs.my_supervisees": once(lambda by: supervision.my_supervisees(by=by)),
    "pairs.pair": each("pair", lambda by, pair: supervision.pair(pair_id=pair, by=by)),
    "supervision.shareable": each("pair", lambda by, pair: supervision.shareable(pair_id=pair, by=by)),
    "supervision.shared_episode_with": lambda world, by: Once(lambda by: supervision.shared_episode_with(entry_ids=_ids(world, "entry"), by=by))(world, by),
    "supervision.my_shares": each("pair", lambda by, pair: supervision.my_shares(pair_id=pair, by=by)),
    "supervision.can_receive": each("pair", lambda by, pair: supervision.can_receive(pair_id=pair, by=by)),
    "supervision.openings": once(lambda by: supervision.openings(by=by)),
    "supervision.shared_with_me": each("pair", lambda by, pair: supervision.shared_with_me(pair_id=pair, by=by, per_page=100)),
    "supervision.open_shared": each("share", lambda by, item: supervision.open_shared(shared_item_id=item, by=by)),
    "supervision.meetings": each("pair", lambda by, pair: supervision.meetings(pair_id=pair, by=by, per_page=100)),
    "supervision.meeting": each("meeting", lambda by, meeting: supervision.meeting(meeting_id=meeting, by=by)),
    "supervision.actions": each("pair", lambda by, pair: supervision.actions(pair_id=pair, by=by, include_done=True)),
    "supervision.summary_pdf": each("pair", lambda by, pair: supervision.summary_pdf(pair_id=pair, since=YEAR_AGO, until=TODAY, by=by)),
    "practice_roles.mine": once(lambda by: practice_roles.mine(by=by)),
    "places_to_turn.shown": once(lambda by: places_to_turn.shown(by=by)),
    "team_records.members": each("team", lambda by, team: team_records.members(by=by, team_id=team)),
    "team_records.records": each("team", lambda by, team: [team_records.records(by=by, team_id=team, kind=k) for k in team_records.KINDS]),
    "teams.list_teams": once(lambda by: teams.list_teams(by=by, per_page=500)),
    "waiting.for_person": once(lambda by: waiting.for_person(by=by)),
    "supervision.my_goals": each("pair", lambda by, pair: supervision.my_goals(pair_id=pair, by=by, include_closed=True)),
    "wellness_plan.versions": once(lambda by: wellness_plan.versions(by=by)),
    "wellness_plan.my_shares": once(lambda by: wellness_plan.my_shares(by=by)),
    "wellness_plan.shared_with_me": each("pair", lambda by, pair: wellness_plan.shared_with_me(pair_id=pair, by=by)),
    "revalidation.sources": once(lambda by: revalidation.sources(by=by)),
    "revalidation.accounts": once(lambda by: revalidation.accounts(by=by)),
    "revalidation.account": each("account", lambda by, account: revalidation.account(account_id=account, by=by)),
    "revalidation.account_pdf": each("account", lambda by, account: revalidation.account_pdf(account_id=account, by=by)),
    "revalidation.account_docx": each("account", lambda by, account: revalidation.account_docx(account_id=account, by=by)),
    "revalidation_discussion.partners": once(lambda by: revalidation_discussion.partners(by=by)),
    "revalidation_discussion.discussions": once(lambda by: revalidation_discussion.discussions(by=by)),
    "revalidation_discussion.to_confirm": once(lambda by: revalidation_discussion.to_confirm(by=by)),
    "revalidation_discussion.discussion_pdf": each("discussion", lambda by, d: revalidation_discussion.discussion_pdf(discussion_id=d, by=by)),
    "revalidation_discussion.discussion_docx": each("discussion", lambda by, d: revalidation_discussion.discussion_docx(discussion_id=d, by=by)),
    "revalidation_tracker.plan": once(lambda by: revalidation_tracker.plan(by=by)),
    "revalidation_tracker.records": once(lambda by: revalidation_tracker.records(by=by)),
    "revalidation_tracker.tracker": once(lambda by: revalidation_tracker.tracker(by=by)),
    "revalidation_tracker.due_soon": once(lambda by: revalidation_tracker.due_soon(by=by)),
    "revalidation_tracker.cpd_gaps": once(lambda by: revalidation_tracker.cpd_gaps(by=by)),
    "revalidation_tracker.cpd_log_csv": once(lambda by: revalidation_tracker.cpd_log_csv(by=by)),
    "cpd_profile.mine": once(lambda by: cpd_profile.mine(by=by)),
    "cpd_profile.profile_pdf": once(lambda by: cpd_profile.profile_pdf(by=by)),
    "cpd_profile.profile_docx": once(lambda by: cpd_profile.profile_docx(by=by)),
}
# A reflective account's prefill, from every reflection, session and learning note in the world.
READS["revalidation.draft_from"] = lambda world, by: (
    Each("entry", lambda by, i: revalidation.draft_from(source="reflection", source_id=i, by=by))(world, by)
    + Each("meeting", lambda by, i: revalidation.draft_from(source="supervision", source_id=i, by=by))(world, by)
    + Each("note", lambda by, i: revalidation.draft_from(source="learning_note", source_id=i, by=by))(world, by)
)
# Reads that take the words to look for: given every marker in the world.
READS["register.match"] = lambda world, by: Once(
    lambda by: register.match(by=by, interests=_all_markers(world), willing_to="support_colleagues", limit=100)
)(world, by)
# Reads that take the person's own entries: given every entry in the world.
READS["journeys.without_reflection"] = lambda world, by: Once(lambda by: journeys.without_reflection(entry_ids=_ids(world, "entry"), by=by))(world, by)

# Reads whose whole content is another read's, checked through it (each costs as much again):
# export_json is export's dict as JSON, and export_pdf draws the same collection as a PDF. The
# fixed script below checks that both hold the person's own words.
SAME_AS = {"my_data.export_json": "my_data.export", "my_data.export_pdf": "my_data.export"}

# Public functions that change things (each is a step of the generator or belongs to sign-in,
# set-up or operations), and helpers that read nobody's content or take no acting person.
WRITES = {
    "persons.deactivate", "persons.erase", "persons.reactivate", "persons.reset_password", "persons.unlock", "persons.update",
    "auth.sign_in", "auth.sign_in_with_identity", "auth.resume", "auth.sign_out", "auth.sign_out_everywhere", "auth.change_password",
    "auth.end_all_sessions_of", "auth.end_my_session", "auth.end_sessions_of", "auth.end_token",
    "audit.record", "audit.record_read", "audit.record_reads_once", "audit.rejoin_journal",
    "backup.backup", "backup.restore", "decisions.reapply", "auth.record_password_set",
    "biographies.save_draft", "biographies.approve", "biographies.withdraw", "biographies.set_photo", "biographies.remove_photo",
    "demo.load", "demo.load_places", "demo.load_register", "demo.load_journeys", "demo.load_supervision", "demo.load_roles_and_team_review",
    "installation.import_legacy_erasures", "installation.open_server_key",
    "installation.move_keys_to_keystore", "installation.prune_keystore",
    "my_data.erase_me", "pairs.change", "pairs.end", "practice_roles.set_mine", "scale.build", "places_to_turn.save", "places_to_turn.remove",
    "team_records.record", "team_records.mark_done", "teams.archive", "teams.rename",
    "journeys.start", "journeys.save_answer", "journeys.complete", "journeys.discard", "journeys.link",
    "journeys.offer_learning_note", "journeys.withdraw_learning_note", "journeys.remember_set",
    "organisations.create", "teams.add", "persons.add", "pairs.add", "erasure.erase", "erasure.apply",
    "register.add_entry", "register.update_entry", "register.publish_entry", "register.delete_entry", "register.forget_person", "journeys.forget_person",
    "register.record_contributor", "register.withdraw_consent", "register.import_csv", "register.load_synthetic",
    # Snapshots sealed for a supervisor, and deleted, and key pairs made, as steps of sharing,
    # withdrawing, a restore, erasure, a pair's end and a sign-in (their callers check access).
    "shared_copies.give_key_pair", "shared_copies.settle", "shared_copies.seal_entries", "shared_copies.seal_profile",
    "shared_copies.seal_plan", "shared_copies.seal_live_shares", "shared_copies.forget_items", "shared_copies.forget_plan_shares",
    "shared_copies.forget_pair", "shared_copies.forget_ended_pairs", "shared_copies.forget_person", "own_keys.settle",
    "supervision.share", "supervision.withdraw", "supervision.record_meeting", "supervision.update_meeting", "supervision.save_notes",
    "supervision.respond", "supervision.add_action", "supervision.set_action_done", "supervision.forget_person",
    "supervision.set_choice", "supervision.set_personal_prompts", "supervision.add_goal", "supervision.review_goal", "supervision.close_goal",
    "supervision.keep_to_writer",
    "wellness_plan.save", "wellness_plan.mark_reviewed", "wellness_plan.share", "wellness_plan.withdraw", "wellness_plan.forget_person",
    "revalidation.save_account", "revalidation.delete_account", "revalidation_discussion.save_discussion", "revalidation_discussion.confirm_discussion",
    "revalidation.forget_person", "revalidation_tracker.set_plan", "revalidation_tracker.add_record", "revalidation_tracker.remove_record",
    "cpd_profile.save",
    # The person's own key: a recovery code issued and confirmed, the key opened with a recovery
    # code or a passphrase, a passphrase chosen, their earlier private text moved under it. Each
    # is for the acting person alone and returns no one's content (a recovery code is theirs).
    "own_keys.issue_recovery_code", "own_keys.confirm_recovery_saved", "own_keys.recover", "own_keys.unlock_with_passphrase",
    "own_keys.choose_passphrase", "own_keys.move_private_text", "own_keys.unlock_after_sign_in",
    "own_keys.start_afresh",
    # Passkeys: a ceremony's challenge kept for the acting person's own session, a passkey added
    # (the own key wrapped once more), the own key opened with one, one removed. Each is for
    # the acting person alone and returns no one's content.
    "passkeys.begin_adding", "passkeys.register", "passkeys.finish_adding", "passkeys.begin_unlock", "passkeys.unlock",
    "passkeys.remove",
}
HELPERS = {
    # Own keys inside the caller's unit of work (sign-in, a password change or reset, erasure,
    # the demo, tests): wraps made, opened and dropped, a salt and settings found, a key
    # derived; and where the acting person stands with their own key (no one's content).
    "own_keys.derivation_for", "own_keys.wrapping", "own_keys.derive", "own_keys.has_own_key", "own_keys.open_with_secret",
    "own_keys.set_secret", "own_keys.enrol", "own_keys.open_with", "own_keys.session_wrap", "own_keys.open_session_wrap",
    "own_keys.forget_secret", "own_keys.destroy", "own_keys.state", "own_keys.store_password", "own_keys.set_password",
    "own_keys.keep_for_session", "own_keys.unlocks_with_passphrase", "own_keys.is_their_secret",
    # Passkeys: whether they are offered and whether the acting person has one, the names and
    # dates of their own passkeys, and passkeys deleted inside the caller's unit of work.
    "passkeys.offered", "passkeys.offered_to", "passkeys.has_passkeys", "passkeys.mine", "passkeys.forget",
    # Private text sealed again privately, inside the caller's unit of work (the first sign-in
    # after the upgrade): the owner's own rows only.
    "private_text.reseal", "private_text.move_under_own_key", "private_text.catch_up_shares", "private_text.make_private",
    # Sealing for a supervisor, inside the caller's unit of work: a vault for the person whose
    # own key the unit of work has, their own private key (opened only by a vault acting for
    # them), a public key, whether there is one, one experience picked from a profile view.
    "shared_copies.owner_vault", "shared_copies.private_key", "shared_copies.public_key", "shared_copies.can_receive",
    "shared_copies.check_can_seal", "shared_copies.profile_answers", "shared_copies.seal_text",
    "access.can", "access.ensure", "auth.normalise_email", "auth.actor_for",
    # The sign-in lockout, inside a sign-in's own unit of work (and, for the checks of a secret a
    # session makes, in units of their own: a turn taken and settled): an address's turn taken, its
    # pause and recent failures counted, a failure recorded (and a pause begun), the message.
    "lockout.hold_address", "lockout.paused_until_for", "lockout.recent_failures", "lockout.record_failure",
    "lockout.locked_message", "lockout.minutes_left", "lockout.take_secret_turn", "lockout.settle_secret_turn",
    # An id for an e-mail or a team name (no one's content), the chain's hashes checked and
    # computed, the conditions naming whom an audit event is by or about, the live-session
    # check inside a write, the browser's name, a claim's time.
    "persons.find", "teams.find", "audit.verify", "audit.keyed_hash", "audit.acted_by", "audit.about", "audit.by_person", "live_session.check_live", "live_session.check_live_read", "live_session.expiry", "auth.describe_user_agent", "auth.timestamp",
    "backup.check_backup", "backup.describe_database", "backup.erasure_warnings", "decisions.last_sign_ins", "decisions.erased_but_signed_in",
    "journeys.own_first_name", "journeys.practice_role", "journeys.practice_of",
    # What a quick check's own profile snapshot says, read from the entry the person already holds.
    "journeys.profile_said",
    "register.allowed_values", "scale.email", "scale.parse_factor", "supervision.session_options", "team_records.prompts",
    "biographies.prompts", "biographies.photo_type", "biographies.without_metadata",
    # A name or an e-mail address cleaned and checked against its limit (no database).
    "organisations.checked_name", "organisations.checked_email",
    # The checked lookups a service's unit of work starts from (each checks access, reads no content),
    # the organisation the actor works in, today's date and a pair as the access rules read it.
    "persons.require", "teams.require", "pairs.require", "pairs.ref", "pairs.current_date", "organisations.organisation_id",
    "journeys.current_set", "journeys.stored_set", "journeys.view_of",
    "journeys.with_answer", "journeys.views_of", "journeys.identifying_details", "journeys.suggest", "journeys.identifying",
    # Parts of the caller's own unit of work, shared by the journeys modules: an entry or episode
    # found only for its author, its answers opened, the query of the author's own entries.
    "journeys.own_entry", "journeys.own_episode", "journeys.open_answers", "journeys.own_entries_query",
    "passwords.hash_password", "passwords.verify", "passwords.check", "passwords.make", "passwords.from_key", "passwords.check_rules", "passwords.turn", "passwords.needs_rehash", "revalidation.newest_first",
    # Whether the database is reachable, migrated and made with this key (fixed phrases, no one's content).
    "readiness.database_problems",
    "organisations.exists_yet", "persons.demo_accounts_exist",
    "register.choices", "register.normalise_language", "register.words", "register.token_hashes", "register.import_template",
    # The register's shared parts, used inside the caller's own unit of work by its public reads
    # and writes (which check access first): the blind index, who sees what, the entries shown,
    # an entry checked and copied onto its row, the planner's statements, a label.
    "register.index_key", "register.write_tokens", "register.entry_texts", "register.search_hashes", "register.holding_all",
    "register.rarest_first", "register.one_row", "register.visible_to", "register.willing", "register.items_by_id",
    "register.contributor_keys", "register.open_contributor", "register.clean_input", "register.fill_row",
    "register.filtered", "register.page_ids", "register.label",
    "supervision.prompts", "supervision.function_options", "supervision.notes_questions", "supervision.my_notes",
    # Supervision's shared parts, used inside the caller's own unit of work by its public reads
    # and writes: the pair check they start from, the views of sessions, actions and shared
    # items (opened only after that check), the names a pair's notes may hold, today's date.
    "supervision.pair_names",
    "supervision.meeting_views", "supervision.action_views", "supervision.item_titles", "supervision.shared_content",
    "supervision.last_held", "supervision.live_items", "supervision.summaries",
    # The kinds of supervision and the rule on personal prompts (no one's content); the note
    # choices, private notes and goals read inside a caller's unit of work, for the acting
    # person alone (`own_private` checks READ_JUST_ME_NOTE) or for their own export.
    "supervision_kinds.current_set", "supervision_kinds.options", "supervision_kinds.unknown", "supervision_kinds.stored",
    "supervision_kinds.parsed", "supervision_kinds.labels", "supervision_kinds.session_kind", "supervision_kinds.personal_offered",
    "supervision.personal_offered", "supervision.default", "supervision.choices", "supervision.own_private",
    "supervision.store", "supervision.written_by", "supervision.ledger_id", "wellness_plan.prompts", "wellness_plan.for_export",
    # Data keys made and opened for the caller's own unit of work (no text is read).
    "vault.new_wrapped_key", "vault.unwrap_keys",
    # The NMC's forms (question wording, no one's words); a person's records for their own
    # export, inside the unit of work my_data opens with their key.
    "revalidation.forms", "revalidation.reflection_forms", "revalidation.export_for", "cpd_profile.form", "cpd_profile.words",
}
EXPECTED_REFUSALS = (
    journeys.NotFound, supervision.NotFound, supervision.AccessDenied, errors.PeopleError, register.RegisterError, team_records.TeamRecordError, LookupError,
)


def public_service_functions() -> set[str]:
    """Every public function of reflect/services as "<module>.<function>". A package of
    services (register, supervision) keeps one module per concern and re-exports them all:
    a function of one of its modules is named after the package, counted once, where it is
    defined."""
    found = set()
    for module_info in pkgutil.iter_modules(reflect.services.__path__):
        module = importlib.import_module(f"reflect.services.{module_info.name}")
        modules = [module]
        if module_info.ispkg:
            modules += [importlib.import_module(sub.name) for sub in pkgutil.walk_packages(module.__path__, f"{module.__name__}.")]
        for each in modules:
            for name, value in vars(each).items():
                if inspect.isfunction(value) and value.__module__ == each.__name__ and not name.startswith("_"):
                    found.add(f"{module_info.name}.{name}")
    return found


def test_every_public_service_function_is_a_listed_read_write_or_helper():
    found = public_service_functions()
    unlisted = found - set(READS) - set(SAME_AS) - WRITES - HELPERS
    assert not unlisted, f"add these to READS in {__file__} (or to WRITES/HELPERS if they read no one's content): {sorted(unlisted)}"
    gone = (set(READS) | set(SAME_AS) | WRITES | HELPERS) - found
    assert not gone, f"listed but no longer in reflect/services: {sorted(gone)}"


def read_everything(world: Model, reader: int) -> list[str]:
    """Call every read as one person: the leaks found, each naming the function and the source."""
    by = world.person(reader)
    leaks = []
    for name, call in READS.items():
        for result in call(world, by):
            leaks += world.leaks(reader, leak_world.flatten(result), name)
    return leaks


def check_world(world: Model) -> None:
    leaks = []
    for reader in range(len(world.actors)):
        if world.alive(reader):
            leaks += read_everything(world, reader)
    assert not leaks, "\n".join(sorted(set(leaks)))


def _check_worlds(examples: int) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    @given(script=leak_world.SCRIPTS)
    def check(script):
        check_world(leak_world.run(script))

    check()


@pytest.fixture(params=["sqlite", "postgresql"])
def leak_rt(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[runtime.Runtime]:
    """The `rt` runtime, with SQLite on a memory-backed folder where there is one: this test
    commits thousands of times, and what it checks is access, not durability."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path
    started = runtime.start(settings_for(folder, url))
    yield started
    if request.param == "postgresql":
        _empty_postgres(started)
    runtime.stop()
    if folder != tmp_path:
        shutil.rmtree(folder, ignore_errors=True)


def test_nobody_reads_what_they_may_not_through_any_service_read(leak_rt, request):
    _check_worlds(EXAMPLES[request.node.callspec.params["leak_rt"]])


def test_the_generated_worlds_reach_every_kind_of_sharing(leak_rt):
    """The generator is not vacuous: a fixed script in its vocabulary shares an episode,
    adds to it afterwards, withdraws, erases and ends a pair, and the checks see the
    supervisor read what was shared."""
    L = leak_world
    script = [
        L.Pair(0, 2), L.Pair(1, 3), L.QuickCheck(3), L.Share(0, "entry", 0),  # picks count from the newest: pair 1 -> 3
        L.Story(2, share_midway=True, link_later=True), L.Profile(2), L.Share(1, "profile", 0), L.Meeting(1, "line_management"),
        L.ChosenNote(0, supervisor_writes=False, just_me=True, in_pdf=True), L.ChosenNote(0, supervisor_writes=True, just_me=False, in_pdf=False),
        L.Goal(1, supervisor_writes=False), L.Plan(2), L.SharePlan(1), L.Plan(2),
        L.Talent(1, False, True), L.Contributor(False), L.LearningNote(2, False), L.Biography(1), L.TeamRecordStep(True, 1),
        L.TeamRecordStep(False, 0), L.Account(2, 1), L.Account(2, 0), L.Account(2, 5), L.Discussion(2, True), L.RevalidationRecordStep(2, "cpd"),
        L.Withdraw(0), L.EndPair(0), L.Erase(3),
    ]
    world = L.run(script)
    check_world(world)
    supervisor_reads = L.flatten([supervision.open_shared(shared_item_id=s.id, by=world.person(0)) for s in world.shares if s.owner == 2 and not s.withdrawn])
    check, finished_later, linked_later = [e.marker for e in world.entries if e.owner == 2]
    assert check in supervisor_reads
    assert finished_later not in supervisor_reads and linked_later not in supervisor_reads
    assert world.leaks(0, finished_later, "a check of the checker")  # reading it would be reported
    # The PDFs are read as text (the checks would miss a leak in an unreadable one), and the
    # team's records reach its members.
    own = {check, finished_later, linked_later}
    for export in (my_data.export, my_data.export_json, my_data.export_pdf):
        assert own <= set(L.MARKER.findall(L.flatten(export(by=world.person(2))))), export.__name__
        assert not world.leaks(2, L.flatten(export(by=world.person(2))), export.__name__)
    summary = L.flatten(supervision.summary_pdf(pair_id=world.pairs[0].id, since=YEAR_AGO, until=TODAY, by=world.person(0)))
    assert [t for t, m in world.marked.items() if m.kind == "pair" and m.ref == 0 and t in summary]
    # A "just me" note reaches its writer alone; a chosen note, a goal and the plan's shared
    # version reach the supervisor, and the plan's later version does not.
    just_me = [t for t, m in world.marked.items() if m.kind == "justme"]
    assert just_me and just_me[0] in L.flatten(supervision.meetings(pair_id=world.pairs[0].id, by=world.person(2)))
    assert world.leaks(0, just_me[0], "a check of the checker")
    supervisor_sees = L.flatten([supervision.meetings(pair_id=world.pairs[0].id, by=world.person(0)), supervision.my_goals(pair_id=world.pairs[0].id, by=world.person(0))])
    assert [t for t, m in world.marked.items() if "chosen" in t and t in supervisor_sees] and [t for t in world.marked if "goal" in t and t in supervisor_sees]
    plan = L.flatten(wellness_plan.shared_with_me(pair_id=world.pairs[0].id, by=world.person(0)))
    first, *_, latest = [t for t, m in world.marked.items() if m.kind == "plan"]
    assert first in plan and latest not in plan
    # Revalidation: the author's accounts, discussion form and records are in their own export and
    # downloads (PDF and Word read back as text), and nowhere else (the checks above).
    revalidation_own = {t for t, m in world.marked.items() if m.kind == "revalidation" and m.author == 2}
    assert len(revalidation_own) >= 4
    assert revalidation_own <= set(L.MARKER.findall(L.flatten(my_data.export(by=world.person(2)))))
    downloads = L.flatten([revalidation.account_docx(account_id=a, by=world.person(2)) for a in world.accounts])
    downloads += L.flatten([revalidation_discussion.discussion_pdf(discussion_id=d, by=world.person(2)) for d, _ in world.discussions])
    assert len([t for t in revalidation_own if t in downloads]) >= 3
    team_a = L.flatten([team_records.records(by=world.person(1), team_id=world.teams["A"], kind=k) for k in team_records.KINDS])
    assert len([t for t, m in world.marked.items() if m.kind == "team_record" and t in team_a]) == 3
