"""Signed links and addresses the support emails carry.

- the customer's (or guest's) ticket page: `support:ticket_link` with kwargs `signed`;
- the rating links of the satisfaction email: `support:rate` with kwargs `signed`;
- the Reply-To address: support+<signed token>@SUPPORT_REPLY_DOMAIN.

The pages are served by support/views (branch support-desk). Until that URL name exists the
links fall back to the paths below, which those views are expected to serve.
"""

import re

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from core.graphql.ids import uuid_or_none

ACCESS_SALT = "support.ticket.access"
RATE_SALT = "support.ticket.rate"
REPLY_SALT = "support.ticket.reply"
FALLBACK_PATHS = {
    "support:ticket_link": "/support/t/{signed}/",
    "support:rate": "/support/rate/{signed}/",
}


def _absolute(name: str, signed: str) -> str:
    try:
        path = reverse(name, kwargs={"signed": signed})
    except NoReverseMatch:
        path = FALLBACK_PATHS[name].format(signed=signed)
    return settings.SHOP_BASE_URL.rstrip("/") + path


def _ticket(token):
    from support.models import Ticket

    token = uuid_or_none(token)
    return Ticket.objects.filter(token=token).first() if token else None


def ticket_access_token(ticket) -> str:
    """A signed token giving its holder (the customer or guest) read/reply access to `ticket`."""
    return signing.dumps(str(ticket.token), salt=ACCESS_SALT, compress=True)


def ticket_from_access_token(signed: str):
    """The ticket of a valid access token, else None."""
    try:
        return _ticket(signing.loads(signed, salt=ACCESS_SALT))
    except signing.BadSignature:
        return None


def ticket_link(ticket) -> str:
    """The absolute link to the customer's page of `ticket` (works for guests)."""
    return _absolute("support:ticket_link", ticket_access_token(ticket))


def satisfaction_token(ticket, score: int) -> str:
    """A signed token for rating `ticket` with `score` (one use: the service refuses a second
    score)."""
    return signing.dumps({"t": str(ticket.token), "s": int(score)}, salt=RATE_SALT, compress=True)


def satisfaction_token_read(signed: str):
    """(ticket, score) for a valid rating token, else None."""
    try:
        data = signing.loads(signed, salt=RATE_SALT)
    except signing.BadSignature:
        return None
    ticket = _ticket(data.get("t")) if isinstance(data, dict) else None
    if ticket is None:
        return None
    return ticket, data.get("s")


def satisfaction_link(ticket, score: int) -> str:
    return _absolute("support:rate", satisfaction_token(ticket, score))


def reply_address(ticket) -> str:
    """support+<signed token>@SUPPORT_REPLY_DOMAIN: the Reply-To of the emails about `ticket`.
    The token is the ticket's UUID hex signed with a short signature (local parts are short)."""
    signer = signing.Signer(salt=REPLY_SALT, sep=".")
    return f"support+{signer.sign(ticket.token.hex)}@{settings.SUPPORT_REPLY_DOMAIN}"


REPLY_ADDRESS_RE = re.compile(r"support\+([0-9a-f]{32}\.[A-Za-z0-9_-]+)@", re.IGNORECASE)


def ticket_from_reply_address(address: str):
    """The ticket whose signed token is in `address`, else None."""
    match = REPLY_ADDRESS_RE.search(address or "")
    if not match:
        return None
    signer = signing.Signer(salt=REPLY_SALT, sep=".")
    try:
        return _ticket(signer.unsign(match.group(1)))
    except signing.BadSignature:
        return None
