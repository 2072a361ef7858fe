"""Processing a Stripe event again from the admin places orders and moves money: only those who
may act on orders (Sellers) may; a support agent, who may view the events, may not."""

import pytest
from django.urls import reverse

from orders.models import Order
from tests.orders.builders import failed_stripe_event

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:orders_stripeevent_changelist")


def test_support_agent_cannot_process_an_event_again(agent_client, stripe_settings, localstripe):
    stored = failed_stripe_event(localstripe)
    assert agent_client.get(CHANGELIST).status_code == 200
    assert "process_again" not in agent_client.get(CHANGELIST).content.decode()

    agent_client.post(CHANGELIST, {"action": "process_again", "_selected_action": [stored.pk]})

    stored.refresh_from_db()
    assert (stored.processed_at, stored.attempts) == (None, 2)
    assert not Order.objects.exists()
