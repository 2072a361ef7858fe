"""How much and how long one shopper may keep stock away from the others (security issue 10).

Stock is held by a checkout's reservation while its payment runs, and by a placed offline order
(pay on delivery, bank transfer) until it is paid or canceled after
SHOP_UNPAID_ORDER_CANCEL_HOURS. Anyone can start either, anonymously; these rules keep the last
units on sale without stopping a real buyer (who needs one checkout, a few minutes and at most
a couple of unpaid orders):

- A checkout's hold lasts SHOP_RESERVATION_MINUTES and each payment start renews it, but never
  past SHOP_RESERVATION_MAX_MINUTES after the hold began. Then the stock is on sale for others
  for one SHOP_RESERVATION_MINUTES cool-down, during which the checkout cannot hold it again
  (RESERVATION_EXPIRED: the shopper is slowed down, not locked out).
- One checkout reserves at most SHOP_RESERVATION_MAX_SHARE of a variant's stock, but always
  up to SHOP_RESERVATION_MIN_UNITS (at least one), so the last units can still be sold
  (shop.stock.stock_reserve checks it; QUANTITY_GREATER_THAN_LIMIT).
- One client address (core.http.client_ip) starts at most SHOP_RESERVATION_HOLDS_PER_IP holds a
  day (TOO_MANY_RESERVATIONS); renewing a hold does not count.
- One email (or account) has at most SHOP_UNPAID_ORDERS_MAX unpaid offline orders open at once,
  and one address places at most SHOP_UNPAID_ORDERS_PER_IP of them a day
  (TOO_MANY_UNPAID_ORDERS), checked when the payment starts and again when the order is placed.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import typed_error
from customers.ratelimit import RATE_LIMIT_HITS_KEPT, rate_limit_hit, rate_limited
from orders.error_codes import CheckoutErrorCode
from orders.lifecycle.housekeeping import orders_unpaid_offline_open
from orders.models import Checkout, Order
from orders.models.order import PaymentStatus

HOLD_SCOPE = "checkout_stock_hold"
UNPAID_ORDER_SCOPE = "unpaid_offline_order"
# The per-address counts look back one day (the rate limiter keeps its hits that long).
ADDRESS_WINDOW = RATE_LIMIT_HITS_KEPT


def checkout_hold_expiry(*, checkout: Checkout, ip: str | None, now: datetime) -> datetime:
    """When the stock reservation made now for `checkout` must end, starting a new hold (and
    counting it against `ip`) when the checkout holds nothing yet or its last hold and cool-down
    are over. Saves the checkout's `stock_held_since`.

    Call holding the checkout's row lock. Refused (nothing written): RESERVATION_EXPIRED during
    the cool-down after a hold reached SHOP_RESERVATION_MAX_MINUTES, TOO_MANY_RESERVATIONS when
    `ip` started SHOP_RESERVATION_HOLDS_PER_IP holds in the last day. `ip` None (a task, a
    test building data) is not counted.
    """
    lifetime = timedelta(minutes=settings.SHOP_RESERVATION_MAX_MINUTES)
    renewal = timedelta(minutes=settings.SHOP_RESERVATION_MINUTES)
    started = checkout.stock_held_since
    if started is not None and now < started + lifetime:
        return min(now + renewal, started + lifetime)
    if started is not None and now < started + lifetime + renewal:
        wait = started + lifetime + renewal - now
        raise typed_error(
            _(
                "Your items were kept for you as long as we can; they are back on sale for a "
                "few minutes. Try again in %(minutes)s minutes."
            ),
            CheckoutErrorCode.RESERVATION_EXPIRED,
            field="id",
            minutes=int(wait.total_seconds() // 60) + 1,
        )
    if ip is not None:
        limit = settings.SHOP_RESERVATION_HOLDS_PER_IP
        window = int(ADDRESS_WINDOW.total_seconds())
        if rate_limited(scope=HOLD_SCOPE, key=ip, limit=limit, window_seconds=window):
            raise typed_error(
                _("Too many checkouts were started from your network today; try again later."),
                CheckoutErrorCode.TOO_MANY_RESERVATIONS,
                field="id",
            )
        rate_limit_hit(scope=HOLD_SCOPE, key=ip)
    checkout.stock_held_since = now
    checkout.save(update_fields=["stock_held_since"])
    return min(now + renewal, now + lifetime)


def _too_many_unpaid() -> ValidationError:
    return typed_error(
        _(
            "You already have unpaid orders waiting for payment. Pay them, or choose to pay by "
            "card, before placing another."
        ),
        CheckoutErrorCode.TOO_MANY_UNPAID_ORDERS,
        field="id",
    )


def unpaid_orders_check(*, checkout: Checkout, ip: str | None) -> None:
    """Refuse (TOO_MANY_UNPAID_ORDERS) one more unpaid offline order for the checkout's email
    or account, or from `ip`, past the limits. Only when offline orders stay unpaid at
    placement (not with OFFLINE_GATEWAY_MARK_PAID)."""
    if settings.OFFLINE_GATEWAY_MARK_PAID:
        return
    owner = Q(email__iexact=checkout.email) if checkout.email else Q(pk__in=[])
    if checkout.user_id is not None:
        owner |= Q(user_id=checkout.user_id)
    if orders_unpaid_offline_open().filter(owner).count() >= settings.SHOP_UNPAID_ORDERS_MAX:
        raise _too_many_unpaid()
    if ip is not None:
        limit = settings.SHOP_UNPAID_ORDERS_PER_IP
        window = int(ADDRESS_WINDOW.total_seconds())
        if rate_limited(scope=UNPAID_ORDER_SCOPE, key=ip, limit=limit, window_seconds=window):
            raise _too_many_unpaid()


def unpaid_order_placed(*, order: Order, ip: str | None) -> None:
    """Count a newly placed unpaid offline order against `ip`."""
    if ip is not None and order.payment_status == PaymentStatus.NOT_CHARGED:
        rate_limit_hit(scope=UNPAID_ORDER_SCOPE, key=ip)
