"""Product options in the API: product type, attributes of products and variants, and the
`attributes` filter of `products`."""

import pytest

from tests.api import graphql
from tests.factories import ProductFactory
from tests.shop.builders import clothing_type, trousers, variant_of

pytestmark = pytest.mark.django_db

PRODUCTS = """
query($filter: ProductFilterInput) {
  products(first: 10, filter: $filter) {
    edges {
      node {
        name
        productType { name }
        attributes { attribute { name slug kind } values { name slug color } }
        variants { name attributes { attribute { slug } values { slug } } }
      }
    }
  }
}
"""


def products(client, **filter_input):
    response = graphql(client, PRODUCTS, {"filter": filter_input or None})
    assert "errors" not in response, response
    return [edge["node"] for edge in response["data"]["products"]["edges"]]


def test_products_show_their_type_and_the_values_of_their_variants(client):
    product = trousers()
    variant_of(product, "32", "navy").delete()

    [node] = products(client)

    assert node["productType"] == {"name": "Clothing"}
    assert node["attributes"] == [
        {
            "attribute": {"name": "Size", "slug": "size", "kind": "text"},
            "values": [
                {"name": "28", "slug": "28", "color": None},
                {"name": "30", "slug": "30", "color": None},
                {"name": "32", "slug": "32", "color": None},
            ],
        },
        {
            "attribute": {"name": "Colour", "slug": "colour", "kind": "swatch"},
            "values": [
                {"name": "Charcoal", "slug": "charcoal", "color": "#36454f"},
                {"name": "Navy", "slug": "navy", "color": "#1f2a44"},
            ],
        },
    ]
    first = node["variants"][0]
    assert first["name"] == "28 / Charcoal"
    assert first["attributes"] == [
        {"attribute": {"slug": "size"}, "values": [{"slug": "28"}]},
        {"attribute": {"slug": "colour"}, "values": [{"slug": "charcoal"}]},
    ]


def test_a_product_without_type_has_no_attributes(client):
    ProductFactory()

    [node] = products(client)

    assert node["productType"] is None
    assert node["attributes"] == []


def test_products_filter_by_attribute_values(client):
    clothing = clothing_type()
    trousers(clothing, name="Chinos")
    slim = trousers(clothing, name="Slim")
    slim.variants.filter(name__contains="Navy").delete()
    ProductFactory(name="Mug")

    def names(*attributes):
        found = products(client, attributes=[{"slug": s, "values": v} for s, v in attributes])
        return sorted(node["name"] for node in found)

    assert names(("colour", ["navy"])) == ["Chinos"]
    assert names(("colour", ["navy", "charcoal"])) == ["Chinos", "Slim"]
    assert names(("colour", ["charcoal"]), ("size", ["32"])) == ["Chinos", "Slim"]
    assert names(("colour", ["purple"])) == []


def test_attributes_are_read_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    clothing = clothing_type()
    counts = []
    for size in (1, 6):
        for number in range(size):
            trousers(clothing, name=f"T {size} {number}")
        with django_assert_max_num_queries(8) as captured:
            products(client)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
