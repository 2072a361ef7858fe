"""Signed links and addresses the support emails carry; each purpose has its own salt (its
scope), so a token of one kind never works as another, and each expires.

- the customer's (or guest's) ticket page: `support:ticket_link` with kwargs `signed`, valid
  SUPPORT_TICKET_LINK_DAYS (365);
- the rating links of the satisfaction email: `support:rate` with kwargs `signed`, valid
  SUPPORT_RATING_LINK_DAYS (30);
- the Reply-To address: support+<ticket id>.<time>.<truncated HMAC>@SUPPORT_REPLY_DOMAIN, valid
  SUPPORT_TICKET_LINK_DAYS, lower case and short enough for an email local part (≤ 64).

The tokens carry the ticket's id signed, never its UUID (the guests' other credential). Links
sent before the ids were signed (the UUID signed with the same salts, with a timestamp) are
still read until they expire; older Reply-To tokens (no timestamp) are refused: such a reply
opens a new, unverified ticket.
"""

import re
import time

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from core.graphql.ids import uuid_or_none
from support.models import Ticket

ACCESS_SALT = "support.ticket.access"
RATE_SALT = "support.ticket.rate"
REPLY_SALT = "support.ticket.reply"
REPLY_MAC_LENGTH = 24  # hex digits: 96 bits
DAY_SECONDS = 24 * 3600


class LinkExpired(Exception):
    """A genuine link whose validity ran out: the page offers to ask for a new one."""


def _absolute(name: str, signed: str) -> str:
    return settings.SHOP_BASE_URL.rstrip("/") + reverse(name, kwargs={"signed": signed})


def _ticket(reference) -> Ticket | None:
    """The ticket of a signed reference: its id (current tokens) or its UUID (older ones)."""
    if isinstance(reference, int) and not isinstance(reference, bool):
        return Ticket.objects.filter(pk=reference).first()
    token = uuid_or_none(reference)
    return Ticket.objects.filter(token=token).first() if token else None


def _load(signed: str, *, salt: str, days: int):
    """The signed value, or None when tampered. Raises LinkExpired when older than `days`."""
    try:
        return signing.loads(signed, salt=salt, max_age=days * DAY_SECONDS)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None


def ticket_access_token(ticket) -> str:
    """A signed token giving its holder (the customer or guest) read/reply access to `ticket`
    for SUPPORT_TICKET_LINK_DAYS."""
    return signing.dumps({"t": ticket.pk}, salt=ACCESS_SALT)


def ticket_from_access_token(signed: str):
    """The ticket of a valid access token, else None. Raises LinkExpired."""
    data = _load(signed, salt=ACCESS_SALT, days=settings.SUPPORT_TICKET_LINK_DAYS)
    if isinstance(data, dict):
        return _ticket(data.get("t"))
    return _ticket(data) if isinstance(data, str) else None


def ticket_link(ticket) -> str:
    """The absolute link to the customer's page of `ticket` (works for guests)."""
    return _absolute("support:ticket_link", ticket_access_token(ticket))


def satisfaction_token(ticket, score: int) -> str:
    """A signed token for rating `ticket` with `score` for SUPPORT_RATING_LINK_DAYS (one use:
    the service refuses a second score)."""
    return signing.dumps({"t": ticket.pk, "s": int(score)}, salt=RATE_SALT)


def satisfaction_token_read(signed: str):
    """(ticket, score) for a valid rating token, else None. Raises LinkExpired."""
    data = _load(signed, salt=RATE_SALT, days=settings.SUPPORT_RATING_LINK_DAYS)
    ticket = _ticket(data.get("t")) if isinstance(data, dict) else None
    if ticket is None:
        return None
    return ticket, data.get("s")


def satisfaction_link(ticket, score: int) -> str:
    return _absolute("support:rate", satisfaction_token(ticket, score))


def _reply_mac(value: str) -> str:
    return salted_hmac(REPLY_SALT, value, algorithm="sha256").hexdigest()[:REPLY_MAC_LENGTH]


def reply_token(ticket, *, now: float | None = None) -> str:
    """<ticket id>.<unix time>.<HMAC>, in base 36 and hex: lower case, about 40 characters."""
    stamp = int(time.time() if now is None else now)
    value = f"{_base36(ticket.pk)}.{_base36(stamp)}"
    return f"{value}.{_reply_mac(value)}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def reply_address(ticket) -> str:
    """support+<reply token>@SUPPORT_REPLY_DOMAIN: the Reply-To of the emails about `ticket`."""
    return f"support+{reply_token(ticket)}@{settings.SUPPORT_REPLY_DOMAIN}"


REPLY_ADDRESS_RE = re.compile(r"support\+([0-9a-z]{1,13}\.[0-9a-z]{1,13}\.[0-9a-f]+)@", re.I)


def ticket_from_reply_address(address: str):
    """The ticket whose valid, unexpired reply token is in `address`, else None."""
    match = REPLY_ADDRESS_RE.search(address or "")
    if not match:
        return None
    pk, stamp, mac = match.group(1).lower().split(".")
    if not constant_time_compare(mac, _reply_mac(f"{pk}.{stamp}")):
        return None
    age = time.time() - int(stamp, 36)
    if age > settings.SUPPORT_TICKET_LINK_DAYS * DAY_SECONDS:
        return None
    return _ticket(int(pk, 36))
