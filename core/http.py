"""What every app needs to know about the HTTP request itself."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, for rate limits and statistics.

    With no proxy in front (`SHOP_TRUSTED_PROXIES = 0`) it is REMOTE_ADDR: X-Forwarded-For is
    then ignored, since any client could write it to dodge the limits. Behind N trusted proxies,
    each of which appends the address it saw, the client is the N-th address from the right of
    X-Forwarded-For: whatever the client wrote itself stands further left and is never read.
    A missing or malformed header falls back to REMOTE_ADDR, which behind a proxy is the proxy's
    own address: the limits then become stricter, never looser.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.SHOP_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        return remote
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
