import pytest
from graphql_relay import to_global_id

from shop.models import Product, ProductVariant
from tests.api import graphql, staff_user
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

BULK_PUBLISH = """
mutation($ids: [ID!]!, $isPublished: Boolean!) {
  productBulkPublish(ids: $ids, isPublished: $isPublished) {
    count
    errors { field code message }
  }
}
"""
STOCK_UPDATE = """
mutation($id: ID!, $quantity: Int!) {
  productVariantStockUpdate(id: $id, quantity: $quantity) {
    variant { id sku quantityAvailable }
    errors { field code message }
  }
}
"""


def gid(obj):
    return to_global_id(type(obj).__name__, obj.pk)


@pytest.fixture
def seller(client):
    user = staff_user("shop.change_product", "shop.change_productvariant")
    client.force_login(user)
    return user


@pytest.fixture
def drafts():
    return [ProductFactory(is_published=False), ProductFactory(is_published=False)]


def published(products):
    return list(
        Product.objects.filter(pk__in=[p.pk for p in products]).values_list(
            "is_published", flat=True
        )
    )


def test_bulk_publish(client, seller, drafts):
    already = ProductFactory(is_published=True)
    ids = [gid(product) for product in [*drafts, already]]
    result = graphql(client, BULK_PUBLISH, {"ids": ids, "isPublished": True})
    assert result["data"]["productBulkPublish"] == {"count": 2, "errors": []}
    assert published(drafts) == [True, True]


def test_bulk_unpublish(client, seller):
    product = ProductFactory(is_published=True)
    result = graphql(client, BULK_PUBLISH, {"ids": [gid(product)], "isPublished": False})
    assert result["data"]["productBulkPublish"] == {"count": 1, "errors": []}
    assert published([product]) == [False]


@pytest.mark.parametrize(
    "bad_id",
    [to_global_id("Product", 999_999), to_global_id("ProductVariant", 1), "not-an-id"],
)
def test_bulk_publish_refuses_unknown_ids_and_changes_nothing(client, seller, drafts, bad_id):
    ids = [gid(drafts[0]), bad_id, gid(drafts[1])]
    result = graphql(client, BULK_PUBLISH, {"ids": ids, "isPublished": True})
    payload = result["data"]["productBulkPublish"]
    assert payload["count"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("ids", "NOT_FOUND")
    assert bad_id in error["message"]
    assert published(drafts) == [False, False]


@pytest.mark.parametrize("permissions", [[], ["shop.change_productvariant"]])
def test_bulk_publish_needs_permission(client, drafts, permissions):
    client.force_login(staff_user(*permissions))
    result = graphql(client, BULK_PUBLISH, {"ids": [gid(drafts[0])], "isPublished": True})
    [error] = result["data"]["productBulkPublish"]["errors"]
    assert (error["field"], error["code"]) == (None, "PERMISSION_DENIED")
    assert published(drafts) == [False, False]


def test_bulk_publish_refused_to_anonymous(client, drafts):
    result = graphql(client, BULK_PUBLISH, {"ids": [gid(drafts[0])], "isPublished": True})
    [error] = result["data"]["productBulkPublish"]["errors"]
    assert error["code"] == "PERMISSION_DENIED"
    assert published(drafts) == [False, False]


@pytest.fixture
def variant():
    return ProductFactory(variants=[{"sku": "MUG-1", "quantity": 4}]).variants.get()


def stock(variant):
    return ProductVariant.objects.get(pk=variant.pk).quantity


def test_stock_update(client, seller, variant):
    result = graphql(client, STOCK_UPDATE, {"id": gid(variant), "quantity": 12})
    assert result["data"]["productVariantStockUpdate"] == {
        "variant": {"id": gid(variant), "sku": "MUG-1", "quantityAvailable": 12},
        "errors": [],
    }
    assert stock(variant) == 12


def test_stock_update_to_zero(client, seller, variant):
    result = graphql(client, STOCK_UPDATE, {"id": gid(variant), "quantity": 0})
    assert result["data"]["productVariantStockUpdate"]["errors"] == []
    assert stock(variant) == 0


def test_stock_update_refuses_negative_quantity(client, seller, variant):
    result = graphql(client, STOCK_UPDATE, {"id": gid(variant), "quantity": -1})
    payload = result["data"]["productVariantStockUpdate"]
    assert payload["variant"] is None
    assert payload["errors"] == [
        {"field": "quantity", "code": "NEGATIVE_STOCK", "message": "Stock cannot be negative."}
    ]
    assert stock(variant) == 4


@pytest.mark.parametrize(
    "make_id",
    [
        lambda variant: to_global_id("ProductVariant", 999_999),
        lambda variant: to_global_id("Product", variant.product_id),
        lambda variant: "garbage",
    ],
    ids=["missing", "wrong-type", "malformed"],
)
def test_stock_update_refuses_unknown_variant(client, seller, variant, make_id):
    result = graphql(client, STOCK_UPDATE, {"id": make_id(variant), "quantity": 7})
    payload = result["data"]["productVariantStockUpdate"]
    assert payload["variant"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("id", "NOT_FOUND")
    assert stock(variant) == 4


@pytest.mark.parametrize("permissions", [[], ["shop.change_product"]])
def test_stock_update_needs_permission(client, variant, permissions):
    client.force_login(staff_user(*permissions))
    result = graphql(client, STOCK_UPDATE, {"id": gid(variant), "quantity": 7})
    payload = result["data"]["productVariantStockUpdate"]
    assert payload["variant"] is None
    assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"]
    assert stock(variant) == 4
