"""The catalog in the shopper's language (django-modeltranslation): French names and
descriptions on the French site, English where a product has no French yet, and a French search
finds products by their French words."""

import pytest
from django.db import connection
from django.urls import reverse

from shop.models import Attribute, AttributeValue, Product
from tests.api import graphql
from tests.factories import CategoryFactory, ProductFactory
from tests.shop.builders import clothing_type, trousers

pytestmark = pytest.mark.django_db

LIST_URL = reverse("shop:product_list")


@pytest.fixture
def catalog():
    trousers = CategoryFactory(name_en="Trousers", name_fr="Pantalons", slug="trousers")
    chino = ProductFactory(
        category=trousers,
        name_en="Cotton Chinos",
        name_fr="Chino en coton",
        description_en="Straight chinos.",
        description_fr="Un chino droit.",
    )
    jeans = ProductFactory(category=trousers, name_en="Selvedge Jeans", name_fr=None)
    return chino, jeans


def page(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_french_site_shows_the_french_catalog_with_english_as_fallback(client, catalog):
    chino, jeans = catalog

    listing = page(client, LIST_URL, "fr")
    product = page(client, chino.get_absolute_url(), "fr")

    assert "Chino en coton" in listing and "Cotton Chinos" not in listing
    assert "Selvedge Jeans" in listing  # not translated yet
    assert "Pantalons" in listing
    assert "Un chino droit." in product
    assert "Cotton Chinos" in page(client, LIST_URL, "en")


def test_graphql_names_follow_the_request_language(client, catalog):
    query = "{ products(first: 10) { edges { node { name category { name } } } } }"
    response = client.post(
        "/graphql/", {"query": query}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    ).json()

    names = {edge["node"]["name"] for edge in response["data"]["products"]["edges"]}
    assert names == {"Chino en coton", "Selvedge Jeans"}
    english = graphql(client, query)["data"]["products"]["edges"]
    assert {edge["node"]["category"]["name"] for edge in english} == {"Trousers"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_search_in_french_words_finds_the_product_named_in_english_too(client, catalog, language):
    response = client.get(LIST_URL, {"q": "pantalon"}, HTTP_ACCEPT_LANGUAGE=language)

    names = {card.name for card in response.context["cards"]}
    expected = (
        {"Chino en coton", "Selvedge Jeans"}
        if language == "fr"
        else {
            "Cotton Chinos",
            "Selvedge Jeans",
        }
    )
    assert names == expected


@pytest.fixture
def shop_catalog():
    """The issue's examples: products named in English and French, trousers in Navy."""
    product_type = clothing_type()
    AttributeValue.objects.filter(slug="navy").update(name_fr="Marine")
    AttributeValue.objects.filter(slug="charcoal").update(name_fr="Anthracite")
    trousers(product_type, name="Chino Trousers", name_fr="Pantalon chino")
    ProductFactory(name="Stoneware Mug", name_fr="Mug en grès")
    ProductFactory(name="Merino Sweater", name_fr="Pull en mérinos")
    ProductFactory(name="Wool Scarf", name_fr="Écharpe en laine")
    ProductFactory(name="Rocking Pony", name_fr="Cheval à bascule")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "mugs", "Stoneware Mug"),
        ("en", "sweaters", "Merino Sweater"),
        ("en", "navy", "Chino Trousers"),
        ("en", "sweter", "Merino Sweater"),
        ("en", "trousers", "Chino Trousers"),
        ("fr", "pantalon", "Pantalon chino"),
        ("fr", "pantalons", "Pantalon chino"),
        ("fr", "marine", "Pantalon chino"),
        ("fr", "écharpe", "Écharpe en laine"),
        ("fr", "echarpe", "Écharpe en laine"),
        ("fr", "pulls", "Pull en mérinos"),
        ("fr", "mugs", "Mug en grès"),
    ],
)
def test_the_issue_s_searches_find_what_a_shopper_means(
    client, shop_catalog, language, query, expected
):
    response = client.get(LIST_URL, {"q": query}, HTTP_ACCEPT_LANGUAGE=language)

    names = [card.name for card in response.context["cards"]]
    assert names[:1] == [expected]
    assert "Rocking Pony" not in names and "Cheval à bascule" not in names


def test_options_and_filters_read_in_french(client, shop_catalog):
    Attribute.objects.filter(slug="colour").update(name_fr="Couleur")
    trousers = Product.objects.get(name_en="Chino Trousers")

    listing = page(client, LIST_URL, "fr")
    product = page(client, trousers.get_absolute_url(), "fr")

    assert "Couleur" in listing and "Marine" in listing and "Navy" not in listing
    assert "Couleur" in product and "Marine" in product
    assert "Size" in listing  # not translated: English
