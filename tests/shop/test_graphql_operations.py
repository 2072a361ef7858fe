"""The documented client operations (graphql/operations/catalog.graphql) run and return data."""

from decimal import Decimal

import pytest
from graphql import OperationDefinitionNode, parse
from graphql_relay import to_global_id

from tests.api import operations_document, run_data
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("catalog")


@pytest.fixture
def catalog():
    home = CategoryFactory(name="Home", slug="home")
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen", parent=home)
    ProductFactory(
        name="Mug",
        slug="mug",
        category=kitchen,
        variants=[
            {"sku": "MUG-W", "name": "White", "price": Decimal("9.50"), "quantity": 3},
            {"sku": "MUG-B", "price": Decimal("8.00"), "compare_at_price": Decimal("10.00")},
        ],
    )
    ProductFactory(name="Lamp", slug="lamp", category=home, variants=[{"price": Decimal("40")}])
    ProductFactory(name="Hidden", category=home, is_published=False)
    return {"home": home, "kitchen": kitchen}


def run(client, operation, variables=None):
    return run_data(client, DOCUMENT, operation, variables)


def test_document_has_the_catalog_operations():
    names = {
        definition.name.value
        for definition in parse(DOCUMENT).definitions
        if isinstance(definition, OperationDefinitionNode)
    }
    assert names == {"ProductList", "ProductDetails", "CategoryList", "CategoryDetails"}


def test_product_list(client, catalog):
    data = run(client, "ProductList", {"first": 1})
    assert data["products"]["totalCount"] == 2
    [edge] = data["products"]["edges"]
    assert edge["node"]["name"] == "Lamp"
    assert edge["node"]["priceFrom"] == {"amount": "40.00", "currency": "EUR"}

    after = data["products"]["pageInfo"]["endCursor"]
    data = run(client, "ProductList", {"first": 1, "after": after})
    assert [e["node"]["slug"] for e in data["products"]["edges"]] == ["mug"]
    assert data["products"]["pageInfo"]["hasNextPage"] is False


def test_product_list_filtered_and_sorted(client, catalog):
    variables = {
        "filter": {"categories": [to_global_id("Category", catalog["home"].pk)], "inStock": True},
        "sortBy": {"field": "PRICE", "direction": "DESC"},
    }
    data = run(client, "ProductList", variables)
    assert [e["node"]["slug"] for e in data["products"]["edges"]] == ["lamp", "mug"]
    data = run(client, "ProductList", {"filter": {"search": "mug-w", "priceLte": "8"}})
    assert [e["node"]["slug"] for e in data["products"]["edges"]] == ["mug"]


def test_product_details(client, catalog):
    product = run(client, "ProductDetails", {"slug": "mug"})["product"]
    assert product["name"] == "Mug"
    assert product["category"]["slug"] == "kitchen"
    assert product["isAvailable"] is True
    assert [v["sku"] for v in product["variants"]] == ["MUG-W", "MUG-B"]
    assert product["variants"][1]["compareAtPrice"] == {"amount": "10.00", "currency": "EUR"}
    assert product["variants"][0]["quantityAvailable"] == 3
    assert run(client, "ProductDetails", {"slug": "nope"}) == {"product": None}


def test_category_list(client, catalog):
    data = run(client, "CategoryList")
    [edge] = data["categories"]["edges"]
    assert edge["node"]["slug"] == "home"
    assert edge["node"]["children"] == [
        {
            "id": to_global_id("Category", catalog["kitchen"].pk),
            "name": "Kitchen",
            "slug": "kitchen",
        }
    ]


def test_category_details(client, catalog):
    category = run(client, "CategoryDetails", {"slug": "home"})["category"]
    assert category["name"] == "Home"
    assert category["parent"] is None
    assert [c["slug"] for c in category["children"]] == ["kitchen"]
    assert category["products"]["totalCount"] == 2
    assert [e["node"]["slug"] for e in category["products"]["edges"]] == ["lamp", "mug"]

    kitchen = run(client, "CategoryDetails", {"slug": "kitchen"})["category"]
    assert kitchen["parent"]["slug"] == "home"
    assert [e["node"]["slug"] for e in kitchen["products"]["edges"]] == ["mug"]
