"""The `reflect` command: set up, administer, back up and restore a Reflect installation."""

from __future__ import annotations

import argparse
import logging
import getpass
import json
import sys
import time
from datetime import date
from pathlib import Path

from reflect import config, logs, runtime
from reflect.config import ConfigError
from reflect.phrasing import PhrasingGuide
from reflect.phrasing import CorpusError, evaluate, format_evaluation, read_corpus
from reflect.phrasing import cli_main as phrasing_cli
from reflect.phrasing import lines_main as phrasing_lines
from reflect import robustness
from reflect.questions import PRACTICE_ROLES, check_command
from reflect.questions.summary import known_answers, summarise_quick_check
from reflect.models import Role
from reflect.services import audit, backup, demo, organisations, pairs, persons, teams
from reflect.services.access import SYSTEM
from reflect.services.errors import Refused

EXIT_FAILED, EXIT_CONFIG = 1, 2


def _roles(raw: str) -> list[Role]:
    roles = []
    for part in raw.split(","):
        part = part.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            roles.append(Role(part))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"unknown role {part!r}: use practitioner, supervisor, team_lead or admin, separated by commas"
            ) from None
    return roles


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date: use YYYY-MM-DD") from None


def cmd_init(args: argparse.Namespace) -> int:
    rt = runtime.current()
    print(f"Database ready (schema {rt.db.schema_revision()}).")
    print(f"Server key: {rt.settings.secret_key_file} (back it up separately from database backups).")
    if args.organisation:
        organisations.create(name=args.organisation, by=SYSTEM)
        print(f"Organisation {args.organisation!r} created.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    runtime.current()
    if args.if_empty and organisations.exists_yet():
        print("The database already holds an organisation; no demo data loaded.")
        return 0
    if args.scale is not None:
        return _demo_scale(args.scale)
    demo_people = demo.load(by=SYSTEM)
    print(f"Demo organisation {demo.DEMO_ORGANISATION!r} loaded. DEMO ONLY: every account's password is "
          f"{demo.DEMO_PASSWORD!r}.")
    for person in demo_people:
        roles = ", ".join(r.label.lower() for r in person.roles)
        print(f"  {person.email:<28} {person.name:<16} {roles}")
    return 0


def _progress_bar(label: str, done: float) -> None:
    width = 30
    filled = int(width * done)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:4.0%} {label:<45}")
    if done >= 1:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _demo_scale(raw: str) -> int:
    from reflect.services import scale

    try:
        factor = scale.parse_factor(raw)
    except ValueError:
        print("reflect: error: --scale takes 'org' or a share of it above 0 and at most 1, such as 0.1", file=sys.stderr)
        return EXIT_FAILED
    started = time.perf_counter()
    made = scale.build(by=SYSTEM, factor=factor, progress=_progress_bar)
    print(
        f"Built an organisation of {made.staff:,} staff in {made.teams:,} teams: {made.entries:,} quick checks, "
        f"reflections and profiles, {made.register_entries:,} register entries, {made.pairs:,} supervision pairs "
        f"with {made.sessions:,} sessions, in {time.perf_counter() - started:.0f} s. DEMO ONLY: every account's "
        f"password is {demo.DEMO_PASSWORD!r}; the heavy user is {scale.HEAVY_USER}."
    )
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    runtime.current()
    password = None
    if args.password:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Same password again: ") != password:
            print("reflect: error: the two passwords were different; nothing was created.", file=sys.stderr)
            return EXIT_FAILED
    person_id, generated = persons.add(
        name=args.name,
        email=args.email,
        roles=args.roles,
        teams=args.team or [],
        lead_of=args.lead_of or [],
        password=password,
        by=SYSTEM,
    )
    print(f"Account {person_id} created for {args.email.strip().lower()}.")
    if generated:
        print(f"Generated password (shown once; ask them to change it): {generated}")
    return 0


