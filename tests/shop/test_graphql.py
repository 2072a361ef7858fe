from decimal import Decimal
from types import SimpleNamespace

import pytest
from graphql_relay import to_global_id

from core.graphql.types import OrderDirection
from shop.filters import ProductFilter
from shop.graphql.filters import PRODUCT_SORTS, ProductSortField, filter_products
from shop.models import ProductImage
from shop.selectors import catalog_products
from tests.api import graphql, staff_user
from tests.factories import CategoryFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTS = """
query Products($first: Int, $after: String, $filter: ProductFilterInput,
               $sortBy: ProductSortingInput) {
  products(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name } }
  }
}
"""
PRODUCT = """
query Product($id: ID, $slug: String) {
  product(id: $id, slug: $slug) {
    id name slug description vatRate isPublished isAvailable created
    category { id name slug }
    priceFrom { amount currency }
    images { url alt }
    thumbnail { url }
    variants {
      id sku name quantityAvailable
      price { amount currency }
      compareAtPrice { amount currency }
      product { slug }
    }
  }
}
"""


@pytest.fixture
def catalog():
    clothing = CategoryFactory(name="Clothing", position=1)
    shirts = CategoryFactory(name="Shirts", parent=clothing)
    shoes = CategoryFactory(name="Shoes", position=2)
    shirt = ProductFactory(
        name="Blue Shirt",
        category=shirts,
        description="Cotton, long sleeves.",
        variants=[
            {"sku": "SHIRT-M", "name": "M", "price": Decimal("25.00"), "quantity": 5},
            {"sku": "SHIRT-L", "name": "L", "price": Decimal("27.50"), "quantity": 0},
        ],
    )
    ProductFactory(
        name="Red Shoes", category=shoes, variants=[{"price": Decimal("80.00"), "quantity": 0}]
    )
    ProductFactory(
        name="Green Hat", category=clothing, variants=[{"price": Decimal("15.00"), "quantity": 3}]
    )
    draft = ProductFactory(
        name="Secret Draft",
        category=clothing,
        is_published=False,
        variants=[{"price": Decimal("50.00")}],
    )
    ProductImage.objects.create(product=shirt, image="products/shirt.jpg", alt="A blue shirt")
    return {"clothing": clothing, "shirts": shirts, "shoes": shoes, "shirt": shirt, "draft": draft}


def names(result):
    assert "errors" not in result, result["errors"]
    return [edge["node"]["name"] for edge in result["data"]["products"]["edges"]]


def gid(obj):
    return to_global_id(type(obj).__name__, obj.pk)


def test_products_lists_published_products_by_name(client, catalog):
    assert names(graphql(client, PRODUCTS)) == ["Blue Shirt", "Green Hat", "Red Shoes"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [("shirt", ["Blue Shirt"]), ("COTTON sleeves", ["Blue Shirt"]), ("shirt-l", ["Blue Shirt"])],
)
def test_products_filter_by_search(client, catalog, search, expected):
    result = graphql(client, PRODUCTS, {"filter": {"search": search}})
    assert names(result) == expected


def test_products_filter_by_category_includes_subcategories(client, catalog):
    result = graphql(client, PRODUCTS, {"filter": {"categories": [gid(catalog["clothing"])]}})
    assert names(result) == ["Blue Shirt", "Green Hat"]

    categories = [gid(catalog["shirts"]), gid(catalog["shoes"])]
    result = graphql(client, PRODUCTS, {"filter": {"categories": categories}})
    assert names(result) == ["Blue Shirt", "Red Shoes"]


def test_products_filter_by_price(client, catalog):
    result = graphql(client, PRODUCTS, {"filter": {"priceGte": "20", "priceLte": "80"}})
    assert names(result) == ["Blue Shirt", "Red Shoes"]
    result = graphql(client, PRODUCTS, {"filter": {"priceLte": "24.99"}})
    assert names(result) == ["Green Hat"]


def test_products_filter_in_stock(client, catalog):
    result = graphql(client, PRODUCTS, {"filter": {"inStock": True}})
    assert names(result) == ["Blue Shirt", "Green Hat"]
    result = graphql(client, PRODUCTS, {"filter": {"inStock": False}})
    assert names(result) == ["Blue Shirt", "Green Hat", "Red Shoes"]


