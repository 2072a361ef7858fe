"""The guest's order look-up: an order number plus the email it was placed with.

A wrong number and a wrong email get the same answer, in the same single query. Only guest
orders are found this way: an order of an account is read by signing in (knowing someone's
email and an order number must not be enough to see their account's orders). Failures are
counted per client IP and per order number in the database.

The query is the orders' (orders.selectors.guest_order_for_lookup): customers sits below
orders, so the caller (the look-up page, the `orderLookup` query) hands it in as `find`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import typed_error
from customers.error_codes import OrderLookupErrorCode
from customers.ratelimit import rate_limit_hit, rate_limited

LOOKUP_WINDOW_SECONDS = 15 * 60
LOOKUP_LIMIT_PER_IP = getattr(settings, "SHOP_ORDER_LOOKUP_LIMIT_PER_IP", 10)
LOOKUP_LIMIT_PER_NUMBER = getattr(settings, "SHOP_ORDER_LOOKUP_LIMIT_PER_NUMBER", 5)
SCOPE_IP = "order-lookup-ip"
SCOPE_NUMBER = "order-lookup-number"

Found = TypeVar("Found")  # what `find` returns: an orders.models.Order


def order_lookup_not_found_message() -> str:
    return _("No order matches this number and email address.")


def order_lookup(*, number: str, email: str, ip: str, find: Callable[..., Found | None]) -> Found:
    """The guest order with this number and email, as `find(number=, email=)` reads it (one
    query, None when nothing matches). Raises ValidationError with NOT_FOUND (the same for a
    wrong number and a wrong email) or RATE_LIMITED, checked before `find` is called."""
    number = (number or "").strip()
    email = (email or "").strip()
    window = LOOKUP_WINDOW_SECONDS
    if rate_limited(
        scope=SCOPE_IP, key=ip, limit=LOOKUP_LIMIT_PER_IP, window_seconds=window
    ) or rate_limited(
        scope=SCOPE_NUMBER, key=number, limit=LOOKUP_LIMIT_PER_NUMBER, window_seconds=window
    ):
        raise typed_error(
            _("Too many look-ups. Please wait %(minutes)s minutes and try again.")
            % {"minutes": window // 60},
            OrderLookupErrorCode.RATE_LIMITED,
        )
    order = find(number=number, email=email)
    if order is None:
        rate_limit_hit(scope=SCOPE_IP, key=ip)
        rate_limit_hit(scope=SCOPE_NUMBER, key=number)
        raise typed_error(order_lookup_not_found_message(), OrderLookupErrorCode.NOT_FOUND)
    return order
