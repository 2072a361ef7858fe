"""The support desk's flood limits, counted in the database (customers.ratelimit) per rolling
hour; the numbers are settings (SUPPORT_*_PER_HOUR).

- Ticket creation from the web and the API: per client IP and per requester email. A refusal is
  RATE_LIMITED and writes nothing.
- Acknowledgement emails: per address, whatever the channel. Past the limit the ticket is still
  stored (a real shopper's question is never lost, and the agents' answer still goes out), only
  the automatic "we received your message" is held back, so nobody can make the shop mail-bomb
  a victim's address by opening tickets in their name.
- FAQ suggestions (a GET): per client IP; each article counts as suggested at most once per
  client and hour, so the counters and the search log cannot be pumped.
- FAQ searches (the help page, a GET): always answered, but logged for the community manager at
  most SUPPORT_FAQ_SEARCH_LOGS_PER_IP_PER_HOUR times per client IP, so a loop of GETs cannot
  fill the search log.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import typed_error
from customers.ratelimit import rate_limit_hit, rate_limited
from support.error_codes import TicketErrorCode

HOUR = 3600
SCOPE_TICKETS_IP = "support-tickets-ip"
SCOPE_TICKETS_EMAIL = "support-tickets-email"
SCOPE_ACKNOWLEDGEMENTS = "support-acknowledgement-email"
SCOPE_FAQ_SUGGESTIONS_IP = "support-faq-suggestions-ip"
SCOPE_FAQ_SUGGESTED = "support-faq-suggested"
SCOPE_FAQ_SEARCH_LOG_IP = "support-faq-search-log-ip"


def rate_limited_error() -> ValidationError:
    return typed_error(
        _("Too many messages were sent from your connection or address. Please try again later."),
        TicketErrorCode.RATE_LIMITED,
    )


def ticket_creation_count(*, ip: str, email: str) -> None:
    """Count one ticket opened from `ip` for `email`, or raise RATE_LIMITED (nothing counted)
    when either has used up its hourly limit."""
    if rate_limited(
        scope=SCOPE_TICKETS_IP,
        key=ip,
        limit=settings.SUPPORT_TICKETS_PER_IP_PER_HOUR,
        window_seconds=HOUR,
    ) or rate_limited(
        scope=SCOPE_TICKETS_EMAIL,
        key=email,
        limit=settings.SUPPORT_TICKETS_PER_EMAIL_PER_HOUR,
        window_seconds=HOUR,
    ):
        raise rate_limited_error()
    rate_limit_hit(scope=SCOPE_TICKETS_IP, key=ip)
    rate_limit_hit(scope=SCOPE_TICKETS_EMAIL, key=email)


def acknowledgement_count(*, email: str) -> bool:
    """Count one acknowledgement email to `email`; False (nothing counted) past the limit."""
    if rate_limited(
        scope=SCOPE_ACKNOWLEDGEMENTS,
        key=email,
        limit=settings.SUPPORT_ACKNOWLEDGEMENTS_PER_EMAIL_PER_HOUR,
        window_seconds=HOUR,
    ):
        return False
    rate_limit_hit(scope=SCOPE_ACKNOWLEDGEMENTS, key=email)
    return True


def faq_suggestions_count(*, ip: str) -> None:
    """Count one FAQ suggestion request from `ip`, or raise RATE_LIMITED past the limit."""
    if rate_limited(
        scope=SCOPE_FAQ_SUGGESTIONS_IP,
        key=ip,
        limit=settings.SUPPORT_FAQ_SUGGESTIONS_PER_IP_PER_HOUR,
        window_seconds=HOUR,
    ):
        raise rate_limited_error()
    rate_limit_hit(scope=SCOPE_FAQ_SUGGESTIONS_IP, key=ip)


def faq_suggested_first_time(*, ip: str, article_id: int) -> bool:
    """True (and remembered for an hour) the first time `ip` is shown this article."""
    key = f"{ip}:{article_id}"
    if rate_limited(scope=SCOPE_FAQ_SUGGESTED, key=key, limit=1, window_seconds=HOUR):
        return False
    rate_limit_hit(scope=SCOPE_FAQ_SUGGESTED, key=key)
    return True


def faq_search_log_allowed(*, ip: str) -> bool:
    """Count one logged FAQ search from `ip`; False (nothing counted) past the hourly limit."""
    if rate_limited(
        scope=SCOPE_FAQ_SEARCH_LOG_IP,
        key=ip,
        limit=settings.SUPPORT_FAQ_SEARCH_LOGS_PER_IP_PER_HOUR,
        window_seconds=HOUR,
    ):
        return False
    rate_limit_hit(scope=SCOPE_FAQ_SEARCH_LOG_IP, key=ip)
    return True
