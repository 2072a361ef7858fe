"""Attack: a support agent splits a large refund into many small ones to pass the per-refund cap
(five refunds of €46 refunded €230), or spreads refunds over many orders in a day."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orders.error_codes import OrderErrorCode
from orders.models import PaymentTransaction, Refund
from orders.returns.services import order_refund
from support.order_actions import ticket_order_action
from tests.clients import messages_of
from tests.errors import error_codes
from tests.orders.order_builders import delivered_order, seller
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

FORTY_SIX = Decimal("46.00")


def refunded_on(order) -> Decimal:
    booked = PaymentTransaction.objects.filter(
        payment__order=order, kind=PaymentTransaction.Kind.REFUND
    )
    return sum((row.amount for row in booked), Decimal(0))


def test_five_small_agent_refunds_on_one_order_stop_at_the_per_order_cap(agent, settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("50.00")
    settings.SUPPORT_AGENT_REFUND_DAILY_LIMIT = Decimal("200.00")
    order = delivered_order(quantities=(4, 4))  # 200.00 captured
    ticket_ = open_ticket(order=order, category="complaint")

    ticket_order_action(
        ticket=ticket_, action="refund", user=agent, amount=FORTY_SIX, reason="Late 1"
    )
    codes = []
    for attempt in range(2, 6):
        with pytest.raises(ValidationError) as refused:
            ticket_order_action(
                ticket=ticket_,
                action="refund",
                user=agent,
                amount=FORTY_SIX,
                reason=f"Late {attempt}",
            )
        codes.append(error_codes(refused)[0])

    assert codes == [OrderErrorCode.REFUND_LIMIT_EXCEEDED.value] * 4
    assert list(Refund.objects.values_list("amount", flat=True)) == [FORTY_SIX]
    assert refunded_on(order) == FORTY_SIX


def test_the_agent_ticket_page_refuses_the_second_split_refund(agent_client, settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("50.00")
    order = delivered_order(quantities=(4, 4))
    ticket_ = open_ticket(order=order, category="complaint")
    url = reverse("support:agent_order_action", args=[ticket_.number, "refund"])

    agent_client.post(url, {"amount": "46.00", "reason": "Late 1"}, follow=True)
    response = agent_client.post(url, {"amount": "46.00", "reason": "Late 2"}, follow=True)

    assert any("€4.00 left" in text for text in messages_of(response))
    assert refunded_on(order) == FORTY_SIX


def test_an_agent_cannot_pass_the_daily_cap_by_spreading_refunds_over_orders(agent, settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("50.00")
    settings.SUPPORT_AGENT_REFUND_DAILY_LIMIT = Decimal("100.00")
    orders = [delivered_order(quantities=(2,)) for _ in range(3)]

    for order in orders[:2]:
        order_refund(order=order, amount=FORTY_SIX, reason="Goodwill", user=agent)
    with pytest.raises(ValidationError) as refused:
        order_refund(order=orders[2], amount=FORTY_SIX, reason="Goodwill", user=agent)

    assert error_codes(refused)[0] == OrderErrorCode.REFUND_LIMIT_EXCEEDED.value
    assert refunded_on(orders[2]) == 0
    assert Refund.objects.count() == 2


def test_a_seller_is_not_capped(settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("50.00")
    settings.SUPPORT_AGENT_REFUND_DAILY_LIMIT = Decimal("100.00")
    order = delivered_order(quantities=(4, 4))
    sales = seller()

    for attempt in range(4):
        order_refund(order=order, amount=FORTY_SIX, reason=f"Goodwill {attempt}", user=sales)

    assert refunded_on(order) == 4 * FORTY_SIX
