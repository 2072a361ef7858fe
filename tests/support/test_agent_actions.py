"""An agent acts on the ticket's order through the order services (support.order_actions), and
each action is recorded on the ticket and on the order's timeline."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from orders.models import OrderEvent, Refund, ReturnRequest
from support.models import TicketEvent
from support.order_actions import ticket_order_action
from tests.clients import logged_in, messages_of
from tests.errors import error_codes
from tests.orders.order_builders import delivered_order, placed_order, seller
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db


def act(client, ticket_, action, **data):
    url = reverse("support:agent_order_action", args=[ticket_.number, action])
    return client.post(url, data, follow=True)


def recorded(ticket_, action):
    on_ticket = TicketEvent.objects.filter(ticket=ticket_, type="order_action", data__action=action)
    on_order = OrderEvent.objects.filter(
        order=ticket_.order, type="ticket_action", data__action=action
    )
    return on_ticket.count(), on_order.count(), on_order.filter(customer_visible=True).count()


def test_an_agent_creates_a_return_for_chosen_lines(agent, agent_client):
    order = delivered_order(quantities=(3, 1))
    ticket_ = open_ticket(order=order, category="return")
    line = order.lines.order_by("id").first()

    response = act(
        agent_client, ticket_, "create_return", **{f"line_{line.pk}": 2, "reason": "damaged"}
    )

    return_request = ReturnRequest.objects.get()
    assert [(rl.order_line, rl.quantity) for rl in return_request.lines.all()] == [(line, 2)]
    assert return_request.created_by == agent
    assert recorded(ticket_, "create_return") == (1, 1, 0)
    assert any(return_request.number in text for text in messages_of(response))


def test_an_agent_refunds_within_the_limit(agent_client):
    order = delivered_order()
    ticket_ = open_ticket(order=order, category="complaint")

    response = act(agent_client, ticket_, "refund", amount="20.00", reason="Late parcel")

    refund = Refund.objects.get()
    assert refund.amount == Decimal("20.00")
    assert refund.order == order
    assert recorded(ticket_, "refund") == (1, 1, 0)
    assert "Refund booked." in messages_of(response)


def test_a_refund_above_the_agents_limit_is_refused_and_nothing_changes(agent_client, settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("50.00")
    order = delivered_order()
    ticket_ = open_ticket(order=order)

    response = act(agent_client, ticket_, "refund", amount="60.00", reason="Goodwill")

    assert response.status_code == 200
    assert not Refund.objects.exists()
    assert recorded(ticket_, "refund") == (0, 0, 0)
    assert any("at most" in text for text in messages_of(response))


def test_the_service_refuses_a_refund_above_the_limit_with_its_code(agent):
    ticket_ = open_ticket(order=delivered_order())

    with pytest.raises(ValidationError) as refused:
        ticket_order_action(
            ticket=ticket_, action="refund", user=agent, amount="60.00", reason="Goodwill"
        )

    assert error_codes(refused) == ["refund_limit_exceeded"]
    assert not Refund.objects.exists()


def test_an_agent_cancels_an_unshipped_order(agent_client):
    order = placed_order()
    ticket_ = open_ticket(order=order, category="order_status")

    response = act(agent_client, ticket_, "cancel", reason="Ordered twice")

    order.refresh_from_db()
    assert order.status == "canceled"
    assert recorded(ticket_, "cancel") == (1, 1, 0)
    assert "Order canceled." in messages_of(response)


def test_cancelling_a_shipped_order_is_refused_and_nothing_changes(agent, agent_client):
    order = delivered_order()
    ticket_ = open_ticket(order=order)

    response = act(agent_client, ticket_, "cancel", reason="Too late")
    with pytest.raises(ValidationError) as refused:
        ticket_order_action(ticket=ticket_, action="cancel", user=agent)

    order.refresh_from_db()
    assert order.status == "delivered"
    assert refused.value.code == "invalid_transition"
    assert recorded(ticket_, "cancel") == (0, 0, 0)
    assert messages_of(response)


def test_an_agent_resends_the_order_confirmation(agent_client, django_capture_on_commit_callbacks):
    order = placed_order()
    ticket_ = open_ticket(order=order)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(agent_client, ticket_, "resend_confirmation")

    assert [m.to for m in mail.outbox if order.number in m.subject] == [[order.email]]
    assert recorded(ticket_, "resend_confirmation") == (1, 1, 0)


def test_only_agents_act_on_orders():
    ticket_ = open_ticket(order=placed_order())
    not_an_agent = seller()

    with pytest.raises(ValidationError) as refused:
        ticket_order_action(ticket=ticket_, action="cancel", user=not_an_agent)
    response = act(logged_in(not_an_agent), ticket_, "cancel")

    assert refused.value.code == "permission_denied"
    assert response.status_code == 403
    ticket_.order.refresh_from_db()
    assert ticket_.order.status == "unconfirmed"


def test_a_ticket_without_an_order_and_an_unknown_action_are_refused(agent, agent_client):
    ticket_ = open_ticket()

    with pytest.raises(ValidationError) as no_order:
        ticket_order_action(ticket=ticket_, action="cancel", user=agent)
    with pytest.raises(ValidationError) as unknown:
        ticket_order_action(ticket=ticket_, action="explode", user=agent)

    assert no_order.value.code == "not_found"
    assert unknown.value.code == "invalid"
    assert act(agent_client, ticket_, "explode").status_code == 200


def test_order_actions_need_a_csrf_token(agent):
    ticket_ = open_ticket(order=placed_order())
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(reverse("support:agent_order_action", args=[ticket_.number, "cancel"]))

    assert response.status_code == 403
    ticket_.order.refresh_from_db()
    assert ticket_.order.status == "unconfirmed"


def test_a_return_of_lines_not_delivered_is_refused_and_nothing_changes(agent_client):
    order = placed_order()  # not shipped: nothing to return
    ticket_ = open_ticket(order=order, category="return")
    line = order.lines.order_by("id").first()

    response = act(
        agent_client, ticket_, "create_return", **{f"line_{line.pk}": 1, "reason": "damaged"}
    )

    assert response.status_code == 200
    assert not ReturnRequest.objects.exists()
    assert recorded(ticket_, "create_return") == (0, 0, 0)
    assert messages_of(response)
