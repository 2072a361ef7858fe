"""Catalog search as a shopper uses it, in English and in French.

The relevance tests need PostgreSQL (full-text search, unaccent, pg_trgm) and are skipped on
SQLite, where the fallback below is tested instead. CI runs both.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from shop.models import SearchMiss
from shop.search import search_corrections
from tests.api import graphql
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("shop:product_list")
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL full-text and trigram search"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")

SEARCH = """
query Search($search: String, $sortBy: ProductSortingInput) {
  products(first: 20, filter: {search: $search}, sortBy: $sortBy) {
    edges { node { name } }
  }
}
"""


def found(client, query, language="en", **params):
    """The product names the listing shows for `query`, in their order on the page."""
    response = client.get(LIST_URL, {"q": query, **params}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return [card.name for card in response.context["cards"]]


def found_by_api(client, query, language="en", sort_by=None):
    response = client.post(
        "/graphql/",
        {"query": SEARCH, "variables": {"search": query, "sortBy": sort_by}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    result = response.json()
    assert "errors" not in result, result
    return [edge["node"]["name"] for edge in result["data"]["products"]["edges"]]


@pytest.fixture
def catalog():
    kitchen = CategoryFactory(name="Kitchen")
    clothing = CategoryFactory(name="Clothing")
    return {
        "mug": ProductFactory(name="Stoneware Mug", category=kitchen),
        "jar": ProductFactory(name="Bocal en verre", category=kitchen),
        "sweater": ProductFactory(
            name="Merino Sweater", category=clothing, variants=[{"sku": "SWE-0042-M-NAV"}]
        ),
        "scarf": ProductFactory(name="Écharpe en laine", category=clothing),
        "trousers": ProductFactory(name="Pantalon chino", category=clothing),
        "pony": ProductFactory(name="Rocking Pony", description="Solid beech."),
        "notebook": ProductFactory(
            name="Linen Notebook", description="Pairs well with a mug of tea, or two mugs."
        ),
    }


# PostgreSQL: full text, accents, typos, ranking, language


@needs_postgresql
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mugs", "Stoneware Mug"),  # stemming
        ("echarpe", "Écharpe en laine"),  # accents ignored
        ("écharpes", "Écharpe en laine"),
        ("sweter", "Merino Sweater"),  # a typo
        ("pantalons", "Pantalon chino"),
        ("kitchen", "Stoneware Mug"),  # the category's name
        ("SWE-0042-M-NAV", "Merino Sweater"),  # a SKU
        ("swe-0042", "Merino Sweater"),  # the start of a SKU
    ],
)
def test_search_finds_what_a_shopper_means(client, catalog, language, query, expected):
    assert expected in found(client, query, language)
    assert expected in found_by_api(client, query, language)


@needs_postgresql
def test_search_finds_nothing_unrelated(client, catalog):
    assert found(client, "sweter") == ["Merino Sweater"]
    assert found(client, "echarpe") == ["Écharpe en laine"]
    assert found(client, "submarine") == []


@needs_postgresql
def test_search_stems_in_the_language_of_the_request(client, catalog):
    # English stemming takes "ponies" to "pony"; French does not (and the words are too far
    # apart to pass for a typo).
    assert found(client, "ponies", "en") == ["Rocking Pony"]
    assert found(client, "ponies", "fr") == []
    assert found_by_api(client, "ponies", "en") == ["Rocking Pony"]
    assert found_by_api(client, "ponies", "fr") == []
    # French stemming takes "bocaux" to "bocal".
    assert found(client, "bocaux", "fr") == ["Bocal en verre"]


@needs_postgresql
def test_name_matches_come_before_description_matches(client, catalog):
    # The notebook names "mug" twice in its description; the mug has it once, in its name.
    assert found(client, "mug") == ["Stoneware Mug", "Linen Notebook"]
    assert found_by_api(client, "mug") == ["Stoneware Mug", "Linen Notebook"]


@needs_postgresql
def test_an_explicit_sort_overrides_relevance(client, catalog):
    ProductFactory(name="Cheap Mug", variants=[{"price": Decimal("0.50")}])

    by_name = found(client, "mug", sort="name")
    by_api = found_by_api(client, "mug", sort_by={"field": "NAME", "direction": "ASC"})
    by_price = found(client, "mug", sort="price")

    assert by_name == by_api == ["Cheap Mug", "Linen Notebook", "Stoneware Mug"]
    assert by_price[0] == "Cheap Mug"


@needs_postgresql
def test_search_answers_from_the_vector_index(catalog):
    """The plan reads the GIN index when sequential scans are ruled out (a small table would
    be scanned anyway; bench/search.py shows the plans, typo corrections included, on 100,000
    products)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM shop_product "
            "WHERE search_vector_fr @@ websearch_to_tsquery('shop_french', 'echarpe')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "product_search_fr" in plan, plan


