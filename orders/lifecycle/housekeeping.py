"""Periodic clean-up of orders (run by Celery beat, see orders.tasks and the README)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orders.lifecycle.cancel import order_cancel
from orders.models import Fulfillment, Order
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.base import OFFLINE_GATEWAYS, GatewayName

logger = logging.getLogger(__name__)


def orders_unpaid_offline_open() -> QuerySet:
    """Offline orders (bank transfer, pay on delivery) placed, not paid at all, not shipped,
    not canceled: each holds its stock until paid or canceled. Counted against the limits of
    orders.checkout.stock_holds."""
    return Order.objects.filter(
        gateway__in=OFFLINE_GATEWAYS,
        payment_status=PaymentStatus.NOT_CHARGED,
        status__in=[OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED],
    ).exclude(pk__in=Fulfillment.objects.values("order_id"))


def orders_unpaid_expired(*, now=None):
    """Bank transfer orders with nothing received SHOP_UNPAID_ORDER_CANCEL_HOURS after they were
    placed, and nothing shipped. Never an order paid or partly paid, never one with a parcel
    sent, never a pay-on-delivery order (it is paid when delivered)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.SHOP_UNPAID_ORDER_CANCEL_HOURS)
    return (
        orders_unpaid_offline_open()
        .filter(gateway=GatewayName.BANK_TRANSFER, created_at__lt=cutoff)
        .order_by("created_at", "id")
    )


def orders_cancel_unpaid(*, now=None) -> int:
    """Cancel each unpaid bank transfer order past the delay through the lifecycle (stock back on
    sale, event, email), one transaction per order. Returns the count."""
    canceled = 0
    hours = settings.SHOP_UNPAID_ORDER_CANCEL_HOURS
    for order_id in list(orders_unpaid_expired(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again on the locked row: it may have been paid or shipped meanwhile.
            order = orders_unpaid_expired(now=now).select_for_update().filter(pk=order_id).first()
            if order is None:
                continue
            with translation.override(order.language_code):
                reason = _("Not paid within %(hours)s hours.") % {"hours": hours}
                try:
                    order_cancel(order=order, reason=reason)
                except ValidationError as error:
                    logger.info("Unpaid order %s not canceled: %s", order.number, error)
                    continue
        canceled += 1
    return canceled
