"""The product listing runs the same few SQL queries whatever the number of products."""

import pytest

from shop.models import ProductImage
from tests.api import graphql
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

# The benchmarked storefront query (bench/).
PRODUCT_LIST = """
query {
  products(first: 50) {
    edges {
      node {
        id name slug
        category { id name }
        variants { id sku name price { amount currency } quantityAvailable }
        images { url }
        thumbnail { url alt }
        priceFrom { amount }
        isAvailable
      }
    }
    totalCount
  }
}
"""
# count, products with their category, variants, images.
EXPECTED_QUERIES = 4


def make_products(count):
    categories = [CategoryFactory(), CategoryFactory()]
    for index in range(count):
        product = ProductFactory(
            category=categories[index % 2], variants=[{"name": "S"}, {"name": "M"}, {"name": "L"}]
        )
        for position in range(2):
            ProductImage.objects.create(
                product=product, image=f"products/{product.slug}-{position}.jpg", position=position
            )


@pytest.mark.parametrize("count", [1, 50])
def test_product_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    make_products(count)
    with django_assert_num_queries(EXPECTED_QUERIES):
        result = graphql(client, PRODUCT_LIST)
    assert "errors" not in result
    edges = result["data"]["products"]["edges"]
    assert len(edges) == count
    assert result["data"]["products"]["totalCount"] == count
    assert all(len(edge["node"]["variants"]) == 3 for edge in edges)
    assert all(len(edge["node"]["images"]) == 2 for edge in edges)


def test_category_list_query_count_does_not_grow(client, django_assert_num_queries):
    for _ in range(3):
        parent = CategoryFactory()
        CategoryFactory(parent=parent)
        CategoryFactory(parent=parent)
    query = """
    { categories(first: 20) { totalCount edges { node { id parent { id } children { id } } } } }
    """
    # count, categories with their parent, children.
    with django_assert_num_queries(3):
        result = graphql(client, query)
    assert result["data"]["categories"]["totalCount"] == 9


# The benchmarked query (bench/catalog.py) asks for no image: the images are not loaded.
PRODUCT_LIST_WITHOUT_IMAGES = """
query {
  products(first: 50) {
    totalCount
    edges { node { id name priceFrom { amount } variants { id quantityAvailable } } }
  }
}
"""


@pytest.mark.parametrize("count", [1, 50])
def test_product_list_without_images_skips_the_image_query(
    client, django_assert_num_queries, count
):
    make_products(count)
    # count, products with their category, variants.
    with django_assert_num_queries(EXPECTED_QUERIES - 1) as captured:
        result = graphql(client, PRODUCT_LIST_WITHOUT_IMAGES)
    assert "errors" not in result
    assert len(result["data"]["products"]["edges"]) == count
    assert not any("shop_productimage" in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(
    "selection",
    [
        "...Card",  # a named fragment
        "... on Product { pictures: thumbnail { url } }",  # an inline fragment, an alias
        "variants { product { images { url } } }",  # through the variants' product
        "images @skip(if: true) { url }",  # directives are not evaluated: loaded anyway
    ],
)
def test_images_asked_for_anywhere_are_loaded_with_the_page(
    client, django_assert_num_queries, selection
):
    make_products(20)
    query = "query { products(first: 50) { edges { node { name SELECTION } } } }"
    query = query.replace("SELECTION", selection)
    if "...Card" in selection:
        query += " fragment Card on Product { thumbnail { url } }"
    # count, products with their category, variants, images: none per product.
    with django_assert_num_queries(EXPECTED_QUERIES):
        result = graphql(client, query)
    assert "errors" not in result, result


def test_single_product_loads_images_only_when_asked(client, django_assert_num_queries):
    make_products(3)
    product = ProductImage.objects.first().product
    with_images = "query($slug: String) { product(slug: $slug) { name images { url } } }"
    without_images = "query($slug: String) { product(slug: $slug) { name variants { sku } } }"
    slug = {"slug": product.slug}
    # The product with its category, variants (and images).
    with django_assert_num_queries(3):
        assert graphql(client, with_images, slug)["data"]["product"]["images"]
    with django_assert_num_queries(2):
        assert graphql(client, without_images, slug)["data"]["product"]["variants"]
