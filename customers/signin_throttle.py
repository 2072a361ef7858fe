"""The sign-in throttle: one rule for the shop's sign-in page, `tokenCreate` and /admin/login/.

Failed sign-ins are counted three ways (customers.ratelimit, in the database):

- per (account, client IP): the only counter that refuses for a long while. Five failures
  from one address on one account and that address must wait until the window has passed.
- per account, from any address: it only slows the account down (exponential backoff after
  the last failure, capped), so a stranger guessing from elsewhere delays the owner but never
  locks them out; an address that signed in to the account lately is not slowed at all.
- per client IP, whatever the email (made-up ones included): backoff as well, never an
  hours-long lock of a whole address.

While throttled, no password is checked at all: the attempt is refused with how long to wait,
and is not counted (so refused attempts do not lengthen the wait).
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from customers.ratelimit import rate_limit_clear, rate_limit_hit, rate_limit_recent

SCOPE_SIGN_IN_ACCOUNT = "sign-in-email"
SCOPE_SIGN_IN_ACCOUNT_IP = "sign-in-email-ip"
SCOPE_SIGN_IN_IP = "sign-in-ip"
SCOPE_SIGN_IN_KNOWN_IP = "sign-in-known-ip"

# One (account, address) pair: this many failures in the window, then wait out the window.
SIGN_IN_PAIR_LIMIT = 5
SIGN_IN_PAIR_WINDOW_SECONDS = 15 * 60
# One account from anywhere, and one address whatever the email: this many failures in the
# window are free, then each further attempt waits BASE * 2^k seconds after the last failure
# (k = failures beyond the free ones), at most SIGN_IN_BACKOFF_MAX_SECONDS.
SIGN_IN_ACCOUNT_FREE_FAILURES = 5
SIGN_IN_IP_FREE_FAILURES = 20
SIGN_IN_BACKOFF_WINDOW_SECONDS = 60 * 60
SIGN_IN_BACKOFF_BASE_SECONDS = 15
SIGN_IN_BACKOFF_MAX_SECONDS = 15 * 60
# How long an address that signed in to an account stays exempt from that account's backoff
# (customers.ratelimit keeps no hit longer than a day).
SIGN_IN_KNOWN_IP_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class SignInThrottle:
    """Whether a sign-in may be tried now, and if not, for how many more seconds to wait."""

    retry_after: int = 0

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


def _pair_key(email: str, ip: str) -> str:
    return f"{email}|{ip}"


def _seconds_until(moment, now) -> int:
    return max(0, math.ceil((moment - now).total_seconds()))


def _backoff_wait(*, scope: str, key: str, free: int, now) -> int:
    count, _oldest, newest = rate_limit_recent(
        scope=scope, key=key, window_seconds=SIGN_IN_BACKOFF_WINDOW_SECONDS
    )
    if count < free:
        return 0
    delay = min(
        SIGN_IN_BACKOFF_BASE_SECONDS * 2 ** min(count - free, 20), SIGN_IN_BACKOFF_MAX_SECONDS
    )
    return _seconds_until(newest + timedelta(seconds=delay), now)


def _pair_wait(*, email: str, ip: str, now) -> int:
    count, oldest, _newest = rate_limit_recent(
        scope=SCOPE_SIGN_IN_ACCOUNT_IP,
        key=_pair_key(email, ip),
        window_seconds=SIGN_IN_PAIR_WINDOW_SECONDS,
    )
    if count < SIGN_IN_PAIR_LIMIT:
        return 0
    return max(1, _seconds_until(oldest + timedelta(seconds=SIGN_IN_PAIR_WINDOW_SECONDS), now))


def _is_known_ip(*, email: str, ip: str) -> bool:
    count, _oldest, _newest = rate_limit_recent(
        scope=SCOPE_SIGN_IN_KNOWN_IP,
        key=_pair_key(email, ip),
        window_seconds=SIGN_IN_KNOWN_IP_SECONDS,
    )
    return count > 0


def sign_in_throttle(*, email: str, ip: str) -> SignInThrottle:
    """How long `ip` must wait before trying a password for `email` (0: it may try now)."""
    now = timezone.now()
    waits = [
        _pair_wait(email=email, ip=ip, now=now),
        _backoff_wait(scope=SCOPE_SIGN_IN_IP, key=ip, free=SIGN_IN_IP_FREE_FAILURES, now=now),
    ]
    if not _is_known_ip(email=email, ip=ip):
        waits.append(
            _backoff_wait(
                scope=SCOPE_SIGN_IN_ACCOUNT,
                key=email,
                free=SIGN_IN_ACCOUNT_FREE_FAILURES,
                now=now,
            )
        )
    return SignInThrottle(retry_after=max(waits))


def sign_in_failed(*, email: str, ip: str) -> None:
    """Count one failed sign-in on the three counters."""
    rate_limit_hit(scope=SCOPE_SIGN_IN_ACCOUNT, key=email)
    rate_limit_hit(scope=SCOPE_SIGN_IN_ACCOUNT_IP, key=_pair_key(email, ip))
    rate_limit_hit(scope=SCOPE_SIGN_IN_IP, key=ip)


def sign_in_succeeded(*, email: str, ip: str) -> None:
    """Forget this address's failures on the account and remember it as the owner's."""
    rate_limit_clear(scope=SCOPE_SIGN_IN_ACCOUNT_IP, key=_pair_key(email, ip))
    rate_limit_clear(scope=SCOPE_SIGN_IN_KNOWN_IP, key=_pair_key(email, ip))
    rate_limit_hit(scope=SCOPE_SIGN_IN_KNOWN_IP, key=_pair_key(email, ip))
