from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shop.models import Attribute, AttributeValue, Product, ProductVariant
from shop.services import product_search_terms, variants_bulk_update, variants_generate
from tests.factories import ProductFactory
from tests.shop.builders import clothing_type, trousers, values_of, variant_of

pytestmark = pytest.mark.django_db


def test_variants_generate_makes_one_named_variant_per_combination_with_readable_skus():
    product = trousers(price=Decimal("59.00"), quantity=4)

    variants = list(product.variants.all())
    assert len(variants) == 6
    charcoal_28 = variant_of(product, "28", "charcoal")
    assert charcoal_28.name == "28 / Charcoal"
    assert charcoal_28.sku == "CHINO-TROUSERS-28-CHARCOAL"
    assert charcoal_28.price == Decimal("59.00")
    assert charcoal_28.quantity == 4
    product.refresh_from_db()
    assert product.price_from == Decimal("59.00")


def test_variants_generate_is_idempotent_and_only_adds_missing_combinations():
    product_type = clothing_type()
    product = ProductFactory(product_type=product_type, variants=[])
    size = Attribute.objects.get(slug="size")
    colour = Attribute.objects.get(slug="colour")
    navy = AttributeValue.objects.get(slug="navy")
    first = variants_generate(
        product, {size: size.values.filter(slug="28"), colour: [navy]}, price=10
    )
    assert [v.name for v in first] == ["28 / Navy"]

    again = variants_generate(product, values_of(product_type), price=Decimal("12"), quantity=1)
    assert len(again) == 5
    assert variants_generate(product, values_of(product_type), price=12) == []
    assert product.variants.count() == 6
    assert variant_of(product, "28", "navy").price == Decimal("10")


def test_variants_generate_refuses_an_attribute_the_product_type_does_not_have():
    product_type = clothing_type()
    product = ProductFactory(product_type=product_type, variants=[])
    material = Attribute.objects.create(name="Material", slug="material")
    wool = AttributeValue.objects.create(attribute=material, name="Wool", slug="wool")

    with pytest.raises(ValidationError) as error:
        variants_generate(product, {material: [wool]}, price=10)

    assert error.value.error_dict["values"][0].code == "invalid"
    assert not ProductVariant.objects.filter(product=product).exists()


def test_colours_are_search_terms_of_the_product():
    product = trousers()

    assert product_search_terms([product.pk])[product.pk] == ["28", "30", "32", "Charcoal", "Navy"]
    assert "navy" in Product.objects.get(pk=product.pk).search_document


def test_variants_bulk_update_sets_prices_and_stock():
    product = trousers(quantity=5)
    navy_30 = variant_of(product, "30", "navy")
    navy_32 = variant_of(product, "32", "navy")

    changed = variants_bulk_update(
        product,
        [{"id": navy_30.pk, "price": "49.00"}, {"id": navy_32.pk, "quantity": 0}],
    )

    assert changed == 2
    navy_30.refresh_from_db()
    navy_32.refresh_from_db()
    assert (navy_30.price, navy_30.quantity) == (Decimal("49.00"), 5)
    assert navy_32.quantity == 0
    product.refresh_from_db()
    assert product.price_from == Decimal("49.00")


def test_variants_bulk_update_refuses_another_products_variant_and_negative_stock():
    product = trousers()
    other = ProductFactory()

    with pytest.raises(ValidationError):
        variants_bulk_update(product, [{"id": other.variants.get().pk, "price": 1}])
    with pytest.raises(ValidationError):
        variants_bulk_update(product, [{"id": product.variants.first().pk, "quantity": -1}])