def _page_note(total: int, page: int, per_page: int) -> str:
    pages = max(1, -(-total // per_page))
    return f"{total} in all; page {page} of {pages}" + (" (use --page for more)" if page < pages else "") + "."


def cmd_user_list(args: argparse.Namespace) -> int:
    runtime.current()
    found, total = persons.list_people(by=SYSTEM, search=args.search, page=args.page, per_page=args.per_page)
    for p in found:
        roles = ",".join(r.value for r in p.roles)
        print(f"{p.id:>6}  {p.email or '':<32} {p.name:<24} {roles:<34} {', '.join(p.teams)}")
    print(_page_note(total, args.page, args.per_page))
    return 0


def cmd_user_show(args: argparse.Namespace) -> int:
    runtime.current()
    detail = persons.show(person_id=persons.find(email=args.email, by=SYSTEM), by=SYSTEM)
    print(f"Account {detail.id}: {detail.name} <{detail.email}>")
    print(f"  Status:         {detail.status}")
    print(f"  Roles:          {', '.join(r.value for r in detail.roles)}")
    print(f"  Teams:          {', '.join(detail.teams) or 'none'}")
    print(f"  Leads:          {', '.join(detail.leads) or 'none'}")
    print(f"  Supervises:     {', '.join(detail.supervises) or 'nobody'}")
    print(f"  Supervised by:  {', '.join(detail.supervised_by) or 'nobody'}")
    print(f"  Live sessions:  {detail.live_sessions}")
    print(f"  Created:        {detail.created_at:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_user_set(args: argparse.Namespace) -> int:
    runtime.current()
    person_id = persons.find(email=args.email, by=SYSTEM)
    teams_given = [] if args.no_teams else args.team
    persons.update(
        person_id=person_id,
        name=args.name,
        email=args.new_email,
        roles=args.roles,
        teams=teams_given,
        lead_of=[] if args.no_teams else args.lead_of,
        by=SYSTEM,
    )
    print(f"Account {person_id} updated.")
    return 0


def cmd_user_deactivate(args: argparse.Namespace) -> int:
    runtime.current()
    ended = persons.deactivate(person_id=persons.find(email=args.email, by=SYSTEM), by=SYSTEM)
    print(f"{args.email.strip().lower()} is deactivated: sign-in refused, {ended} session(s) ended. Their content is kept.")
    return 0


def cmd_user_reactivate(args: argparse.Namespace) -> int:
    runtime.current()
    persons.reactivate(person_id=persons.find(email=args.email, by=SYSTEM), by=SYSTEM)
    print(f"{args.email.strip().lower()} can sign in again.")
    return 0


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    runtime.current()
    one_time = persons.reset_password(person_id=persons.find(email=args.email, by=SYSTEM), by=SYSTEM)
    print(f"One-time password for {args.email.strip().lower()} (shown once; they must change it when they sign in): {one_time}")
    return 0


def cmd_user_unlock(args: argparse.Namespace) -> int:
    runtime.current()
    was_paused = persons.unlock(person_id=persons.find(email=args.email, by=SYSTEM), by=SYSTEM)
    print(f"{args.email.strip().lower()} " + ("can try signing in again now." if was_paused else "was not paused; nothing to lift."))
    return 0


def cmd_user_erase(args: argparse.Namespace) -> int:
    runtime.current()
    person_id = persons.find(email=args.email, by=SYSTEM)
    confirm = args.confirm
    if confirm is None:
        print("Erasing destroys everything this person wrote, for good, backups included.")
        confirm = input("Type the person's e-mail address to confirm: ")
    persons.erase(person_id=person_id, confirm_email=confirm, by=SYSTEM)
    print(f"Account {person_id} erased and recorded in the erasure ledger.")
    return 0


def cmd_team_add(args: argparse.Namespace) -> int:
    runtime.current()
    team_id = teams.add(name=args.name, by=SYSTEM)
    print(f"Team {team_id} {args.name.strip()!r} created.")
    return 0


def cmd_team_list(args: argparse.Namespace) -> int:
    runtime.current()
    found, total = teams.list_teams(by=SYSTEM, search=args.search, page=args.page, per_page=args.per_page)
    for t in found:
        note = f"  archived {t.archived_at:%Y-%m-%d}" if t.archived_at else ""
        print(f"{t.id:>6}  {t.name:<40} {t.members:>4} member(s){note}")
    print(_page_note(total, args.page, args.per_page))
    return 0


def cmd_team_rename(args: argparse.Namespace) -> int:
    runtime.current()
    teams.rename(team_id=teams.find(name=args.name, by=SYSTEM), name=args.new_name, by=SYSTEM)
    print(f"Team {args.name.strip()!r} is now {args.new_name.strip()!r}.")
    return 0


def cmd_team_archive(args: argparse.Namespace) -> int:
    runtime.current()
    teams.archive(team_id=teams.find(name=args.name, by=SYSTEM), by=SYSTEM)
    print(f"Team {args.name.strip()!r} archived: its members and records stay; nobody new can join.")
    return 0


def cmd_pair_list(args: argparse.Namespace) -> int:
    runtime.current()
    found, total = pairs.list_pairs(by=SYSTEM, search=args.search, active_only=args.active, page=args.page, per_page=args.per_page)
    for p in found:
        until = p.ends_on.isoformat() if p.ends_on else "ongoing"
        state = "active" if p.active else "ended"
        print(f"{p.id:>6}  {p.supervisor_email or p.supervisor:<30} -> {p.supervisee_email or p.supervisee:<30} "
              f"{p.starts_on} to {until:<10}  every {p.frequency_weeks} week(s)  {state}")
    print(_page_note(total, args.page, args.per_page))
    return 0


def cmd_pair_end(args: argparse.Namespace) -> int:
    runtime.current()
    pairs.end(pair_id=args.id, by=SYSTEM)
    print(f"Supervision pair {args.id} ended: the supervisor's access ended now; the supervisee keeps their records.")
    return 0


def cmd_pair_set(args: argparse.Namespace) -> int:
    runtime.current()
    current = pairs.change(
        pair_id=args.id, frequency_weeks=args.every_weeks, ends_on=args.ends, supervisor_email=args.supervisor, by=SYSTEM
    )
    if current != args.id:
        print(f"Supervision pair {args.id} ended; pair {current} starts today with the new supervisor.")
    else:
        print(f"Supervision pair {args.id} updated.")
    return 0


def cmd_pair_add(args: argparse.Namespace) -> int:
    runtime.current()
    pair_id = pairs.add(
        supervisor_email=args.supervisor,
        supervisee_email=args.supervisee,
        starts_on=args.starts,
        frequency_weeks=args.every_weeks,
        by=SYSTEM,
    )
    print(f"Supervision pair {pair_id} created.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    runtime.current()
    rows = backup.backup(path=Path(args.path), by=SYSTEM)
    print(f"Backup written to {Path(args.path).resolve()} ({rows} rows). Keep the server key's backup apart from it.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    runtime.current()
    source = backup.check_backup(path=Path(args.path), by=SYSTEM)
    print(f"This replaces everything in {backup.describe_database()} with the backup {source}.")
    print("Every privacy decision in the ledger is then applied again, and everyone has to sign in again.")
    for warning in backup.erasure_warnings(path=source, by=SYSTEM):
        print(f"Please note: {warning}")
    if not args.yes:
        try:
            answer = input("Type yes to restore, or anything else to stop: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            print("Nothing was restored.")
            return EXIT_FAILED
    report = backup.restore(path=source, by=SYSTEM)
    print(f"Restored from {source}. Applied again from the decision ledger:")
    for line in report.lines():
        print(f"  {line}")
    for warning in report.warnings:
        print(f"Please note: {warning}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    runtime.current()
    result = audit.verify(by=SYSTEM)
    for note in result.notes:
        print(note)
    if result.ok:
        print(
            f"The audit chain is intact and matches the audit journal: {result.checked} event(s) checked. "
            f"Newest hash: {result.head_hash}"
        )
        return 0
    print(f"reflect: {result.problem}", file=sys.stderr)
    return EXIT_FAILED


def cmd_prompts_check(args: argparse.Namespace) -> int:
    return check_command(Path(args.dir), sys.stdout, base_dir=config.SHIPPED_PROMPTS_DIR)


def cmd_quick_check_summarise(args: argparse.Namespace) -> int:
    # Needs only the question sets, not the database: the same summary the page shows.
    catalogue = runtime.load_questions(config.load())
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"reflect: error: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        print('reflect: error: expected {"role": ..., "profession": ..., "answers": {question id: option id or [option ids]}}', file=sys.stderr)
        return EXIT_FAILED
    role = data.get("role")
    if role is not None and role not in PRACTICE_ROLES:
        print(f"reflect: unknown role {role!r} ignored (one of: {', '.join(PRACTICE_ROLES)})", file=sys.stderr)
        role = None
    sets = catalogue.by_kind("in_the_moment", role)
    if not sets:
        print("reflect: error: there is no quick-check question set", file=sys.stderr)
        return EXIT_FAILED
    answers, unknown = known_answers(sets[0], data.get("answers") or {})
    for name in unknown:
        print(f"reflect: unknown {name} ignored", file=sys.stderr)
    profile = data.get("profile") if isinstance(data.get("profile"), dict) else {}
    summary = summarise_quick_check(sets[0], answers, role=role, profession=data.get("profession"), profile=profile)
    print(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    return 0


def cmd_phrasing(args: argparse.Namespace) -> int:
    # Needs only the rules, not the database: an organisation can tune rules anywhere.
    catalogue = runtime.load_questions(config.load())
    guide = PhrasingGuide(catalogue.phrasing)
    if args.lines:
        return phrasing_lines(sys.stdin, sys.stdout, guide)
    if args.evaluate is None:
        return phrasing_cli(sys.stdin, sys.stdout, guide)
    try:
        corpus = read_corpus(Path(args.evaluate), {r.id for r in catalogue.phrasing.rules})
    except (OSError, CorpusError) as exc:
        print(f"reflect: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    ignore = frozenset(r.strip() for r in (args.ignore or "").split(",") if r.strip())
    evaluation = evaluate(guide, corpus, ignore=ignore)
    kept = robustness.measure(guide, corpus, ignore=ignore)
    if args.json:
        print(json.dumps({**evaluation.as_dict(), "variants": kept.as_dict()}, indent=2))
        return 0
    sys.stdout.write(format_evaluation(evaluation, show_mistakes=args.mistakes))
    sys.stdout.write(robustness.format_robustness(kept, show_mistakes=args.mistakes))
    return 0


def _list_options(parser: argparse.ArgumentParser, searched: str) -> None:
    parser.add_argument("--search", default="", help=f"show only those whose {searched} contains this")
    parser.add_argument("--page", type=int, default=1, help="page number (default 1)")
    parser.add_argument("--per-page", type=int, default=50, help="rows per page (default 50)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reflect", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create or upgrade the database and the server key")
    init.add_argument("--organisation", help="create the organisation with this name (real use; no demo data)")
    init.set_defaults(func=cmd_init)

    demo_cmd = sub.add_parser("demo", help="load the small demo organisation (demo passwords are public)")
    demo_cmd.add_argument("--if-empty", action="store_true", help="do nothing if an organisation exists")
    demo_cmd.add_argument(
        "--scale", metavar="SIZE",
        help="'org' for an organisation of 5,000 staff (all sealed as in normal use), or a share of it such as 0.1",
    )
    demo_cmd.set_defaults(func=cmd_demo)

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create an account")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--roles", required=True, type=_roles, help="comma-separated: practitioner,supervisor,team_lead,admin")
    add.add_argument("--team", action="append", help="team name (repeat for several)")
    add.add_argument("--lead-of", action="append", help="team this person leads (repeat for several)")
    add.add_argument("--password", action="store_true", help="type a password at a prompt instead of generating one")
    add.set_defaults(func=cmd_user_add)

    user_list = user.add_parser("list", help="list accounts, a page at a time")
    _list_options(user_list, "name or e-mail")
    user_list.set_defaults(func=cmd_user_list)
    for name, func, text in (
        ("show", cmd_user_show, "show one account: status, roles, teams, pairs (never content)"),
        ("deactivate", cmd_user_deactivate, "refuse sign-in and end every session; content is kept"),
        ("reactivate", cmd_user_reactivate, "let a deactivated account sign in again"),
        ("reset-password", cmd_user_reset_password, "set a one-time password that must be changed at the next sign-in"),
        ("unlock", cmd_user_unlock, "lift the pause after failed sign-ins"),
    ):
        command = user.add_parser(name, help=text)
        command.add_argument("email", help="the account's e-mail address")
        command.set_defaults(func=func)
    user_set = user.add_parser("set", help="change an account's name, e-mail, roles, teams or lead roles")
    user_set.add_argument("email", help="the account's e-mail address")
    user_set.add_argument("--name", help="new full name")
    user_set.add_argument("--new-email", help="new e-mail address")
    user_set.add_argument("--roles", type=_roles, help="replace the roles: comma-separated practitioner,supervisor,team_lead,admin")
    user_set.add_argument("--team", action="append", help="replace the teams with these (repeat for several)")
    user_set.add_argument("--lead-of", action="append", help="replace the teams this person leads (repeat for several)")
    user_set.add_argument("--no-teams", action="store_true", help="take the person out of every team")
    user_set.set_defaults(func=cmd_user_set)
    erase = user.add_parser("erase", help="erase an account and everything its person wrote, for good (asks you to type the e-mail)")
    erase.add_argument("email", help="the account's e-mail address")
    erase.add_argument("--confirm", metavar="EMAIL", help="the e-mail again, instead of typing it at the prompt")
    erase.set_defaults(func=cmd_user_erase)

    team = sub.add_parser("team", help="teams").add_subparsers(dest="team_command", required=True)
    team_add = team.add_parser("add", help="create a team")
    team_add.add_argument("name")
    team_add.set_defaults(func=cmd_team_add)
    team_list = team.add_parser("list", help="list teams, a page at a time")
    _list_options(team_list, "team name")
    team_list.set_defaults(func=cmd_team_list)
    team_rename = team.add_parser("rename", help="give a team a new name")
    team_rename.add_argument("name")
    team_rename.add_argument("new_name")
    team_rename.set_defaults(func=cmd_team_rename)
    team_archive = team.add_parser("archive", help="archive a team: records kept, nobody new joins")
    team_archive.add_argument("name")
    team_archive.set_defaults(func=cmd_team_archive)

    pair = sub.add_parser("pair", help="supervision pairs").add_subparsers(dest="pair_command", required=True)
    pair_add = pair.add_parser("add", help="pair a supervisor with a supervisee")
    pair_add.add_argument("--supervisor", required=True, help="the supervisor's e-mail")
    pair_add.add_argument("--supervisee", required=True, help="the supervisee's e-mail")
    pair_add.add_argument("--starts", type=_date, help="YYYY-MM-DD (default today)")
    pair_add.add_argument("--every-weeks", type=int, default=4, help="agreed supervision frequency in weeks")
    pair_add.set_defaults(func=cmd_pair_add)
    pair_list = pair.add_parser("list", help="list supervision pairs, a page at a time")
    _list_options(pair_list, "either person's name or e-mail")
    pair_list.add_argument("--active", action="store_true", help="only pairs active today")
    pair_list.set_defaults(func=cmd_pair_list)
    pair_end = pair.add_parser("end", help="end a pair now: the supervisor loses access at once")
    pair_end.add_argument("id", type=int, help="the pair's number, from 'reflect pair list'")
    pair_end.set_defaults(func=cmd_pair_end)
    pair_set = pair.add_parser("set", help="change a pair's frequency or last day, or move to a new supervisor")
    pair_set.add_argument("id", type=int, help="the pair's number, from 'reflect pair list'")
    pair_set.add_argument("--every-weeks", type=int, help="agreed supervision frequency in weeks")
    pair_set.add_argument("--ends", type=_date, help="planned last day, YYYY-MM-DD")
    pair_set.add_argument("--supervisor", help="a new supervisor's e-mail: ends this pair and starts a new one today")
    pair_set.set_defaults(func=cmd_pair_set)

    audit_cmd = sub.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    verify = audit_cmd.add_parser("verify", help="check the audit hash chain; names the first event that does not fit")
    verify.set_defaults(func=cmd_audit_verify)

    backup_cmd = sub.add_parser("backup", help="write a consistent backup file (safe while the app runs)")
    backup_cmd.add_argument("path")
    backup_cmd.set_defaults(func=cmd_backup)

    restore_cmd = sub.add_parser(
        "restore", help="restore a backup file, then re-apply every recorded privacy decision and end every session"
    )
    restore_cmd.add_argument("path")
    restore_cmd.add_argument("--yes", action="store_true", help="restore without asking for confirmation (for scripts)")
    restore_cmd.set_defaults(func=cmd_restore)
    prompts = sub.add_parser("prompts", help="question sets").add_subparsers(dest="prompts_command", required=True)
    check = prompts.add_parser("check", help="validate a folder of question sets before deploying it")
    check.add_argument("dir")
    check.set_defaults(func=cmd_prompts_check)

    quick = sub.add_parser("quick-check", help="the quick check").add_subparsers(dest="quick_check_command", required=True)
    summarise = quick.add_parser(
        "summarise", help="print, as JSON, the summary the quick check page would show for a role and answers"
    )
    summarise.add_argument(
        "file", help='a JSON file {"role": ..., "profession": ..., "answers": {...}, "profile": {...}}, or - for standard input'
    )
    summarise.set_defaults(func=cmd_quick_check_summarise)

    phrasing = sub.add_parser("phrasing", help="run the phrasing guide on standard input; one JSON line per suggestion")
    phrasing.add_argument(
        "--evaluate", metavar="FILE", help="measure the rules on a labelled corpus: precision and recall per rule and overall"
    )
    phrasing.add_argument("--json", action="store_true", help="with --evaluate: print the figures as JSON")
    phrasing.add_argument(
        "--ignore", metavar="RULES",
        help="with --evaluate: leave these rules (comma-separated) out of precision and recall, e.g. rules newer than the set",
    )
    phrasing.add_argument("--mistakes", action="store_true", help="with --evaluate: list the sentences the rules got wrong")
    phrasing.add_argument(
        "--lines", action="store_true",
        help='one text per line on standard input; one JSON object per line out: {"flagged": true|false, "rules": [...]}',
    )
    phrasing.set_defaults(func=cmd_phrasing)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logs.set_level(logging.WARNING)  # the command prints its own results
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"reflect: configuration: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except Refused as exc:  # every service's refusal, in one place: its message, and a failure
        print(f"reflect: error: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
