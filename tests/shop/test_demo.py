from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db.models import Exists, F, Min, OuterRef
from PIL import Image

from customers.models import User
from customers.permissions import SELLERS, SUPPORT_AGENTS
from shop.demo import load
from shop.models import (
    Category,
    Product,
    ProductImage,
    ProductType,
    ProductVariant,
    VariantAttributeValue,
)
from shop.search import search_text_fold
from shop.services import product_search_terms
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def catalog_snapshot():
    """Everything a shopper sees of the catalog, keyed by what the loader keeps stable."""
    return {
        "categories": list(
            Category.objects.order_by("slug").values_list(
                "slug", "name", "parent__slug", "is_featured", "position"
            )
        ),
        "products": list(
            Product.objects.order_by("slug").values_list(
                "slug",
                "name",
                "description",
                "category__slug",
                "is_published",
                "is_featured",
                "price_from",
                "search_document",
            )
        ),
        "variants": list(
            ProductVariant.objects.order_by("sku").values_list(
                "sku", "product__slug", "name", "price", "compare_at_price", "quantity", "position"
            )
        ),
        "images": list(
            ProductImage.objects.order_by("product__slug", "position").values_list(
                "product__slug", "image", "alt", "position"
            )
        ),
    }


def catalog_delete():
    ProductImage.objects.all().delete()
    ProductVariant.objects.all().delete()
    Product.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()


def test_default_run_loads_a_shop_sized_catalog():
    output = load_demo()

    assert "Created 16 categories, 120 products" in output
    categories = Category.objects.all()
    assert categories.count() >= 8
    assert categories.filter(parent__isnull=True).count() >= 3
    assert categories.filter(parent__isnull=False).count() >= 8
    assert categories.filter(is_featured=True).exists()
    assert not Product.objects.filter(category__children__isnull=False).exists()  # leaves only

    products = Product.objects.all()
    assert products.count() == 120
    assert 1 <= products.filter(is_published=False).count() <= 3
    assert 3 <= products.filter(is_featured=True, is_published=True).count() <= 12
    created = products.order_by("created_at").values_list("created_at", flat=True)
    assert created.last() - created.first() > timedelta(days=60)

    variants = ProductVariant.objects.all()
    assert variants.count() >= 300
    assert variants.filter(quantity=0).exists()
    assert variants.filter(quantity__gt=0).count() > variants.count() * 0.8
    in_stock = Exists(ProductVariant.objects.filter(product=OuterRef("pk"), quantity__gt=0))
    assert 1 <= products.exclude(in_stock).count() <= 6
    assert variants.filter(compare_at_price__gt=F("price")).exists()
    assert not variants.filter(compare_at_price__lte=F("price")).exists()
    prices = [Decimal(price) for price in variants.values_list("price", flat=True)]
    assert Decimal("6.90") <= min(prices) and max(prices) <= Decimal("189.00")
    assert max(prices) - min(prices) > 100
    assert {price % 1 for price in prices} == {Decimal("0.90"), Decimal("0.00")}
    assert len(set(variants.values_list("sku", flat=True))) == variants.count()
    assert variants.filter(sku__regex=r"^TSH-\d{4}-[A-Z]+-[A-Z]{3}$").exists()

    lowest = dict(
        variants.values("product").annotate(low=Min("price")).values_list("product", "low")
    )
    for product in products.select_related("category__parent").prefetch_related("variants"):
        assert product.price_from == lowest[product.pk]
        skus = " ".join(variant.sku for variant in product.variants.all())
        # Every language: a French search finds what an English one does.
        categories = [product.category.name_en, product.category.name_fr]
        if product.category.parent:
            categories += [product.category.parent.name_en, product.category.parent.name_fr]
        categories = list(dict.fromkeys(categories))
        terms = " ".join(product_search_terms([product.pk]).get(product.pk, []))
        names = f"{product.name_en} {product.name_fr}"
        descriptions = f"{product.description_en} {product.description_fr}"
        expected = f"{names} {descriptions} {' '.join(categories)} {skus} {terms}"
        assert product.search_document == search_text_fold(expected)
        assert len(product.description.split(". ")) in (2, 3)

    images = ProductImage.objects.all()
    assert not products.filter(images__isnull=True).exists()
    assert products.filter(images__position=1).exists()  # some have a second picture
    assert images.values("image").distinct().count() == images.count()  # one per product
    for image in images:
        assert image.image.name.startswith("products/")
        assert default_storage.exists(image.image.name)
    with default_storage.open(images.first().image.name) as file, Image.open(file) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (600, 600)

    assert "staff@example.com / demo-staff-2026" in output
    assert "admin@example.com / demo-admin-2026" in output