@needs_postgresql
def test_typos_are_corrected_to_the_words_of_names(catalog):
    assert search_corrections(["sweter", "teapt", "pantalon"]) == {"sweter": ["sweater"]}


# SQLite: the fallback of `make run`


@sqlite_only
def test_sqlite_fallback_matches_every_word_accents_ignored_names_first(client, catalog):
    assert found(client, "echarpe") == ["Écharpe en laine"]
    assert found(client, "MUG") == ["Stoneware Mug", "Linen Notebook"]
    assert found(client, "kitchen mug") == ["Stoneware Mug"]
    assert found(client, "swe-0042") == ["Merino Sweater"]
    assert found_by_api(client, "mug") == ["Stoneware Mug", "Linen Notebook"]


# Both databases


def test_the_sort_menu_offers_best_match_only_with_a_search(client, catalog):
    with_search = client.get(LIST_URL, {"q": "mug"}).content.decode()
    without = client.get(LIST_URL).content.decode()

    assert '<option value="relevance">Best match</option>' in with_search
    assert 'value="relevance"' not in without
    assert found(client, "mug", sort="relevance") == ["Stoneware Mug", "Linen Notebook"]
    # Meaningless without a search: dropped like any invalid value, the list stays by name.
    response = client.get(LIST_URL, {"sort": "relevance"})
    assert response.status_code == 200


def test_search_with_no_result_is_counted_for_the_seller(client, catalog):
    found(client, "Submarine ")
    found(client, "submarine")
    found(client, "sous-marin", "fr")
    found(client, "mug")  # found: not counted
    found(client, "submarine", in_stock="on")  # narrowed by a filter: not the catalog's gap

    misses = {(m.query, m.language): m.count for m in SearchMiss.objects.all()}
    assert misses == {("submarine", "en"): 2, ("sous-marin", "fr"): 1}


def test_a_graphql_search_with_no_result_is_counted_too(client, catalog):
    found_by_api(client, "submarine")
    found_by_api(client, "submarine", "fr")
    found_by_api(client, "mug")  # found: not counted

    misses = {(m.query, m.language): m.count for m in SearchMiss.objects.all()}
    assert misses == {("submarine", "en"): 1, ("submarine", "fr"): 1}


def test_searches_with_no_result_list_for_the_seller_most_frequent_first(client, seller_client):
    for query, times in [("kayak", 1), ("submarine", 3), ("hovercraft", 2)]:
        for _ in range(times):
            found(client, query)

    response = seller_client.get(reverse("admin:shop_searchmiss_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Searches with no result" in html
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    assert rows.index("submarine") < rows.index("hovercraft") < rows.index("kayak")


def test_listing_search_runs_as_many_queries_for_20_results_as_for_1(
    client, django_assert_max_num_queries
):
    counts = []
    for size, prefix in [(1, "Walnut"), (20, "Copper")]:
        for number in range(size):
            ProductFactory(name=f"{prefix} Lamp {number:02d}", variants=[{}, {}])
        with django_assert_max_num_queries(12) as captured:
            names = found(client, prefix.lower())
        assert len(names) == size
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_graphql_search_runs_as_many_queries_for_20_results_as_for_1(
    client, django_assert_max_num_queries
):
    counts = []
    for size, prefix in [(1, "Walnut"), (20, "Copper")]:
        for number in range(size):
            ProductFactory(name=f"{prefix} Lamp {number:02d}", variants=[{}, {}])
        with django_assert_max_num_queries(6) as captured:
            result = graphql(client, SEARCH, {"search": prefix})
        assert len(result["data"]["products"]["edges"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
