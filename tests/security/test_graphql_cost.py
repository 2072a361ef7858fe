"""Attack: one anonymous GraphQL request that costs the server seconds (nested connections,
deep nesting, thousands of aliases, repeated fields), or maps the whole API by introspection."""

from pathlib import Path

import pytest
from django.conf import settings
from graphql import OperationDefinitionNode, parse

from config.schema import schema
from core.error_codes import GraphQLRequestErrorCode as Code
from core.graphql.limits import query_cost
from tests.api import graphql
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

NESTED_CATALOG = """
{ categories(first: 100) { edges { node {
    products(first: 100) { edges { node {
      category { products(first: 100) { edges { node { name } } } }
    } } }
} } } }
"""
OPERATIONS = sorted((Path(settings.BASE_DIR) / "graphql" / "operations").glob("*.graphql"))


def error_codes(result):
    return [error.get("extensions", {}).get("code") for error in result.get("errors", [])]


def test_nested_connections_are_refused_before_any_sql(client, django_assert_num_queries):
    ProductFactory(category=CategoryFactory())

    with django_assert_num_queries(0):
        result = graphql(client, NESTED_CATALOG)

    assert "data" not in result
    [error] = result["errors"]
    assert error["extensions"]["code"] == Code.QUERY_TOO_COMPLEX.value
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"]
    assert error["extensions"]["maxCost"] == settings.GRAPHQL_MAX_COST


def test_every_category_with_a_full_page_of_products_is_refused(client):
    query = "{ categories(first: 100) { edges { node { products(first: 100) { edges { node {"
    query += " name } } } } } } }"

    result = graphql(client, query)

    assert error_codes(result) == [Code.QUERY_TOO_COMPLEX.value]
    assert result["errors"][0]["extensions"]["cost"] == 30_301


def test_the_page_size_given_in_variables_counts(client):
    query = """query($n: Int) { categories(first: $n) { edges { node {
        products(first: $n) { edges { node { category { products(first: $n) {
            edges { node { name } } } } } } } } } } }"""

    assert error_codes(graphql(client, query, {"n": 100})) == [Code.QUERY_TOO_COMPLEX.value]
    assert graphql(client, query, {"n": 2}) == {"data": {"categories": {"edges": []}}}


def test_deep_nesting_is_refused(client, django_assert_num_queries):
    deep = "{ products(first: 1) { edges { node { " + "category { parent { " * 8
    deep += "name" + " } }" * 8 + " } } } }"

    with django_assert_num_queries(0):
        result = graphql(client, deep)

    assert error_codes(result) == [Code.QUERY_TOO_DEEP.value]
    assert result["errors"][0]["extensions"]["maxDepth"] == settings.GRAPHQL_MAX_DEPTH


def test_depth_follows_fragments(client):
    fragments = "".join(
        f"fragment F{i} on Category {{ parent {{ ...F{i + 1} }} }}\n" for i in range(20)
    )
    query = "{ categories(first: 1) { edges { node { ...F0 } } } }\n" + fragments
    query += "fragment F20 on Category { name }"

    assert error_codes(graphql(client, query)) == [Code.QUERY_TOO_DEEP.value]


def test_a_thousand_aliases_are_refused(client, django_assert_num_queries):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }"

    with django_assert_num_queries(0):
        result = graphql(client, query)

    assert error_codes(result) == [Code.TOO_MANY_ALIASES.value]
    assert result["errors"][0]["extensions"]["maxAliases"] == settings.GRAPHQL_MAX_ALIASES


def test_a_few_aliases_and_repeated_fields_are_fine(client):
    ProductFactory()
    query = "{ a: products(first: 1) { totalCount } b: products(first: 1) { totalCount } "
    query += "products(first: 1) { totalCount } products(first: 1) { totalCount } }"

    result = graphql(client, query)

    assert result["data"]["a"] == result["data"]["products"] == {"totalCount": 1}


def test_the_same_field_repeated_a_thousand_times_is_refused(client):
    query = "{ " + " ".join(["__typename"] * 1000) + " }"

    assert error_codes(graphql(client, query)) == [Code.TOO_MANY_REPEATS.value]


def test_a_huge_query_is_refused_before_parsing(client):
    query = "{ products { totalCount } }" + " " * settings.GRAPHQL_MAX_QUERY_LENGTH

    result = graphql(client, query)

    assert error_codes(result) == [Code.QUERY_TOO_LONG.value]


def test_a_huge_body_is_refused(client):
    body = '{"query": "{ __typename }", "variables": {"x": "' + "a" * 2_000_000 + '"}}'

    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 413
    assert error_codes(response.json()) == [Code.REQUEST_TOO_LARGE.value]


def test_introspection_is_refused_in_production(client, settings):
    settings.DEBUG = False
    settings.GRAPHQL_INTROSPECTION = False

    result = graphql(client, "{ __schema { types { name } } }")
    by_type = graphql(client, '{ __type(name: "Product") { fields { name } } }')

    assert error_codes(result) == [Code.INTROSPECTION_DISABLED.value]
    assert error_codes(by_type) == [Code.INTROSPECTION_DISABLED.value]
    assert "Product" not in str(result) + str(by_type["errors"][0]["message"])
    assert graphql(client, "{ __typename }") == {"data": {"__typename": "Query"}}


def test_introspection_can_be_enabled(client, settings):
    settings.GRAPHQL_INTROSPECTION = True

    result = graphql(client, '{ __type(name: "Money") { name } }')

    assert result == {"data": {"__type": {"name": "Money"}}}


def documented_operations():
    for path in OPERATIONS:
        document = parse(path.read_text())
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                yield pytest.param(path, definition.name.value, id=definition.name.value)


@pytest.mark.parametrize(("path", "operation"), list(documented_operations()))
def test_documented_operations_stay_within_the_limits(path, operation):
    cost = query_cost(schema.graphql_schema, parse(path.read_text()), operation, {})

    assert cost <= settings.GRAPHQL_MAX_COST
