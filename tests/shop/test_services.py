from decimal import Decimal

import pytest

from shop.models import Product
from shop.services import product_refresh_derived_fields, products_refresh_derived_fields
from tests.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def test_product_refresh_derived_fields_takes_the_lowest_price_the_categories_and_the_skus():
    clothing = CategoryFactory(name="Clothing")
    product = ProductFactory(
        name="Linen Shirt",
        description="Soft, light Écru.",
        category=CategoryFactory(name="Shirts", parent=clothing),
        variants=[{"sku": "SHI-1-M", "price": Decimal("49.90")}, {"sku": "SHI-1-L", "price": 39}],
    )

    product_refresh_derived_fields(product=product)

    product.refresh_from_db()
    assert product.price_from == Decimal("39.00")
    # Lower case and without accents, for the SQLite search; the category's ancestors too.
    assert (
        product.search_document == "linen shirt soft, light ecru. shirts clothing shi-1-m shi-1-l"
    )


def test_products_refresh_derived_fields_gives_what_the_single_product_version_gives():
    products = [
        ProductFactory(variants=[{"price": Decimal("19.90")}, {"price": Decimal("9.90")}]),
        ProductFactory(name="No Variants Yet", variants=[]),
        ProductFactory(description="Ünïcode Déscription", variants=[{"price": Decimal("5.00")}]),
    ]
    expected = {}
    for product in products:
        product_refresh_derived_fields(product=product)
        expected[product.pk] = (product.price_from, product.search_document)
    Product.objects.update(price_from=Decimal("1.00"), search_document="stale")
    ProductVariantFactory(product=products[1], sku="LATE-1", price=Decimal("7.00"))
    category = products[1].category.name.lower()
    expected[products[1].pk] = (
        Decimal("7.00"),
        f"no variants yet a well made thing. {category} late-1",
    )

    count = products_refresh_derived_fields(product_ids=[p.pk for p in products], batch_size=2)

    assert count == 3
    assert {
        pk: (price, document)
        for pk, price, document in Product.objects.values_list(
            "pk", "price_from", "search_document"
        )
    } == expected


def test_products_refresh_derived_fields_leaves_other_products_alone():
    refreshed, other = ProductFactory(), ProductFactory()
    Product.objects.update(search_document="stale")

    products_refresh_derived_fields(product_ids=[refreshed.pk])

    assert Product.objects.get(pk=other.pk).search_document == "stale"
    assert Product.objects.get(pk=refreshed.pk).search_document != "stale"


def test_products_refresh_derived_fields_sets_no_price_without_variants():
    product = ProductFactory(variants=[])
    Product.objects.filter(pk=product.pk).update(price_from=Decimal("3.00"))

    products_refresh_derived_fields(product_ids=[product.pk])

    assert Product.objects.get(pk=product.pk).price_from is None
