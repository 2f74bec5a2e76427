import subprocess
import sys

import pytest

from reflect import cli, runtime
from reflect.services import auth, demo, errors, journeys, supervision, teams
from reflect.services.access import AccessDenied


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REFLECT_DATABASE_URL", raising=False)
    runtime.stop()
    yield tmp_path
    runtime.stop()


def run(*args: str) -> int:
    return cli.main(list(args))


def test_init_creates_database_and_key_and_no_people(cli_env, capsys):
    assert run("init", "--organisation", "North Trust") == 0
    out = capsys.readouterr().out
    assert "Database ready" in out and "North Trust" in out
    assert (cli_env / "data" / "reflect.db").exists() and (cli_env / "data" / "server.key").exists()
    assert run("demo", "--if-empty") == 0
    assert "no demo data" in capsys.readouterr().out


def test_demo_prints_its_accounts_and_password(cli_env, capsys):
    assert run("demo") == 0
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out and "admin@example.org" in out and "DEMO ONLY" in out
    assert auth.sign_in(email="admin@example.org", password=demo.DEMO_PASSWORD)


def test_demo_at_scale_builds_sealed_staff_who_can_sign_in(cli_env, capsys):
    from sqlalchemy import func, select

    from reflect.models import Entry
    from reflect.services import scale

    assert run("demo", "--scale", "0.004") == 0
    captured = capsys.readouterr()
    assert "Built an organisation of 40 staff in 2 teams" in captured.out and "100%" in captured.err
    signed = auth.sign_in(email=scale.HEAVY_USER, password=demo.DEMO_PASSWORD)
    assert signed.actor.own_key is not None and not signed.created_own_key  # built with an own key
    with runtime.current().db.read() as session:
        heavy = session.scalar(select(func.count()).select_from(Entry).join(scale.Person, scale.Person.id == Entry.owner_id).where(scale.Person.email == scale.HEAVY_USER))
        sealed = session.scalar(select(Entry.answers).where(Entry.stage == "after_sharing").limit(1))
        own = session.scalar(select(Entry).where(Entry.owner_id == signed.actor.person_id, Entry.stage == "in_the_moment").limit(1))
    assert heavy == scale.HEAVY_USER_ENTRIES + 1  # and a profile
    assert b"impact_them" not in sealed.blob
    assert own.answers.is_private and journeys.get(entry_id=own.id, by=signed.actor).answers["benefit"] in ("yes", "unsure")
    # What staff share with their supervisors is sealed for the supervisor alone, and opens for them.
    from reflect.models import SharedItem, SupervisionPair

    with runtime.current().db.read() as session:
        item, supervisor_email = session.execute(
            select(SharedItem, scale.Person.email)
            .join(SupervisionPair, SupervisionPair.id == SharedItem.pair_id)
            .join(scale.Person, scale.Person.id == SupervisionPair.supervisor_id)
            .where(SharedItem.entry_id.is_not(None), scale.Person.email.like("%staff%"))
            .limit(1)
        ).first()
        assert session.get(Entry, item.entry_id).answers.is_private
    supervisor = auth.sign_in(email=supervisor_email, password=demo.DEMO_PASSWORD).actor
    opened = supervision.open_shared(shared_item_id=item.id, by=supervisor)
    assert any(lines for _, lines in opened.sections)


def test_demo_scale_must_be_org_or_a_share(cli_env, capsys):
    assert run("demo", "--scale", "2") == 1
    assert "'org' or a share" in capsys.readouterr().err


def test_demo_twice_is_refused(cli_env, capsys):
    assert run("demo") == 0
    assert run("demo") == 1
    assert "already holds an organisation" in capsys.readouterr().err


