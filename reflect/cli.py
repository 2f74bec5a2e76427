"""The `reflect` command: set up, administer, back up and restore a Reflect installation."""

from __future__ import annotations

import argparse
import logging
import getpass
import sys
import time
from datetime import date
from pathlib import Path

from reflect import config, logs, runtime
from reflect.config import ConfigError
from reflect.phrasing import PhrasingGuide
from reflect.phrasing import cli_main as phrasing_cli
from reflect.questions import check_command
from reflect.models import Role
from reflect.services import backup, demo, people
from reflect.services.access import SYSTEM
from reflect.services.passwords import PasswordRejected

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
        people.create_organisation(name=args.organisation, by=SYSTEM)
        print(f"Organisation {args.organisation!r} created.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    runtime.current()
    if args.if_empty and people.organisation_exists():
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
    person_id, generated = people.add_person(
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


def cmd_team_add(args: argparse.Namespace) -> int:
    runtime.current()
    team_id = people.add_team(name=args.name, by=SYSTEM)
    print(f"Team {team_id} {args.name.strip()!r} created.")
    return 0


def cmd_pair_add(args: argparse.Namespace) -> int:
    runtime.current()
    pair_id = people.add_pair(
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
    erasures = backup.restore(path=Path(args.path), by=SYSTEM)
    print(f"Restored from {Path(args.path).resolve()}; {erasures} recorded erasure(s) re-applied.")
    return 0


def cmd_prompts_check(args: argparse.Namespace) -> int:
    return check_command(Path(args.dir), sys.stdout, base_dir=config.SHIPPED_PROMPTS_DIR)


def cmd_phrasing(args: argparse.Namespace) -> int:
    # Needs only the rules, not the database: an organisation can tune rules anywhere.
    catalogue = runtime.load_questions(config.load())
    return phrasing_cli(sys.stdin, sys.stdout, PhrasingGuide(catalogue.phrasing))


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

    team = sub.add_parser("team", help="teams").add_subparsers(dest="team_command", required=True)
    team_add = team.add_parser("add", help="create a team")
    team_add.add_argument("name")
    team_add.set_defaults(func=cmd_team_add)

    pair = sub.add_parser("pair", help="supervision pairs").add_subparsers(dest="pair_command", required=True)
    pair_add = pair.add_parser("add", help="pair a supervisor with a supervisee")
    pair_add.add_argument("--supervisor", required=True, help="the supervisor's e-mail")
    pair_add.add_argument("--supervisee", required=True, help="the supervisee's e-mail")
    pair_add.add_argument("--starts", type=_date, help="YYYY-MM-DD (default today)")
    pair_add.add_argument("--every-weeks", type=int, default=4, help="agreed supervision frequency in weeks")
    pair_add.set_defaults(func=cmd_pair_add)

    backup_cmd = sub.add_parser("backup", help="write a consistent backup file (safe while the app runs)")
    backup_cmd.add_argument("path")
    backup_cmd.set_defaults(func=cmd_backup)

    restore_cmd = sub.add_parser("restore", help="restore a backup file, then re-apply recorded erasures")
    restore_cmd.add_argument("path")
    restore_cmd.set_defaults(func=cmd_restore)
    prompts = sub.add_parser("prompts", help="question sets").add_subparsers(dest="prompts_command", required=True)
    check = prompts.add_parser("check", help="validate a folder of question sets before deploying it")
    check.add_argument("dir")
    check.set_defaults(func=cmd_prompts_check)

    phrasing = sub.add_parser("phrasing", help="run the phrasing guide on standard input; one JSON line per suggestion")
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
    except (people.PeopleError, backup.BackupError, PasswordRejected) as exc:
        print(f"reflect: error: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
