"""The demo loader's shipping methods and promo code: there after one run, untouched by the next."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from orders.models import Order, ShippingMethod, Voucher
from orders.returns import order_returnable_lines

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo_shop", "--products", "0", "--no-staff", stdout=out)
    return out.getvalue()


def test_demo_shop_has_shipping_methods_and_a_welcome_code():
    output = load_demo()

    assert "Created 3 shipping methods and 1 promo codes (WELCOME10)." in output
    methods = {m.name: m for m in ShippingMethod.objects.all()}
    assert methods["Colissimo"].price_for(Decimal("59.99")) == Decimal("4.90")
    assert methods["Colissimo"].price_for(Decimal("60.00")) == Decimal("0.00")
    assert methods["Colissimo"].countries == ["FR", "BE", "LU"]
    assert (methods["Colissimo"].min_days, methods["Colissimo"].max_days) == (2, 4)
    assert methods["Chronopost express"].countries == ["FR"]
    assert methods["Chronopost express"].price == Decimal("12.90")
    assert methods["Europe standard"].ships_to("DE") and not methods["Europe standard"].ships_to(
        "FR"
    )
    welcome = Voucher.objects.get(code="WELCOME10")
    assert (welcome.kind, welcome.value, welcome.min_spend) == (
        "percentage",
        Decimal("10.00"),
        Decimal("30.00"),
    )


def test_a_second_run_creates_nothing_and_keeps_what_sellers_changed():
    load_demo()
    ShippingMethod.objects.filter(name="Colissimo").update(price=Decimal("5.50"))
    Voucher.objects.filter(code="WELCOME10").update(is_active=False)

    output = load_demo()

    assert "The 3 demo shipping methods and the promo codes (WELCOME10) exist." in output
    assert ShippingMethod.objects.count() == 3
    assert ShippingMethod.objects.get(name="Colissimo").price == Decimal("5.50")
    assert Voucher.objects.get().is_active is False


def test_the_demo_has_a_delivered_order_ready_to_return():
    output = StringIO()
    call_command("load_demo_shop", "--products", "5", stdout=output)
    order = Order.objects.get(user__email="customer@example.com")
    assert f"delivered order {order.number}" in output.getvalue()

    call_command("load_demo_shop", "--products", "5", stdout=StringIO())

    assert Order.objects.count() == 1
    assert order.fulfillments.get().status == "delivered"
    assert [quantity for _line, quantity, _why in order_returnable_lines(order)] == [2, 1]
