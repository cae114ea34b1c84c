#!/usr/bin/env python3
"""A real SMTP server on loopback for the receipt tests (aiosmtpd, Debian's python3-aiosmtpd).

A recipient whose local part starts with "tempfail-" is refused with a temporary error (451) at
every RCPT, and one starting with "tempfailN-" (N a number) at its first N; each refusal is written
to --dir as one .refused file holding the address, so a test can count delivery attempts.

A recipient whose local part starts with "stall-" holds its first RCPT unanswered (the sender is
mid-send) until a file named "release" appears in --dir; it writes one .stalled file when it starts
holding. Later RCPTs of the address are answered at once.

Every message it accepts is written to --dir as one .eml file (written aside, then renamed, so a
reader never sees half a file), with the SMTP envelope in X-Envelope-From / X-Envelope-To headers
put first. Prints "READY <port>" once it listens (--port 0 picks a free port), and stops on
SIGTERM/SIGINT or when its standard input closes (the test process went away).

  python3 capture_smtp.py --dir DIR [--host 127.0.0.1] [--port 0] [--auth USER:PASSWORD]
"""
import argparse
import asyncio
import itertools
import logging
import os
import re
import signal
import sys
import threading
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


TEMPFAIL = re.compile(r"^tempfail(\d*)-", re.IGNORECASE)
STALL = re.compile(r"^stall-", re.IGNORECASE)


class Capture:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        self.refusals = {}
        self.stalled = set()

    def write(self, suffix, content):
        name = f"{time.time_ns()}-{next(self.counter):06d}"
        temp = os.path.join(self.directory, name + ".tmp")
        with open(temp, "wb") as out:
            out.write(content)
        os.replace(temp, os.path.join(self.directory, name + suffix))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if STALL.match(address) and address.lower() not in self.stalled:
            self.stalled.add(address.lower())
            self.write(".stalled", address.encode("utf-8"))
            while not os.path.exists(os.path.join(self.directory, "release")):
                await asyncio.sleep(0.05)
        match = TEMPFAIL.match(address)
        if match:
            refused = self.refusals.get(address.lower(), 0)
            if not match.group(1) or refused < int(match.group(1)):
                self.refusals[address.lower()] = refused + 1
                self.write(".refused", address.encode("utf-8"))
                return "451 4.3.0 Mailbox temporarily unavailable (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        header = (
            f"X-Envelope-From: {envelope.mail_from}\r\n"
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode("utf-8")
        self.write(".eml", header + envelope.original_content)
        return "250 Message accepted for delivery"


def authenticator_for(credentials):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    return authenticate


async def main():
    # aiosmtpd warns (rightly) about AUTH over plaintext; that is the point of a loopback test server.
    warnings.filterwarnings("ignore", module="aiosmtpd")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", default=None, help="USER:PASSWORD; then AUTH is required (over plaintext: tests only)")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Capture(args.dir)

    def factory():
        if args.auth:
            return SMTP(handler, hostname="capture.test", authenticator=authenticator_for(args.auth),
                        auth_required=True, auth_require_tls=False)
        return SMTP(handler, hostname="capture.test")

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host=args.host, port=args.port, reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def watch_stdin():
        try:
            sys.stdin.buffer.read()
        finally:
            loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
