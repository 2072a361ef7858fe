"""Attack: a shopper (or anyone holding an order's id) marks their own unpaid bank transfer or
pay-on-delivery order paid through orderMarkPaid or the admin URL, to get it shipped and
invoiced without paying. Only sellers may record money received."""

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import PaymentTransaction
from tests.api import graphql
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.graphql.staff_graphql_support import order_gid
from tests.orders.order_builders import customers_order, support_agent

pytestmark = pytest.mark.django_db

MARK_PAID = """
mutation ($id: ID!) {
  orderMarkPaid(id: $id, input: {amount: "1.00", reference: "FAKE"}) {
    order { paymentStatus }
    errors { field code message }
  }
}
"""


@pytest.fixture
def unpaid_order():
    owner = UserFactory(email="owner@example.com")
    order = customers_order(owner, delivered=False, paid=False)
    return owner, order


@pytest.mark.parametrize("who", ["anonymous", "owner", "support_agent"])
def test_no_one_but_a_seller_can_mark_an_order_paid(who, unpaid_order):
    owner, order = unpaid_order
    client = {
        "anonymous": Client,
        "owner": lambda: logged_in(owner),
        "support_agent": lambda: logged_in(support_agent()),
    }[who]()

    payload = graphql(client, MARK_PAID, {"id": order_gid(order)})["data"]["orderMarkPaid"]
    admin = client.post(
        reverse("admin:orders_order_mark_paid", args=[order.pk]),
        {"amount": "1.00", "reference": "FAKE", "paid_at": "2026-12-01", "idempotency_key": "x"},
    )

    assert payload["order"] is None
    assert [error["code"] for error in payload["errors"]] == ["PERMISSION_DENIED"]
    assert admin.status_code in (302, 403)  # the admin's sign-in page, or refused
    assert not PaymentTransaction.objects.filter(payment__order=order, kind="capture").exists()
    order.refresh_from_db()
    assert order.payment_status == "not_charged"
