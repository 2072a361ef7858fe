"""`manage.py receive_email < message.eml` or `manage.py receive_email --maildir PATH`.

Pipe one message from the MTA (Postfix: `support: "|/path/.venv/bin/python /path/manage.py
receive_email"` in /etc/aliases), or sweep a Maildir filled by fetchmail/getmail: each message
of new/ is processed and moved to cur/.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from support.inbound import inbound_email_process_safely


class Command(BaseCommand):
    help = "Thread inbound support emails into tickets (one message on stdin, or a Maildir)."

    def add_arguments(self, parser):
        parser.add_argument("--maildir", help="Process every message in PATH/new, then move it.")

    def handle(self, *args, maildir=None, **options):
        if maildir is None:
            raw = sys.stdin.buffer.read()
            if not raw.strip():
                raise CommandError("No message on standard input.")
            self._report("stdin", inbound_email_process_safely(raw))
            return
        root = Path(maildir)
        new, cur = root / "new", root / "cur"
        if not new.is_dir():
            raise CommandError(f"{root} is not a Maildir (no new/ folder).")
        cur.mkdir(exist_ok=True)
        for path in sorted(new.iterdir()):
            if not path.is_file():
                continue
            result = inbound_email_process_safely(path.read_bytes())
            path.rename(cur / f"{path.name}:2,S")
            self._report(path.name, result)

    def _report(self, source, result):
        ticket = result.ticket.number if result.ticket else "-"
        reason = f" ({result.reason})" if result.reason else ""
        self.stdout.write(f"{source}: {result.action} {ticket}{reason}")