def test_a_second_run_creates_nothing():
    load_demo("--products", "30")
    before = catalog_snapshot()
    users = User.objects.count()

    output = load_demo("--products", "30")

    assert "Nothing to create" in output
    assert catalog_snapshot() == before
    assert User.objects.count() == users


def test_two_runs_on_empty_databases_give_the_same_catalog():
    load_demo("--products", "30", "--no-staff")
    first = catalog_snapshot()
    catalog_delete()

    load_demo("--products", "30", "--no-staff")

    assert catalog_snapshot() == first


def test_products_option_sets_the_size_and_a_larger_run_adds_to_a_smaller_one():
    load_demo("--products", "30", "--no-staff")
    assert Product.objects.count() == 30
    first_thirty = catalog_snapshot()["variants"]

    output = load_demo("--products", "40", "--no-staff")

    assert "Created 0 categories, 10 products" in output
    assert Product.objects.count() == 40
    assert set(first_thirty) <= set(catalog_snapshot()["variants"])


def test_large_runs_share_a_pool_of_pictures_past_the_first_products(monkeypatch):
    monkeypatch.setattr(load, "UNIQUE_IMAGES_UP_TO", 5)

    load_demo("--products", "40", "--no-staff")

    own = ProductImage.objects.filter(product__slug__regex=r"-000[1-5]$")
    assert own.count() >= 5
    assert all("pool-" not in name for name in own.values_list("image", flat=True))
    shared = ProductImage.objects.exclude(pk__in=own).values_list("image", flat=True)
    assert all("pool-" in name for name in shared)
    assert len(set(shared)) < len(shared)
    assert all(default_storage.exists(name) for name in set(shared))


def test_the_demo_staff_account_can_manage_the_catalog_in_the_admin(client):
    load_demo("--products", "5")
    staff = User.objects.get(email="staff@example.com")
    assert staff.is_staff and not staff.is_superuser
    assert set(staff.groups.values_list("name", flat=True)) == {SELLERS, SUPPORT_AGENTS}
    assert staff.has_perm("shop.change_product")
    assert User.objects.get(email="admin@example.com").is_superuser

    assert client.login(email="staff@example.com", password="demo-staff-2026")
    assert b"Products" in client.get("/admin/").content
    response = client.get("/admin/shop/product/")

    assert response.status_code == 200
    assert Product.objects.first().name.encode() in response.content


def test_accounts_are_ensured_again_without_resetting_a_changed_password():
    load_demo("--products", "0")
    staff = User.objects.get(email="staff@example.com")
    staff.set_password("changed-by-the-owner")
    staff.is_staff = False
    staff.save()
    staff.groups.clear()

    output = load_demo("--products", "0")

    staff.refresh_from_db()
    assert "staff@example.com (demo password demo-staff-2026, unless it was changed)" in output
    assert staff.check_password("changed-by-the-owner")
    assert staff.is_staff
    assert staff.groups.count() == 2
    # staff, admin and the demo shopper, none twice
    assert User.objects.filter(email__endswith="@example.com").count() == 3


def test_no_staff_option_creates_no_accounts():
    load_demo("--products", "3", "--no-staff")

    assert not User.objects.exists()
    assert Group.objects.filter(name=SELLERS).exists()  # the groups come from migrate


def test_demo_products_have_real_options():
    load_demo("--products", "60")

    types = {
        t.name: [a.slug for a in t.attributes.order_by("position")]
        for t in ProductType.objects.all()
    }
    assert types["Clothing"] == ["size", "colour"]
    assert types["Shoes"] == ["size", "colour"]
    assert types["Mugs"] == ["colour"]
    trousers = Product.objects.filter(category__slug="trousers", product_type__slug="clothing")
    assert trousers.exists()
    product = trousers.first()
    for variant in product.variants.all():
        values = VariantAttributeValue.objects.filter(variant=variant).order_by(
            "attribute__position"
        )
        assert " / ".join(v.value.name for v in values) == variant.name
    navy = VariantAttributeValue.objects.filter(value__slug="navy").first().value
    assert navy.color.startswith("#") and navy.attribute.kind == "swatch"
