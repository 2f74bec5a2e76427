"""The `reflect` commands for running an organisation over time: people, teams, pairs, audit."""

import argparse
import io

import pytest

from reflect import cli
from reflect.services import auth
from tests.test_cli import cli_env, run  # noqa: F401  (the fixture)

COMMANDS = {
    "user": {"add", "list", "show", "set", "deactivate", "reactivate", "reset-password", "unlock", "erase"},
    "team": {"add", "list", "rename", "archive"},
    "pair": {"add", "list", "end", "set"},
    "audit": {"verify"},
}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(*args: str, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_reflect_help_and_every_subcommands_help_list_the_commands(capsys):
    top = _help(capsys=capsys)
    for group, verbs in COMMANDS.items():
        assert group in top
        group_help = _help(group, capsys=capsys)
        assert [verb for verb in verbs if verb not in group_help] == []
    parser = cli.build_parser()
    for group, group_parser in _subcommands(parser).items():
        for verb in _subcommands(group_parser):
            leaf = _help(group, verb, capsys=capsys)
            assert leaf.startswith(f"usage: reflect {group} {verb}"), (group, verb)


def _setup(capsys) -> str:
    assert run("init", "--organisation", "North Trust") == 0
    assert run("team", "add", "Crisis") == 0
    assert run("team", "add", "North") == 0
    assert run("user", "add", "--name", "Dee Williams", "--email", "dee@example.org", "--roles", "supervisor,practitioner", "--team", "Crisis") == 0
    assert run("user", "add", "--name", "Nia Roberts", "--email", "nia@example.org", "--roles", "practitioner", "--team", "Crisis") == 0
    out = capsys.readouterr().out
    return out.split("Generated password (shown once; ask them to change it): ")[2].strip()


def test_the_whole_cycle_add_change_deactivate_erase(cli_env, capsys):
    nia_password = _setup(capsys)

    assert run("user", "list", "--search", "nia") == 0
    listed = capsys.readouterr().out
    assert "nia@example.org" in listed and "dee@example.org" not in listed and "1 in all" in listed

    assert run("user", "set", "nia@example.org", "--team", "North", "--lead-of", "North", "--name", "Nia R") == 0
    assert run("user", "show", "nia@example.org") == 0
    shown = capsys.readouterr().out
    assert "Nia R" in shown and "Leads:          North" in shown and "team_lead" in shown

    session = auth.sign_in(email="nia@example.org", password=nia_password)
    assert run("user", "deactivate", "nia@example.org") == 0
    assert "1 session(s) ended" in capsys.readouterr().out
    assert auth.resume(session.token) is None
    with pytest.raises(auth.SignInError, match="isn't active"):
        auth.sign_in(email="nia@example.org", password=nia_password)
    assert run("user", "reactivate", "nia@example.org") == 0
    assert auth.sign_in(email="nia@example.org", password=nia_password)

    assert run("user", "reset-password", "nia@example.org") == 0
    one_time = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    assert auth.sign_in(email="nia@example.org", password=one_time).actor.must_change_password
    assert run("user", "unlock", "nia@example.org") == 0
    assert "was not paused" in capsys.readouterr().out

    assert run("user", "erase", "nia@example.org", "--confirm", "dee@example.org") == 1
    assert "doesn't match" in capsys.readouterr().err
    assert run("user", "erase", "nia@example.org", "--confirm", "nia@example.org") == 0
    assert run("user", "list") == 0
    assert "nia@example.org" not in capsys.readouterr().out
    assert run("audit", "verify") == 0


def test_erase_asks_for_the_email_at_a_prompt(cli_env, capsys, monkeypatch):
    _setup(capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO("nia@example.org\n"))
    assert run("user", "erase", "nia@example.org") == 0
    assert "erased" in capsys.readouterr().out


def test_team_and_pair_commands_over_time(cli_env, capsys):
    _setup(capsys)
    assert run("team", "rename", "Crisis", "Crisis Resolution") == 0
    assert run("team", "archive", "North") == 0
    capsys.readouterr()
    assert run("team", "list", "--search", "crisis") == 0
    out = capsys.readouterr().out
    assert "Crisis Resolution" in out and "North" not in out
    assert run("user", "set", "nia@example.org", "--team", "North") == 1
    assert "archived" in capsys.readouterr().err

    assert run("pair", "add", "--supervisor", "dee@example.org", "--supervisee", "nia@example.org", "--starts", "2026-01-05") == 0
    assert run("pair", "set", "1", "--every-weeks", "2") == 0
    assert run("pair", "list", "--active") == 0
    assert "every 2 week(s)  active" in capsys.readouterr().out
    assert run("pair", "end", "1") == 0
    assert run("pair", "list", "--active") == 0
    assert "0 in all" in capsys.readouterr().out
    assert run("pair", "end", "1") == 1
    assert "ended already" in capsys.readouterr().err


def test_list_pages_say_how_to_see_more(cli_env, capsys):
    _setup(capsys)
    assert run("user", "list", "--per-page", "1") == 0
    assert "page 1 of 2 (use --page for more)" in capsys.readouterr().out
    assert run("user", "list", "--per-page", "1", "--page", "2") == 0
    assert "page 2 of 2." in capsys.readouterr().out


def test_unknown_account_is_a_specific_error(cli_env, capsys):
    _setup(capsys)
    for verb in ("show", "deactivate", "reactivate", "reset-password", "unlock"):
        assert run("user", verb, "ghost@example.org") == 1
        assert "no account for 'ghost@example.org'" in capsys.readouterr().err
