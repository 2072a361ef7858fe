"""The seller's order page starts with the order's state and actions, and its timeline reads as
words, not JSON."""

import pytest
from django.urls import reverse

from tests.clients import logged_in
from tests.orders.order_builders import seller, shipped_order

pytestmark = pytest.mark.django_db


def test_the_order_page_shows_actions_first_and_a_timeline_in_words():
    order = shipped_order(carrier="colissimo", tracking_number="6A999")
    client = logged_in(seller())

    html = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    # The seller's actions come before the order's read-only details and lines.
    assert html.index('id="order-actions-title"') < html.index('id="lines-group"')
    assert "Unfulfilled → Shipped" in html
    assert "Tracking number: 6A999" in html
    assert f"Amount: €{order.total}" in html
    assert '{"from"' not in html and "&quot;from&quot;" not in html
    assert 'value="Close"' not in html and ">Close<" not in html