def test_user_team_and_pair_commands(cli_env, capsys):
    assert run("init", "--organisation", "North Trust") == 0
    assert run("team", "add", "Crisis") == 0
    assert run("user", "add", "--name", "Dee", "--email", "dee@example.org", "--roles", "supervisor,practitioner", "--team", "Crisis") == 0
    out = capsys.readouterr().out
    generated = out.split("Generated password (shown once; ask them to change it): ")[1].strip()
    assert auth.sign_in(email="dee@example.org", password=generated).actor.roles
    assert run("user", "add", "--name", "Nia", "--email", "nia@example.org", "--roles", "practitioner") == 0
    assert run("pair", "add", "--supervisor", "dee@example.org", "--supervisee", "nia@example.org", "--starts", "2026-01-05") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("team", "add", "Crisis"), "already a team"),
        (("user", "add", "--name", "X", "--email", "nope", "--roles", "practitioner"), "doesn't look like an e-mail"),
        (("user", "add", "--name", "X", "--email", "x@example.org", "--roles", "practitioner", "--team", "Nowhere"), "no team called"),
        (("pair", "add", "--supervisor", "a@example.org", "--supervisee", "b@example.org"), "no account for the supervisor"),
        (("restore", "/no/such/file.db"), "no backup file"),
        (("team", "add", "n" * 5000), "A team's name can be up to 200 characters, and this one has 5,000."),
        (("team", "rename", "Crisis", "n" * 201), "A team's name can be up to 200 characters"),
        (("user", "add", "--name", "n" * 300, "--email", "x@example.org", "--roles", "practitioner"), "A person's name can be up to 200"),
        (("user", "add", "--name", "X", "--email", "x" * 300 + "@example.org", "--roles", "practitioner"), "An e-mail address can be up to 254"),
    ],
)
def test_commands_fail_with_a_specific_message_and_nonzero_exit(cli_env, capsys, args, message):
    assert run("init", "--organisation", "North Trust") == 0
    assert run("team", "add", "Crisis") == 0
    capsys.readouterr()
    assert run(*args) == 1
    assert message in capsys.readouterr().err


def test_user_add_before_init_says_what_to_do(cli_env, capsys):
    assert run("user", "add", "--name", "X", "--email", "x@example.org", "--roles", "admin") == 1
    assert "reflect init --organisation" in capsys.readouterr().err


def test_unknown_role_is_a_usage_error(cli_env, capsys):
    with pytest.raises(SystemExit) as exited:
        run("user", "add", "--name", "X", "--email", "x@example.org", "--roles", "wizard")
    assert exited.value.code == 2
    assert "unknown role 'wizard'" in capsys.readouterr().err


def test_backup_and_restore_commands(cli_env, capsys):
    assert run("demo") == 0
    target = cli_env / "backup.db"
    assert run("backup", str(target)) == 0
    assert run("backup", str(target)) == 1  # never overwrites
    capsys.readouterr()
    assert run("restore", str(target), "--yes") == 0
    out = capsys.readouterr().out
    assert "reflect.db" in out and "Applied again from the decision ledger" in out


def test_console_script_reports_a_misconfiguration_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reflect.cli", "init"],
        env={"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_DATABASE_URL": "mysql://u@h/db", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "REFLECT_DATABASE_URL" in result.stderr


@pytest.mark.parametrize("refusal", [errors.Refused, errors.NotFound, errors.PeopleError, AccessDenied])
def test_every_refusal_prints_its_message_and_fails(cli_env, capsys, monkeypatch, refusal):
    assert run("init", "--organisation", "North Trust") == 0
    capsys.readouterr()

    def refuses(**_kwargs):
        raise refusal("The teams can't be listed just now.")

    monkeypatch.setattr(teams, "list_teams", refuses)
    assert run("team", "list") == 1
    assert capsys.readouterr().err == "reflect: error: The teams can't be listed just now.\n"


def test_no_such_pair_is_a_plain_refusal(cli_env, capsys):
    assert run("init", "--organisation", "North Trust") == 0
    capsys.readouterr()
    assert run("pair", "end", "999") == 1
    assert "There is no such supervision pair." in capsys.readouterr().err