@pytest.mark.parametrize(
    ("field", "direction", "expected"),
    [
        ("NAME", "ASC", ["Blue Shirt", "Green Hat", "Red Shoes"]),
        ("NAME", "DESC", ["Red Shoes", "Green Hat", "Blue Shirt"]),
        ("PRICE", "ASC", ["Green Hat", "Blue Shirt", "Red Shoes"]),
        ("PRICE", "DESC", ["Red Shoes", "Blue Shirt", "Green Hat"]),
        ("CREATED_AT", "ASC", ["Blue Shirt", "Red Shoes", "Green Hat"]),
        ("CREATED_AT", "DESC", ["Green Hat", "Red Shoes", "Blue Shirt"]),
    ],
)
def test_products_sort(client, catalog, field, direction, expected):
    result = graphql(client, PRODUCTS, {"sortBy": {"field": field, "direction": direction}})
    assert names(result) == expected


@pytest.mark.parametrize("sort_by", [None, *PRODUCT_SORTS])
def test_products_without_filter_are_ordered_as_by_product_filter(sort_by):
    queryset = catalog_products()
    sort = PRODUCT_SORTS.get(sort_by)
    expected = ProductFilter({"sort": sort} if sort else {}, queryset=queryset).qs
    sort_input = None
    if sort_by:
        field, direction = sort_by
        sort_input = SimpleNamespace(
            field=ProductSortField.get(field), direction=OrderDirection.get(direction)
        )
    actual = filter_products(queryset, filter_input={"search": ""}, sort_by=sort_input)
    assert str(actual.query) == str(expected.query)


def test_products_paginate_with_cursor(client, catalog):
    first_page = graphql(client, PRODUCTS, {"first": 2})
    assert names(first_page) == ["Blue Shirt", "Green Hat"]
    connection = first_page["data"]["products"]
    assert connection["totalCount"] == 3
    assert connection["pageInfo"]["hasNextPage"] is True

    after = connection["pageInfo"]["endCursor"]
    second_page = graphql(client, PRODUCTS, {"first": 2, "after": after})
    assert names(second_page) == ["Red Shoes"]
    assert second_page["data"]["products"]["totalCount"] == 3
    assert second_page["data"]["products"]["pageInfo"]["hasNextPage"] is False


def test_products_refuse_more_than_100_a_page(client, catalog):
    result = graphql(client, PRODUCTS, {"first": 101})
    assert result["data"]["products"] is None
    [error] = result["errors"]
    assert error["message"] == (
        "Requesting 101 records on the `products` connection exceeds the `first` limit of "
        "100 records."
    )


def test_products_refuse_invalid_category_ids(client, catalog):
    result = graphql(client, PRODUCTS, {"filter": {"categories": [gid(catalog["shirt"])]}})
    assert "Invalid category id(s) in `categories`" in result["errors"][0]["message"]
    assert result["data"]["products"] is None

    unknown = to_global_id("Category", 999_999)
    result = graphql(client, PRODUCTS, {"filter": {"categories": [unknown]}})
    assert result["errors"][0]["message"] == f"categories: No category with the id {unknown}."


def test_products_refuse_negative_price(client, catalog):
    result = graphql(client, PRODUCTS, {"filter": {"priceGte": "-1"}})
    assert result["errors"][0]["message"].startswith("priceGte: ")


def test_unpublished_products_hidden_from_anonymous(client, catalog):
    draft = catalog["draft"]
    assert "Secret Draft" not in names(graphql(client, PRODUCTS))
    assert graphql(client, PRODUCT, {"slug": draft.slug})["data"]["product"] is None
    assert graphql(client, PRODUCT, {"id": gid(draft)})["data"]["product"] is None
    node = graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid(draft)})
    assert node["data"]["node"] is None
    variant = draft.variants.get()
    node = graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid(variant)})
    assert node["data"]["node"] is None


def test_unpublished_products_hidden_from_staff_without_permission(client, catalog):
    client.force_login(UserFactory(is_staff=True))
    assert "Secret Draft" not in names(graphql(client, PRODUCTS))


def test_unpublished_products_visible_to_staff_with_permission(client, catalog):
    client.force_login(staff_user("shop.view_product"))
    draft = catalog["draft"]
    assert "Secret Draft" in names(graphql(client, PRODUCTS))
    product = graphql(client, PRODUCT, {"slug": draft.slug})["data"]["product"]
    assert product["isPublished"] is False
    node = graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid(draft)})
    assert node["data"]["node"] == {"id": gid(draft)}


