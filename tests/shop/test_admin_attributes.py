"""The seller's product options in the admin: generating variants from the type's values and
editing prices and stock in a table."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shop import admin as admin_module
from shop.models import AttributeValue
from tests.api import staff_user
from tests.factories import ProductFactory
from tests.shop.builders import clothing_type, trousers, variant_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client):
    user = staff_user(
        "shop.view_product",
        "shop.change_product",
        "shop.view_productvariant",
        "shop.change_productvariant",
    )
    client.force_login(user)
    return client


def generate_url(product):
    return reverse("admin:shop_product_generate", args=[product.pk])


def test_generate_variants_from_the_ticked_values(seller):
    clothing = clothing_type()
    product = ProductFactory(product_type=clothing, variants=[])
    values = {value.slug: value.pk for value in AttributeValue.objects.all()}
    size, colour = clothing.attributes.order_by("position")

    page = seller.get(generate_url(product))
    assert page.status_code == 200
    assert "Charcoal" in page.content.decode()

    response = seller.post(
        generate_url(product),
        {
            f"attribute_{size.pk}": [values["28"], values["30"]],
            f"attribute_{colour.pk}": [values["navy"]],
            "price": "45.00",
            "quantity": "3",
        },
    )

    assert response.status_code == 302
    assert sorted(product.variants.values_list("name", flat=True)) == ["28 / Navy", "30 / Navy"]
    assert variant_of(product, "30", "navy").price == Decimal("45.00")
    seller.post(
        generate_url(product),
        {
            f"attribute_{size.pk}": [values["28"]],
            f"attribute_{colour.pk}": [values["navy"]],
            "price": "1",
            "quantity": "0",
        },
    )
    assert product.variants.count() == 2  # nothing twice


def test_generate_is_refused_without_change_permission(client):
    client.force_login(staff_user("shop.view_product"))
    product = trousers()

    assert client.get(generate_url(product)).status_code == 403


def test_product_page_links_to_generate_and_to_the_variants_table(seller):
    product = trousers()

    html = seller.get(reverse("admin:shop_product_change", args=[product.pk])).content.decode()

    assert generate_url(product) in html
    assert f"product__id__exact={product.pk}" in html


def test_variants_table_edits_price_and_stock_of_one_product(seller):
    product = trousers(quantity=5)
    other = ProductFactory(name="Other")
    url = reverse("admin:shop_productvariant_changelist") + f"?product__id__exact={product.pk}"

    response = seller.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 6
    assert other.variants.get().sku not in response.content.decode()


def test_editing_a_variants_stock_in_the_admin_goes_through_the_stock_service(seller, monkeypatch):
    product = trousers(quantity=5)
    variant = variant_of(product, "28", "navy")
    calls = []
    original = admin_module.variant_set_stock

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(admin_module, "variant_set_stock", spy)
    url = reverse("admin:shop_productvariant_change", args=[variant.pk])
    data = {
        "product": product.pk,
        "sku": variant.sku,
        "name": variant.name,
        "price": "61.00",
        "compare_at_price": "",
        "quantity": "2",
        "position": variant.position,
    }

    response = seller.post(url, data)

    assert response.status_code == 302, response.content
    variant.refresh_from_db()
    assert (variant.price, variant.quantity) == (Decimal("61.00"), 2)
    assert calls == [{"variant_id": variant.pk, "quantity": 2}]
