"""Is an inbound email really from its From: address? Only our receiving MTA can tell.

The MTA checks SPF, DKIM and DMARC and writes the outcome in an Authentication-Results header
(RFC 8601) starting with its authserv-id (SUPPORT_INBOUND_AUTHSERV_ID). Headers with another
authserv-id are ignored: anyone may write one into the message they send. (The MTA must drop
incoming headers that claim our authserv-id, as OpenDMARC and OpenDKIM do.)

The sender is verified when one of our headers says `dmarc=pass` (for the From domain when it
names it in `header.from`), or `dkim=pass` with a signing domain `header.d` aligned with the From
domain (relaxed alignment: equal, or the From domain is a subdomain of it).
"""

import re

from django.conf import settings

COMMENT_RE = re.compile(r"\([^()]*\)")


def _aligned(domain: str, signer: str) -> bool:
    return bool(signer) and (domain == signer or domain.endswith("." + signer))


def _results(header: str, authserv_id: str) -> list[tuple[str, str, dict[str, str]]]:
    """(method, result, properties) of one Authentication-Results header, or nothing when it
    was not written by `authserv_id`."""
    text = COMMENT_RE.sub(" ", header.replace("\r", " ").replace("\n", " "))
    server, _sep, rest = text.partition(";")
    words = server.split()
    if not words or words[0].lower() != authserv_id:
        return []
    found = []
    for resinfo in rest.split(";"):
        tokens = resinfo.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _sep, result = tokens[0].partition("=")
        properties = {}
        for token in tokens[1:]:
            key, sep, value = token.partition("=")
            if sep:
                properties[key.lower()] = value.strip('"').lower()
        found.append((method.lower(), result.lower(), properties))
    return found


def sender_is_verified(message, sender: str) -> bool:
    """True when our MTA authenticated `sender`'s domain for `message` (see the module)."""
    authserv_id = (settings.SUPPORT_INBOUND_AUTHSERV_ID or "").strip().lower()
    if not authserv_id or "@" not in sender:
        return False
    domain = sender.rsplit("@", 1)[1].strip().lower().rstrip(".")
    for header in message.get_all("Authentication-Results", []):
        for method, result, properties in _results(str(header), authserv_id):
            if result != "pass":
                continue
            if method == "dmarc" and properties.get("header.from", domain) == domain:
                return True
            if method == "dkim" and _aligned(domain, properties.get("header.d", "")):
                return True
    return False
