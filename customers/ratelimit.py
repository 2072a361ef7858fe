"""A small rate limiter in the database: count attempts per scope and key within a window."""

import hashlib
from datetime import timedelta

from django.db.models import Count, Max, Min
from django.utils import timezone

from customers.models import RateLimitHit


def _key(raw: str) -> str:
    return hashlib.sha256(raw.lower().encode()).hexdigest()


def rate_limited(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """True when `key` has already used up its `limit` attempts in the window."""
    since = timezone.now() - timedelta(seconds=window_seconds)
    hits = RateLimitHit.objects.filter(scope=scope, key=_key(key), created_at__gte=since)
    return hits.count() >= limit


def rate_limit_hit(*, scope: str, key: str) -> None:
    """Count one attempt (a failed sign-in, a look-up)."""
    RateLimitHit.objects.create(scope=scope, key=_key(key))


def rate_limit_clear(*, scope: str, key: str) -> None:
    """Forget the attempts of `key` (after a successful sign-in)."""
    RateLimitHit.objects.filter(scope=scope, key=_key(key)).delete()


# No limit looks further back than this; older hits are never read again.
RATE_LIMIT_HITS_KEPT = timedelta(days=1)


def rate_limit_hits_purge() -> int:
    """Delete the hits no window reaches any more (Celery beat, hourly); returns how many."""
    deleted, _ = RateLimitHit.objects.filter(
        created_at__lt=timezone.now() - RATE_LIMIT_HITS_KEPT
    ).delete()
    return deleted


def rate_limit_recent(*, scope: str, key: str, window_seconds: int) -> tuple[int, object, object]:
    """How many attempts `key` made in the window, with the times of the oldest and the newest
    (None when there are none): what a backoff needs to say how long to wait."""
    since = timezone.now() - timedelta(seconds=window_seconds)
    hits = RateLimitHit.objects.filter(scope=scope, key=_key(key), created_at__gte=since)
    summary = hits.aggregate(count=Count("pk"), oldest=Min("created_at"), newest=Max("created_at"))
    return summary["count"], summary["oldest"], summary["newest"]
