"""The demo loader's shipping methods and promo code: there after one run, untouched by the next."""

from decimal import Decimal

import pytest

from orders.models import ShippingMethod, Voucher
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_shop_has_shipping_methods_and_a_welcome_code():
    output = load_demo("--products", "0", "--no-staff")

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
    load_demo("--products", "0", "--no-staff")
    ShippingMethod.objects.filter(name="Colissimo").update(price=Decimal("5.50"))
    Voucher.objects.filter(code="WELCOME10").update(is_active=False)

    output = load_demo("--products", "0", "--no-staff")

    assert "The 3 demo shipping methods and the promo codes (WELCOME10) exist." in output
    assert ShippingMethod.objects.count() == 3
    assert ShippingMethod.objects.get(name="Colissimo").price == Decimal("5.50")
    assert Voucher.objects.get().is_active is False
