"""Email in: one RFC 822 message becomes a customer message on its ticket, or a new ticket.

Threading, in order: the signed token of our reply address (support+<token>@…) in To / Cc /
Delivered-To; then In-Reply-To / References matching a Message-ID we stored, when the sender is
the ticket's address. Otherwise a new ticket, for the customer with that address if any, linked
to an order whose number (2026-000123) is in the subject or body only when that order's email is
the sender's (support.tickets.ticket_create decides). Auto-replies are ignored; a Message-ID
already stored is not processed twice.

Only text is kept: the text/plain part, or the HTML part reduced to text; quoted history
("On … wrote:", "> " lines, Outlook's "From:" block) is trimmed. Image and PDF attachments are
kept, anything else is dropped.
"""

import email
import email.policy
import logging
import re
from dataclasses import dataclass
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError

from customers.models import User
from support import links
from support.attachments import attachment_acceptable
from support.models import Ticket, TicketCategory, TicketChannel, TicketMessage, TicketStatus
from support.tickets import order_number_in, ticket_create, ticket_customer_reply

logger = logging.getLogger(__name__)


@dataclass
class InboundResult:
    action: str  # "replied", "created", "duplicate", "ignored"
    ticket: Ticket | None = None
    message: TicketMessage | None = None
    reason: str = ""


class _TextExtractor(HTMLParser):
    """HTML to plain text: block elements become line breaks; scripts, styles and quoted
    history (Gmail's gmail_quote, blockquotes) are dropped."""

    BLOCKS = {"p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr"}
    SOFT, HARD = "\x00", "\x01"  # a block's edge; a <br>
    SKIP = {"script", "style", "head", "title", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        quote = "gmail_quote" in (attributes.get("class") or "") or attributes.get("id") in (
            "divRplyFwdMsg",
            "appendonsend",
        )
        skip = tag in self.SKIP or quote
        if tag not in ("br", "hr", "img", "meta", "link", "input"):
            self.stack.append((tag, skip))
            if skip:
                self.skip_depth += 1
        if not self.skip_depth:
            if tag == "br":
                self.parts.append(self.HARD)
            elif tag in self.BLOCKS:
                self.parts.append(self.SOFT)

    def handle_endtag(self, tag):
        while self.stack:
            opened, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if opened == tag:
                break
        if tag in self.BLOCKS and not self.skip_depth:
            self.parts.append(self.SOFT)

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()

    def line_break(match):
        run = match.group(0)
        hard = run.count(_TextExtractor.HARD)
        # Two <br>, or a <br> alone in its block (Gmail's <div><br></div>): an empty line.
        return "\n\n" if hard >= 2 or (hard and _TextExtractor.SOFT in run) else "\n"

    text = re.sub(r"[\x00\x01\s]*[\x00\x01][\x00\x01\s]*", line_break, "".join(parser.parts))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


QUOTE_HEADERS = (
    re.compile(r"^On .{0,300}wrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^Le .{0,300}a écrit\s?:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^(From|De)\s?:\s.+", re.IGNORECASE),
)


def trim_quoted(text: str) -> str:
    """Drop the quoted history and the signature under "-- " of a reply."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        # "On … wrote:" may be wrapped on two lines by the mail client.
        joined = f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else stripped
        if any(p.match(stripped) or p.match(joined) for p in QUOTE_HEADERS[:2]) or any(
            p.match(stripped) for p in QUOTE_HEADERS[2:]
        ):
            break
        if line.rstrip() == "--":
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def message_text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return trim_quoted(content)


def message_attachments(message) -> list[ContentFile]:
    files = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        if not payload or len(payload) > settings.SUPPORT_ATTACHMENT_MAX_BYTES:
            continue
        file = ContentFile(payload, name=part.get_filename() or "attachment")
        if not attachment_acceptable(file):
            continue
        files.append(file)
        if len(files) == settings.SUPPORT_ATTACHMENT_MAX_COUNT:
            break
    return files


def is_auto_reply(message) -> bool:
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )


def _message_ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _thread(message, sender: str) -> Ticket | None:
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        for _name, address in getaddresses(message.get_all(header, [])):
            ticket = links.ticket_from_reply_address(address)
            if ticket is not None:
                return ticket
    ids = _message_ids(message.get("In-Reply-To", "")) + _message_ids(message.get("References", ""))
    if ids:
        known = TicketMessage.objects.filter(email_message_id__in=ids).select_related("ticket")
        for stored in known:
            if stored.ticket.email.lower() == sender.lower():
                return stored.ticket
    return None


def inbound_email_process(raw: bytes) -> InboundResult:
    """Thread one RFC 822 message into its ticket or open a new one (see the module's doc).
    The same message delivered twice at once is stored once: the unique Message-ID refuses the
    second copy, reported as a duplicate."""
    try:
        return _process(raw)
    except IntegrityError:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        message_id = (_message_ids(message.get("Message-ID", "")) or [None])[0]
        stored = TicketMessage.objects.filter(email_message_id=message_id).first()
        if message_id is None or stored is None:
            raise
        return InboundResult("duplicate", ticket=stored.ticket, message=stored)


def _process(raw: bytes) -> InboundResult:
    """Thread one RFC 822 message into its ticket or open a new one (see the module's doc).
    Raises ValidationError when the message cannot become a ticket message (no sender, no
    text)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if is_auto_reply(message):
        return InboundResult("ignored", reason="auto-reply")
    message_id = (_message_ids(message.get("Message-ID", "")) or [None])[0]
    if message_id:
        stored = TicketMessage.objects.filter(email_message_id=message_id).first()
        if stored is not None:
            return InboundResult("duplicate", ticket=stored.ticket, message=stored)
    name, sender = parseaddr(message.get("From", ""))
    sender = sender.strip()
    if not sender or "@" not in sender:
        return InboundResult("ignored", reason="no sender")
    if sender.lower().endswith("@" + settings.SUPPORT_REPLY_DOMAIN.lower()):
        return InboundResult("ignored", reason="from ourselves")
    body = message_text(message)
    attachments = message_attachments(message)
    if not body and attachments:
        body = "(attachment)"
    subject = (message.get("Subject") or "").strip()
    user = User.objects.filter(email__iexact=sender, is_active=True).first()

    ticket = _thread(message, sender)
    if ticket is not None and ticket.status != TicketStatus.CLOSED:
        reply = ticket_customer_reply(
            ticket=ticket,
            body=body,
            author_email=sender,
            user=user if user and ticket.customer_id == user.pk else None,
            attachments=attachments,
            channel=TicketChannel.EMAIL,
            email_message_id=message_id,
        )
        return InboundResult("replied", ticket=ticket, message=reply)

    clean_subject = re.sub(r"^((re|fw|fwd|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    created = ticket_create(
        subject=(clean_subject or body.split("\n", 1)[0] or "(no subject)")[:200],
        body=body,
        category=TicketCategory.ORDER_STATUS
        if order_number_in(f"{subject}\n{body}")
        else TicketCategory.OTHER,
        email=sender,
        user=user,
        order_number=order_number_in(f"{subject}\n{body}"),
        channel=TicketChannel.EMAIL,
        attachments=attachments,
        name=name,
        email_message_id=message_id,
    )
    return InboundResult("created", ticket=created, message=created.messages.first())


def inbound_email_process_safely(raw: bytes) -> InboundResult:
    """For the mail command: a message that cannot be stored is reported, not raised."""
    try:
        return inbound_email_process(raw)
    except ValidationError as error:
        logger.warning("Inbound email refused: %s", error.messages)
        return InboundResult("ignored", reason="; ".join(error.messages))
