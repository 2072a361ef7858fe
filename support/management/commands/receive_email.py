"""`manage.py receive_email < message.eml` or `manage.py receive_email --maildir PATH`.

Pipe one message from the MTA (Postfix: `support: "|/path/.venv/bin/python /path/manage.py
receive_email"` in /etc/aliases), or sweep a Maildir filled by fetchmail/getmail: each message
of new/ is processed and moved to cur/.

Each message is processed on its own: one that cannot be stored is set aside (an "Inbound email
failure" in the admin with its raw bytes and the error; in a Maildir also moved to failed/), and
the command goes on and exits 0, so the MTA neither bounces nor retries it forever.
"""

import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from support.inbound import InboundAction, inbound_email_process_safely

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Thread inbound support emails into tickets (one message on stdin, or a Maildir)."

    def add_arguments(self, parser):
        parser.add_argument("--maildir", help="Process every message in PATH/new, then move it.")

    def handle(self, *args, maildir=None, **options):
        if maildir is None:
            raw = sys.stdin.buffer.read()
            if not raw.strip():
                raise CommandError("No message on standard input.")
            self._report("stdin", inbound_email_process_safely(raw, source="stdin"))
            return
        root = Path(maildir)
        new, cur, failed = root / "new", root / "cur", root / "failed"
        if not new.is_dir():
            raise CommandError(f"{root} is not a Maildir (no new/ folder).")
        cur.mkdir(exist_ok=True)
        set_aside = []
        for path in sorted(new.iterdir()):
            if not path.is_file():
                continue
            result = inbound_email_process_safely(path.read_bytes(), source=str(path))
            if result.action == InboundAction.FAILED:
                failed.mkdir(exist_ok=True)
                path.rename(failed / path.name)
                set_aside.append(path.name)
            else:
                path.rename(cur / f"{path.name}:2,S")
            self._report(path.name, result)
        if set_aside:
            logger.warning("receive_email set aside %d message(s): %s", len(set_aside), set_aside)
            self.stdout.write(f"Set aside in {failed}: {', '.join(set_aside)}")

    def _report(self, source, result):
        ticket = result.ticket.number if result.ticket else "-"
        reason = f" ({result.reason})" if result.reason else ""
        self.stdout.write(f"{source}: {result.action} {ticket}{reason}")
