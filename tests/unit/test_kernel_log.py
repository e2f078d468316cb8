"""Does a participant's kernel tell the server's log when the journal works again, and nothing of the kernel's
own chatter below that?"""

from __future__ import annotations

import io
import logging
import sys

from coffeechat.server import launcher


def test_does_the_kernel_log_pass_the_journals_note_that_it_works_again(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", stream)
    logger = logging.getLogger("coffeechat")
    before = (logger.level, logger.propagate, list(logger.handlers))
    handler = launcher.log_to_the_server()
    try:
        logging.getLogger("coffeechat.storage.connection").info("the journal works again")
        logging.getLogger("coffeechat.views").debug("a detail for developers")
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = before[0], before[1]
    assert "INFO the journal works again" in stream.getvalue()
    assert "a detail for developers" not in stream.getvalue()
