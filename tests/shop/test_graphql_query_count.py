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
