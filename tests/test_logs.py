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
