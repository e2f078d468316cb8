"""Resume codes and co-facilitator tokens kept out of the logs of the hub and of each participant's server.

A resume code opens a participant's answers, and the page address carries it (``?code=``) so that a reload
or a bookmark resumes; a co-facilitator's link carries the console's token (``?room=console&token=``) through
the same hub to a server of the colleague's own. Every server on the way sees that address: the hub (its
``user-redirect``, and the ``next=`` of its login and spawn redirects, where the value is percent-encoded),
the participant's proxy (jupyter-standaloneproxy: tornado names the address of every failed request) and
Voila (which has its own filter, :class:`coffeechat.server.voila_app.RedactSecrets`). A process calls
:func:`keep_secrets_out_of_logs` once, before it logs: from then on every log record, of any logger and any
handler, has its code and token values replaced when it is made, so no handler, file or journald ever
receives one.
"""

from __future__ import annotations

import logging
import re

#: what replaces a code (JupyterHub's own scrubbing writes the same)
REDACTED = "[secret]"
#: ``code=VALUE`` or ``token=VALUE`` after the start of a query or a parameter, as is or percent-encoded once or
#: twice (inside ``next=``); the value ends where the parameter ends (``&``, ``;``, ``#``, space, quote, or
#: their encodings)
_SECRET = re.compile(
    r"(?i)((?:^|[?&;/\s]|%3F|%26|%253F|%2526)(?:code|token)(?:=|%3D|%253D))"
    r"((?:(?!%26|%2526|%23|%2523|%3B)[^&;#\s'\"<>)\]])*)"
)


def redact(text: str) -> str:
    """``text`` with every code and token value in an address replaced by :data:`REDACTED` (``barcode=`` is no
    code)."""
    return _SECRET.sub(lambda match: match.group(1) + REDACTED if match.group(2) else match.group(0), text)


def keep_secrets_out_of_logs() -> None:
    """From now on, every log record this process makes carries no code and no token (idempotent)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts_codes", False):
        return

    def redacting(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is logging's to report, as before
            return record
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return record

    redacting.redacts_codes = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting)
