"""Email in: one RFC 822 message becomes a customer message on its ticket, or a new ticket.

Who sent it: the From: address is believed only when our MTA authenticated it (DMARC, or DKIM
aligned with the From domain: support.inbound_auth). Otherwise the ticket opened is marked
`sender_verified=False`, with the guest email only: no account, no order, until an agent
confirms the sender (support.tickets.ticket_sender_confirm).

Threading, in order: the signed, unexpired token of our reply address (support+<token>@…) in
To / Cc / Delivered-To (the token is the proof, like a password reset link); then, for a
verified sender only, In-Reply-To / References matching a Message-ID we stored on a ticket of
that address. Otherwise a new ticket, for the customer with that address if verified, linked to
an order whose number (2026-000123) is in the subject or body only when that order's email is
the sender's (support.tickets.ticket_create decides). Unverified mail never threads by
In-Reply-To, so it never reopens someone else's ticket. Auto-replies are ignored; a Message-ID
already stored is not processed twice.

Only text is kept: the text/plain part, or the HTML part reduced to text, decoded leniently
(an unknown charset is read as UTF-8 with replacement characters, NUL bytes are dropped, names
and subjects cut to their field's length); quoted history ("On … wrote:", "> " lines, Outlook's
"From:" block) is trimmed. Image and PDF attachments are kept, anything else is dropped.

A message that still cannot be stored (any error) is set aside in InboundEmailFailure with its
raw bytes and the error, for staff to see and retry in the admin; the rest of the mail goes on.
"""

import codecs
import email
import email.policy
import logging
import re
import traceback
from dataclasses import dataclass
from email.utils import getaddresses, parseaddr
from enum import StrEnum
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from customers.models import User
from support import links
from support.attachments import attachment_acceptable
from support.inbound_auth import sender_is_verified
from support.models import (
    InboundEmailFailure,
    Ticket,
    TicketCategory,
    TicketChannel,
    TicketMessage,
    TicketStatus,
)
from support.tickets import SUBJECT_MAX, order_number_in, ticket_create, ticket_customer_reply

logger = logging.getLogger(__name__)


class InboundAction(StrEnum):
    """What became of one inbound email."""

    REPLIED = "replied"
    CREATED = "created"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    FAILED = "failed"


@dataclass
class InboundResult:
    action: InboundAction
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


NAME_MAX = Ticket._meta.get_field("name").max_length
MESSAGE_ID_MAX = TicketMessage._meta.get_field("email_message_id").max_length


def clean_text(text: str) -> str:
    """No NUL bytes (PostgreSQL refuses them in text)."""
    return (text or "").replace("\x00", "")


