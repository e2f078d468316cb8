"""Does a resume code or a co-facilitator's token ever reach a log line of the hub or of the participant's proxy?"""

from __future__ import annotations

import logging

import pytest

from coffeechat.server import redaction

CODE = "KATS7-DXG8J"


@pytest.mark.parametrize(
    "line",
    [
        f"302 GET /hub/user-redirect/?code={CODE} -> /user/a/?code={CODE} (a@127.0.0.1)",
        f"302 GET /hub/spawn/a?next=%2Fuser%2Fa%2F%3Fcode%3D{CODE} -> /hub/spawn-pending/a",  # inside next=
        f"GET /hub/login?next=%2Fhub%2Fuser-redirect%2F%3Flang%3Den%26code%3D{CODE}%26room%3D",  # among others
        f"GET /hub/tmplogin?next=%252Fuser%252Fa%252F%253Fcode%253D{CODE}",  # encoded twice
        f"403 GET /user/a/voila/files/x?lang=de&CODE={CODE.lower()} (127.0.0.1) 2.90ms",
        # a co-facilitator's link: the console's token inside the login's next=
        f"302 GET /hub/login?next=%2Fhub%2F%3Froom%3Dconsole%26token%3D{CODE}%26lang%3Dde -> /hub/tmplogin",
        f"200 GET /user/a/?room=console&token={CODE}&lang=de (127.0.0.1)",
    ],
)
def test_is_every_code_and_token_in_an_address_replaced_however_it_is_encoded(line):
    redacted = redaction.redact(line)
    assert CODE not in redacted.upper() and redaction.REDACTED in redacted


def test_does_the_rest_of_the_line_stay_as_it_was():
    line = "302 GET /x?barcode=12&code_challenge=abc&lang=en%26code%3DAB12-CD34%26room%3Dconsole (u@1.2.3.4)"
    assert redaction.redact(line) == (
        "302 GET /x?barcode=12&code_challenge=abc&lang=en%26code%3D[secret]%26room%3Dconsole (u@1.2.3.4)"
    )
    assert redaction.redact("/?code=") == "/?code=", "an empty code is nothing to hide"


def test_does_no_log_record_carry_a_code_once_the_process_keeps_them_out(caplog):
    original = logging.getLogRecordFactory()
    try:
        redaction.keep_secrets_out_of_logs()
        redaction.keep_secrets_out_of_logs()  # once or twice: the same
        with caplog.at_level(logging.INFO, logger="tornado.access"):
            logging.getLogger("tornado.access").warning("%d %s %s", 404, "GET", f"/user/a/?code={CODE}")
            logging.getLogger("anything").error("next=%s", f"%2F%3Fcode%3D{CODE}")
        assert caplog.records and all(CODE not in record.getMessage() for record in caplog.records)
        assert all(CODE not in line for line in caplog.text.splitlines())
    finally:
        logging.setLogRecordFactory(original)
