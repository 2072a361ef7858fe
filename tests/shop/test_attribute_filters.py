"""The listing filtered by attribute values, with counts per value in the sidebar."""

import re

import pytest
from django.urls import reverse

from tests.factories import ProductFactory
from tests.shop.builders import clothing_type, trousers, variant_of

pytestmark = pytest.mark.django_db
LIST_URL = reverse("shop:product_list")


@pytest.fixture
def catalog():
    clothing = clothing_type()
    chinos = trousers(clothing, name="Chinos")  # all sizes × colours
    slim = trousers(clothing, name="Slim Trousers")
    for variant in slim.variants.all():
        if "Navy" in variant.name or variant.name.startswith("32"):
            variant.delete()  # only charcoal, in 28 and 30
    ProductFactory(name="Plain Mug")
    return chinos, slim


def listed(client, query):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return sorted(product.name for product in response.context["page"].object_list)


def test_filter_by_one_value(client, catalog):
    assert listed(client, "attr_colour=navy") == ["Chinos"]
    assert listed(client, "attr_colour=charcoal") == ["Chinos", "Slim Trousers"]


def test_values_of_one_attribute_are_alternatives_and_attributes_combine(client, catalog):
    assert listed(client, "attr_colour=navy&attr_colour=charcoal") == ["Chinos", "Slim Trousers"]
    assert listed(client, "attr_colour=charcoal&attr_size=32") == ["Chinos"]
    assert listed(client, "attr_colour=navy&attr_size=28") == ["Chinos"]


def test_attributes_match_within_one_variant(client, catalog):
    chinos, _slim = catalog
    variant_of(chinos, "32", "navy").delete()

    assert listed(client, "attr_colour=navy&attr_size=32") == []


def test_unknown_attributes_or_values_match_nothing_and_never_fail(client, catalog):
    assert listed(client, "attr_colour=purple") == []
    assert listed(client, "attr_nope=x") == []
    assert len(listed(client, "attr_colour=")) == 3


def test_sidebar_counts_products_per_value_and_keeps_the_choice_ticked(client, catalog):
    response = client.get(f"{LIST_URL}?attr_colour=navy")
    facets = {facet["slug"]: facet for facet in response.context["attribute_facets"]}

    assert [(v["name"], v["count"]) for v in facets["colour"]["values"]] == [
        ("Charcoal", 2),
        ("Navy", 1),
    ]
    assert [(v["name"], v["count"]) for v in facets["size"]["values"]] == [
        ("28", 2),
        ("30", 2),
        ("32", 1),
    ]
    html = response.content.decode()
    assert re.search(r'name="attr_colour" value="navy"[^>]*checked', html)
    assert 'Navy <span class="filters__count">(1)</span>' in html


def test_attribute_filters_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    clothing = clothing_type()
    counts = []
    for size in (1, 8):
        for number in range(size):
            trousers(clothing, name=f"Trousers {size}-{number}")
        with django_assert_max_num_queries(20) as captured:
            response = client.get(f"{LIST_URL}?attr_colour=navy&attr_size=28&attr_size=30")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
