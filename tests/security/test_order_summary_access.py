"""Attack: fetching someone else's order summary PDF (their address, what they bought, what
they owe) by its link. It follows the invoice's rule: the owner, a guest holding the order's
token, staff allowed to view orders; anyone else gets the same 404 as for a made-up token."""

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Invoice
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.order_builders import customers_order, placed_order, seller, shopper

pytestmark = pytest.mark.django_db


def test_another_customer_cannot_fetch_an_order_summary():
    owner = shopper()
    order = customers_order(owner, delivered=False, paid=False)
    url = reverse("orders:order_summary", args=[order.token])

    mallory = logged_in(UserFactory(email="mallory@example.com"))
    assert mallory.get(url).status_code == 404
    assert Client().get(url).status_code == 404  # an account's order: the link alone is not enough

    assert logged_in(owner).get(url).status_code == 200
    assert logged_in(seller()).get(url).status_code == 200
    assert not Invoice.objects.exists()  # a summary never numbers an invoice


def test_a_guest_order_summary_opens_with_its_token_only():
    order = placed_order(paid=False)

    assert Client().get(reverse("orders:order_summary", args=[order.token])).status_code == 200
    made_up = "00000000-0000-0000-0000-000000000000"
    assert Client().get(reverse("orders:order_summary", args=[made_up])).status_code == 404
    assert Client().post(reverse("orders:order_summary", args=[order.token])).status_code == 405