def part_text(part) -> str:
    """A text part decoded with its charset, or UTF-8 when the charset is unknown; bytes that do
    not decode become U+FFFD."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return clean_text(payload.decode(charset, errors="replace"))


def header_text(message, name: str) -> str:
    return clean_text(str(message.get(name) or ""))


def message_text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part_text(part)
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


def _thread_by_token(message) -> Ticket | None:
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        values = [clean_text(str(value)) for value in message.get_all(header, [])]
        for _name, address in getaddresses(values):
            ticket = links.ticket_from_reply_address(address)
            if ticket is not None:
                return ticket
    return None


def _thread_by_reference(message, sender: str) -> Ticket | None:
    """Precondition: `sender` is verified (In-Reply-To proves nothing by itself)."""
    ids = _message_ids(header_text(message, "In-Reply-To")) + _message_ids(
        header_text(message, "References")
    )
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
        message_id = _message_id(message)
        stored = TicketMessage.objects.filter(email_message_id=message_id).first()
        if message_id is None or stored is None:
            raise
        return InboundResult(InboundAction.DUPLICATE, ticket=stored.ticket, message=stored)


def _process(raw: bytes) -> InboundResult:
    """Thread one RFC 822 message into its ticket or open a new one (see the module's doc).
    Raises ValidationError when the message cannot become a ticket message (no sender, no
    text)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if is_auto_reply(message):
        return InboundResult(InboundAction.IGNORED, reason="auto-reply")
    message_id = _message_id(message)
    if message_id:
        stored = TicketMessage.objects.filter(email_message_id=message_id).first()
        if stored is not None:
            return InboundResult(InboundAction.DUPLICATE, ticket=stored.ticket, message=stored)
    name, sender = parseaddr(header_text(message, "From"))
    sender = sender.strip()
    if not sender or "@" not in sender:
        return InboundResult(InboundAction.IGNORED, reason="no sender")
    if sender.lower().endswith("@" + settings.SUPPORT_REPLY_DOMAIN.lower()):
        return InboundResult(InboundAction.IGNORED, reason="from ourselves")
    # Two From: headers: which one did DMARC look at? Neither is believed.
    verified = len(message.get_all("From", [])) == 1 and sender_is_verified(message, sender)
    body = message_text(message)
    attachments = message_attachments(message)
    if not body and attachments:
        body = "(attachment)"
    subject = header_text(message, "Subject").strip()
    user = User.objects.filter(email__iexact=sender, is_active=True).first() if verified else None

    ticket = _thread_by_token(message)
    if ticket is None and verified:
        ticket = _thread_by_reference(message, sender)
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
        return InboundResult(InboundAction.REPLIED, ticket=ticket, message=reply)

    clean_subject = re.sub(r"^((re|fw|fwd|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    order_number = order_number_in(f"{subject}\n{body}")
    created = ticket_create(
        subject=(clean_subject or body.split("\n", 1)[0] or "(no subject)")[:SUBJECT_MAX],
        body=body,
        category=TicketCategory.ORDER_STATUS if order_number else TicketCategory.OTHER,
        email=sender,
        user=user,
        order_number=order_number if verified else "",
        channel=TicketChannel.EMAIL,
        attachments=attachments,
        name=name.strip()[:NAME_MAX],
        email_message_id=message_id,
        sender_verified=verified,
    )
    return InboundResult(InboundAction.CREATED, ticket=created, message=created.messages.first())


def _message_id(message) -> str | None:
    found = _message_ids(header_text(message, "Message-ID"))
    return found[0] if found and len(found[0]) <= MESSAGE_ID_MAX else None


def _summary(raw: bytes) -> tuple[str, str]:
    """(sender, subject) of a message that failed, as far as they can be read."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        return (
            clean_text(str(message.get("From") or ""))[:255],
            clean_text(str(message.get("Subject") or ""))[:255],
        )
    except Exception:  # noqa: BLE001 - a summary is a nicety; the raw bytes are kept
        return "", ""


def inbound_email_process_safely(raw: bytes, *, source: str = "") -> InboundResult:
    """For the mail command: each message in its own transaction; one that cannot be stored
    (refused by the services, or any error) is set aside in InboundEmailFailure and reported as
    "failed", never raised, so the mail behind it goes on."""
    try:
        with transaction.atomic():
            return inbound_email_process(raw)
    except Exception as error:  # noqa: BLE001 - every failure is kept for staff, with its cause
        if isinstance(error, ValidationError):
            reason = "; ".join(error.messages)
        else:
            reason = f"{type(error).__name__}: {error}"
        failure = inbound_email_failure_record(
            raw=raw, source=source, error=reason, trace=traceback.format_exc(limit=8)
        )
        logger.warning("Inbound email %s set aside (failure %s): %s", source, failure.pk, reason)
        return InboundResult(InboundAction.FAILED, reason=reason)


def inbound_email_failure_record(*, raw: bytes, source: str, error: str, trace: str = ""):
    sender, subject = _summary(raw)
    return InboundEmailFailure.objects.create(
        raw=raw,
        sender=sender,
        subject=subject,
        source=source[:255],
        error=clean_text(error),
        traceback=clean_text(trace)[-4000:],
    )


def inbound_email_failure_retry(*, failure: InboundEmailFailure) -> InboundResult:
    """Process a set-aside message again (after the cause was fixed): resolved when it now
    becomes a ticket message (or is ignored), else the new error is kept on it."""
    try:
        with transaction.atomic():
            result = inbound_email_process(bytes(failure.raw))
    except Exception as error:  # noqa: BLE001 - kept on the failure for staff
        failure.error = clean_text(f"{type(error).__name__}: {error}")
        failure.traceback = clean_text(traceback.format_exc(limit=8))[-4000:]
        failure.save(update_fields=["error", "traceback"])
        return InboundResult(InboundAction.FAILED, reason=failure.error)
    failure.resolved = True
    failure.save(update_fields=["resolved"])
    return result