def test_product_by_slug(client, catalog):
    shirt = catalog["shirt"]
    product = graphql(client, PRODUCT, {"slug": "blue-shirt"})["data"]["product"]
    assert product["id"] == gid(shirt)
    assert product["name"] == "Blue Shirt"
    assert product["description"] == "Cotton, long sleeves."
    assert product["vatRate"] == "20.00"
    assert product["isAvailable"] is True
    assert product["category"] == {
        "id": gid(catalog["shirts"]),
        "name": "Shirts",
        "slug": "shirts",
    }
    assert product["priceFrom"] == {"amount": "25.00", "currency": "EUR"}
    assert product["images"] == [
        {"url": "http://testserver/media/products/shirt.jpg", "alt": "A blue shirt"}
    ]
    assert product["thumbnail"] == {"url": "http://testserver/media/products/shirt.jpg"}
    assert [v["sku"] for v in product["variants"]] == ["SHIRT-M", "SHIRT-L"]
    variant = product["variants"][1]
    assert variant["price"] == {"amount": "27.50", "currency": "EUR"}
    assert variant["compareAtPrice"] is None
    assert variant["quantityAvailable"] == 0
    assert variant["product"] == {"slug": "blue-shirt"}


def test_product_by_id(client, catalog):
    shirt = catalog["shirt"]
    product = graphql(client, PRODUCT, {"id": gid(shirt)})["data"]["product"]
    assert product["slug"] == "blue-shirt"


def test_product_compare_at_price_is_money(client):
    ProductFactory(
        slug="sale", variants=[{"price": Decimal("10.00"), "compare_at_price": Decimal("12.00")}]
    )
    product = graphql(client, PRODUCT, {"slug": "sale"})["data"]["product"]
    assert product["variants"][0]["compareAtPrice"] == {"amount": "12.00", "currency": "EUR"}
    assert product["thumbnail"] is None
    assert product["images"] == []


def test_product_unknown_slug_is_null(client, catalog):
    result = graphql(client, PRODUCT, {"slug": "no-such-thing"})
    assert result == {"data": {"product": None}}


@pytest.mark.parametrize("variables", [{}, {"slug": "blue-shirt", "id": "UHJvZHVjdDox"}])
def test_product_needs_exactly_one_of_id_and_slug(client, catalog, variables):
    result = graphql(client, PRODUCT, variables)
    assert result["errors"][0]["message"] == "Give either `id` or `slug`, not both nor neither."


def test_product_refuses_an_id_of_another_type(client, catalog):
    result = graphql(client, PRODUCT, {"id": gid(catalog["shirts"])})
    assert result["errors"][0]["message"].startswith("Invalid id ")


CATEGORY = """
query Category($slug: String) {
  category(slug: $slug) {
    id name slug
    parent { slug }
    children { slug }
    products(first: 10) { totalCount edges { node { name } } }
  }
}
"""


def test_category_by_slug_with_its_products_and_those_below(client, catalog):
    category = graphql(client, CATEGORY, {"slug": "clothing"})["data"]["category"]
    assert category["id"] == gid(catalog["clothing"])
    assert category["parent"] is None
    assert category["children"] == [{"slug": "shirts"}]
    assert category["products"]["totalCount"] == 2
    products = [edge["node"]["name"] for edge in category["products"]["edges"]]
    assert products == ["Blue Shirt", "Green Hat"]

    shirts = graphql(client, CATEGORY, {"slug": "shirts"})["data"]["category"]
    assert shirts["parent"] == {"slug": "clothing"}


def test_category_unknown_slug_is_null(client, catalog):
    assert graphql(client, CATEGORY, {"slug": "nope"}) == {"data": {"category": None}}


CATEGORIES = """
query Categories($level: Int, $parent: ID) {
  categories(first: 10, level: $level, parent: $parent) {
    totalCount
    edges { node { slug parent { slug } } }
  }
}
"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["clothing", "shoes", "shirts"]),
        ({"level": 0}, ["clothing", "shoes"]),
        ({"level": 1}, ["shirts"]),
        ({"level": 2}, []),
    ],
)
def test_categories_by_level(client, catalog, variables, expected):
    result = graphql(client, CATEGORIES, variables)
    slugs = [edge["node"]["slug"] for edge in result["data"]["categories"]["edges"]]
    assert sorted(slugs) == sorted(expected)
    assert result["data"]["categories"]["totalCount"] == len(expected)


def test_categories_by_parent(client, catalog):
    result = graphql(client, CATEGORIES, {"parent": gid(catalog["clothing"])})
    edges = result["data"]["categories"]["edges"]
    assert edges == [{"node": {"slug": "shirts", "parent": {"slug": "clothing"}}}]
