"""The periodic cancel of unpaid offline orders (orders/lifecycle/housekeeping.py, a Celery
beat task)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from orders.lifecycle.fulfillment import order_fulfill
from orders.lifecycle.transitions import order_confirm
from orders.models import Order
from orders.payments.ledger import order_mark_paid
from orders.tasks import cancel_unpaid_orders
from shop.models import ProductVariant
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db


def _placed_hours_ago(order: Order, hours: float) -> Order:
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=hours))
    return Order.objects.get(pk=order.pk)


def test_unpaid_offline_orders_past_the_delay_are_canceled_with_a_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.SHOP_UNPAID_ORDER_CANCEL_HOURS = 48
    settings.SHOP_UNPAID_ORDERS_MAX = 10  # one shopper's many unpaid orders, for the sweep
    old_unpaid = _placed_hours_ago(placed_order(quantities=(2,), paid=False), 49)
    old_confirmed = _placed_hours_ago(placed_order(paid=False), 50)
    order_confirm(order=old_confirmed)
    recent_unpaid = _placed_hours_ago(placed_order(paid=False), 47)
    old_paid = _placed_hours_ago(placed_order(paid=True), 100)
    old_shipped = placed_order(quantities=(1,), paid=False)
    order_fulfill(order=old_shipped, lines=[(old_shipped.lines.get().pk, 1)])
    old_shipped = _placed_hours_ago(old_shipped, 100)
    variant = ProductVariant.objects.get(pk=old_unpaid.lines.get().variant_id)
    stock_before = variant.quantity
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert cancel_unpaid_orders.delay().get() == 2

    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[old_unpaid.pk] == "canceled"
    assert statuses[old_confirmed.pk] == "canceled"
    assert statuses[recent_unpaid.pk] == "unconfirmed"
    assert statuses[old_paid.pk] == "unconfirmed"
    assert statuses[old_shipped.pk] == "fulfilled"
    event = old_unpaid.events.get(type="canceled")
    assert event.message == "Not paid within 48 hours."
    variant.refresh_from_db()
    assert variant.quantity == stock_before + 2
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"Your order {order.number} is canceled" for order in (old_unpaid, old_confirmed)
    )
    assert cancel_unpaid_orders.delay().get() == 0


def test_partly_paid_shipped_and_pay_on_delivery_orders_are_never_canceled(settings):
    settings.SHOP_UNPAID_ORDER_CANCEL_HOURS = 48
    settings.SHOP_UNPAID_ORDERS_MAX = 10
    partly_paid = placed_order(quantities=(1,), paid=False)
    order_mark_paid(order=partly_paid, amount=Decimal("5.00"), reference="VIR-1")
    partly_paid = _placed_hours_ago(partly_paid, 100)
    on_delivery = _placed_hours_ago(
        placed_order(quantities=(1,), paid=False, gateway="pay_on_delivery"), 100
    )
    forgotten = _placed_hours_ago(placed_order(quantities=(1,), paid=False), 100)

    assert cancel_unpaid_orders.delay().get() == 1

    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[forgotten.pk] == "canceled"
    assert statuses[partly_paid.pk] == "unconfirmed"
    assert statuses[on_delivery.pk] == "unconfirmed"


def test_the_beat_schedule_runs_both_sweeps(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks >= {
        "orders.tasks.release_expired_reservations",
        "orders.tasks.cancel_unpaid_orders",
        "customers.tasks.purge_rate_limit_hits",
        "orders.tasks.retry_pending_refunds",
    }
    from config.celery import app

    app.loader.import_default_modules()  # what a worker does at start: every app's tasks
    assert set(app.conf.beat_schedule) == set(settings.CELERY_BEAT_SCHEDULE)
    assert tasks <= set(app.tasks)
