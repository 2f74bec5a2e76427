"""One app replica for tests: a process that starts Reflect from its environment and answers
service calls, one JSON line in and one JSON line out, until its input closes.

Run as `python -m tests.replica`; tests/test_replicas.py runs two against one database.
"""

from __future__ import annotations

import base64
import json
import sys

from reflect import runtime
from reflect.models import Entry, PersonKey, Role, Stage
from reflect.services import auth, erasure, journeys, organisations, persons, teams
from reflect.services.access import SYSTEM
from reflect.services.vault import Vault


def _actor(token: str):
    actor = auth.resume(token)
    if actor is None:
        raise LookupError("no live session for that token")
    return actor


def handle(call: str, args: dict):
    if call == "setup":
        organisations.create(name="Replica Trust", by=SYSTEM)
        teams.add(name="North", by=SYSTEM)
        person_id, _ = persons.add(
            name="Ada", email=args["email"], roles=[Role.PRACTITIONER], teams=["North"], password=args["password"], by=SYSTEM
        )
        return person_id
    if call == "sign_in":
        return auth.sign_in(email=args["email"], password=args["password"]).token
    if call == "whoami":
        actor = auth.resume(args["token"])
        return None if actor is None else actor.person_id
    if call == "start_quick_check":
        return journeys.start(stage=Stage.IN_THE_MOMENT, by=_actor(args["token"])).id
    if call == "save_answer":
        journeys.save_answer(entry_id=args["entry_id"], question_id=args["question_id"], value=args["value"], by=_actor(args["token"]))
        return True
    if call == "answers":
        return journeys.get(entry_id=args["entry_id"], by=_actor(args["token"])).answers
    if call == "sealed_privately":  # and, read by the replica without the session, opens to nothing
        with runtime.current().db.read() as session:
            sealed = session.get(Entry, args["entry_id"]).answers
            return sealed.is_private and Vault(session, runtime.current().server_key).open(sealed) is None
    if call == "sign_out":
        auth.sign_out(by=_actor(args["token"]))
        return True
    if call == "wrapped_key":
        with runtime.current().db.read() as session:
            key = session.get(PersonKey, args["person_id"])
            return [key.key_name, base64.b64encode(key.wrapped_key).decode()]
    if call == "key_opens":
        name, wrapped = args["key_name"], base64.b64decode(args["wrapped"])
        return runtime.current().keystore.unwrap({name: wrapped})[name] is not None
    if call == "erase":
        erasure.erase(person_id=args["person_id"], by=SYSTEM)
        return True
    raise ValueError(f"unknown call {call}")


def main() -> int:
    rt = runtime.start()
    print(json.dumps({"ready": rt.db.schema_revision()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = {"ok": handle(request["call"], request.get("args", {}))}
        except Exception as exc:  # reported to the test, which fails with it
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)
    runtime.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
