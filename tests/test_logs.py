import logging

import pytest

from reflect import logs


def test_event_logs_name_and_numbers(caplog):
    logs.set_level(logging.INFO)
    logs._LOGGER.addHandler(caplog.handler)
    try:
        logs.event("sign_in.ok", person=3)
    finally:
        logs._LOGGER.removeHandler(caplog.handler)
    assert "event=sign_in.ok person=3" in caplog.text


@pytest.mark.parametrize("value", ["my reflection text", b"bytes", ["list"]])
def test_event_refuses_text_fields(value):
    with pytest.raises(TypeError, match="number or flag"):
        logs.event("x", detail=value)


def test_an_unexpected_error_is_logged_by_its_number_and_type_alone(caplog):
    logs.set_level(logging.INFO)
    logs._LOGGER.addHandler(caplog.handler)
    try:
        logs.script_error(123456, "KeyError")
        with pytest.raises(TypeError):
            logs.script_error(123456, "KeyError: what someone wrote")
    finally:
        logs._LOGGER.removeHandler(caplog.handler)
    assert caplog.messages == ["event=script.error number=123456 type=KeyError"]
