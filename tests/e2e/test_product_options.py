"""A shopper picks a colour and a size on the product page, in headless Chromium: sold-out
combinations are greyed out, the price and stock follow the choice, and the cart gets the
variant chosen."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import CheckoutLine
from tests.shop.builders import trousers, variant_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choose_colour_and_size_then_add_to_cart(page, shot):
    product = trousers(price=Decimal("59.00"), quantity=5)
    sold_out = variant_of(product, "32", "navy")
    sold_out.quantity = 0
    sold_out.save()
    dearer = variant_of(product, "30", "navy")
    dearer.price = Decimal("65.00")
    dearer.save()

    page.goto(product.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Chino Trousers")).to_be_visible()

    page.locator('label[for="attr-colour-navy"]').click()
    expect(page.locator("#attr-size-32")).to_be_disabled()  # 32 / Navy is sold out
    expect(page.locator("#attr-size-30")).to_be_enabled()
    page.locator('label[for="attr-size-30"]').click()
    expect(page.locator("[data-choice-price]")).to_contain_text("65")
    expect(page.locator("[data-choice-stock]")).to_have_text(re.compile(r"Only 5 left|In stock"))
    shot("product-options")

    page.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_text("30 / Navy").first).to_be_visible()
    assert list(CheckoutLine.objects.values_list("variant_id", flat=True)) == [dearer.pk]
