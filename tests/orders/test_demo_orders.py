"""The demo shopper and their orders, made by `manage.py load_demo_shop` through the real
services: a new user can sign in and follow a delivered order, a parcel on its way, and a
placed order."""

import pytest

from orders.models import Fulfillment, Order
from orders.returns.selectors import order_returnable_lines
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_shopper_has_a_delivered_a_shipped_and_a_placed_order(client):
    output = load_demo("--products", "30")

    assert "shopper@example.com / demo-shopper-2026" in output
    orders = list(Order.objects.filter(user__email="shopper@example.com").order_by("number"))
    assert [order.status for order in orders] == ["delivered", "fulfilled", "unconfirmed"]
    delivered, shipped, placed = orders
    assert {parcel.status for parcel in delivered.fulfillments.all()} == {
        Fulfillment.Status.DELIVERED
    }
    assert [quantity for _line, quantity, _why in order_returnable_lines(delivered)] == [1, 1, 1]
    parcel = shipped.fulfillments.get()
    assert parcel.status == Fulfillment.Status.SHIPPED
    assert parcel.tracking_url.startswith("https://www.laposte.fr/")
    assert delivered.payment_status == "fully_charged"
    assert placed.payment_status == "not_charged"

    assert client.login(email="shopper@example.com", password="demo-shopper-2026")
    page = client.get(delivered.get_absolute_url())
    assert page.status_code == 200
    assert delivered.number in page.content.decode()


def test_loading_again_gives_the_shopper_no_new_orders():
    load_demo("--products", "30")
    output = load_demo("--products", "30")

    assert Order.objects.filter(user__email="shopper@example.com").count() == 3
    assert "The demo shopper account: shopper@example.com" in output


def test_without_staff_accounts_there_is_no_demo_shopper_either():
    load_demo("--products", "30", "--no-staff")

    assert not Order.objects.exists()
