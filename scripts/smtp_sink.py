"""An SMTP server for tests that keeps every message it accepts.

Each message becomes <dir>/<UTC timestamp>-<n>.eml, the bytes as received,
next to <same name>.json: the envelope (mail_from, rcpt_tos), a few headers
and each text part as Python's email package decodes it, so that tests can
check what a real reader would see. Both files are in place before the server
answers 250.

Recipients containing EVENTBOOK_SMTP_REJECT (default "reject") are refused
with 550, those containing EVENTBOOK_SMTP_TEMPFAIL (default "tempfail") with
451; set either to an empty string to turn it off.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd); scripts/smtp does.
"""

import argparse
import itertools
import json
import os
import signal
import threading
import time
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


def _mark(variable, default):
    return os.environ.get(variable, default).lower()


def _describe(content):
    """What a mail reader makes of the message: headers and decoded parts."""
    message = BytesParser(policy=policy.default).parsebytes(content)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": part.get_content() if part.get_content_maintype() == "text" else None,
        })
    defects = [type(d).__name__ for part in message.walk() for d in part.defects]
    return {
        "message_id": message.get("Message-ID"),
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "subject": str(message.get("Subject", "")),
        "date": str(message.get("Date", "")),
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": defects,
    }


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)
        self.reject = _mark("EVENTBOOK_SMTP_REJECT", "reject")
        self.tempfail = _mark("EVENTBOOK_SMTP_TEMPFAIL", "tempfail")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lowered = address.lower()
        if self.reject and self.reject in lowered:
            return "550 5.1.1 Recipient rejected"
        if self.tempfail and self.tempfail in lowered:
            return "451 4.3.0 Recipient temporarily unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        now = time.time()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f".{int(now % 1 * 1e6):06d}Z"
        name = f"{stamp}-{next(self.counter):06d}"
        record = {
            "eml": name + ".eml",
            "received_at": stamp,
            "peer": list(session.peer) if session.peer else None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
        }
        try:
            record.update(_describe(content))
        except Exception as error:  # a broken message is still kept, with the reason
            record["parse_error"] = repr(error)
        # The sidecar first and each file renamed into place, so that a reader
        # who sees the .eml also sees a complete .json.
        self._write(name + ".json", json.dumps(record, ensure_ascii=False, indent=2).encode())
        self._write(name + ".eml", content)
        return "250 Message accepted for delivery"

    def _write(self, name, data):
        temporary = os.path.join(self.folder, "." + name + ".tmp")
        with open(temporary, "wb") as file:
            file.write(data)
        os.replace(temporary, os.path.join(self.folder, name))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True)
    arguments = parser.parse_args()

    # Its own session: a Ctrl-C or a test runner killing its process group
    # does not take the server down; scripts/smtp stop does.
    if os.getpid() != os.getsid(0):
        os.setsid()
    os.makedirs(arguments.dir, exist_ok=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller = Controller(Sink(arguments.dir), hostname=arguments.host, port=arguments.port)
    controller.start()
    print(f"smtp sink on {arguments.host}:{arguments.port}, mail in {arguments.dir}", flush=True)
    try:
        stop.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
