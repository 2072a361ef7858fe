"""Bank transfer and pay on delivery are two methods, each with its own instructions, the same
on the confirmation page, in the order email, on the order summary and in GraphQL."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from orders.notifications.order_emails import order_email_send
from tests.api import graphql
from tests.files import pdf_text
from tests.orders.graphql.staff_graphql_support import order_gid
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db

ORDER_QUERY = """
query ($id: ID!) { order(id: $id) {
  customerStatusLabel customerPaymentStatusLabel
  paymentMethod { code name }
  paymentInstructions { title text amountDue { amount } bankDetails reference }
} }
"""


def pages(order):
    """The order page, the order summary PDF and the order email, as the guest gets them."""
    client = Client()
    page = client.get(order.get_absolute_url()).content.decode()
    summary_url = reverse("orders:order_summary", kwargs={"token": order.token})
    summary = pdf_text(client.get(summary_url).content)
    mail.outbox.clear()
    order_email_send(order_id=order.pk, kind="placed")
    (email,) = mail.outbox
    return page, summary, email.body


def query(order):
    return graphql(Client(), ORDER_QUERY, {"id": order_gid(order)})["data"]["order"]


def test_pay_on_delivery_says_to_pay_the_courier_and_never_shows_bank_details():
    order = placed_order(quantities=(1,), paid=False, gateway="pay_on_delivery")

    for text in pages(order):
        assert "How to pay on delivery" in text
        assert "courier" in text
        assert settings.SHOP_BANK_DETAILS not in text
        assert "transfer" not in text.lower()

    data = query(order)
    assert data["paymentMethod"] == {"code": "pay_on_delivery", "name": "Pay on delivery"}
    assert data["customerStatusLabel"] == "Order received"
    assert data["customerPaymentStatusLabel"] == "To pay on delivery"
    assert data["paymentInstructions"]["bankDetails"] == ""


def test_bank_transfer_gives_the_account_and_the_reference_and_never_mentions_the_courier():
    order = placed_order(quantities=(1,), paid=False, gateway="bank_transfer")

    for text in pages(order):
        assert "How to pay by bank transfer" in text
        assert settings.SHOP_BANK_DETAILS in text and order.number in text
        assert "courier" not in text

    data = query(order)
    assert data["customerStatusLabel"] == "Awaiting payment"
    instructions = data["paymentInstructions"]
    assert (instructions["reference"], instructions["amountDue"]["amount"]) == (
        order.number,
        str(order.total),
    )


def test_a_paid_order_has_no_instructions():
    order = placed_order(quantities=(1,), paid=True)

    data = query(order)

    assert data["paymentInstructions"] is None
    assert data["customerPaymentStatusLabel"] == "Paid"
