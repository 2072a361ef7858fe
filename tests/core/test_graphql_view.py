"""The /graphql/ endpoint: cached parsing and validation behave like graphene-django's own."""

import pytest
from django.test import Client

from core.graphql.views import _parse_and_validate
from tests.api import graphql
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_same_query_is_parsed_once(client):
    ProductFactory()
    query = "{ products(first: 1) { totalCount } }"
    _parse_and_validate.cache_clear()
    for _ in range(3):
        assert graphql(client, query) == {"data": {"products": {"totalCount": 1}}}
    assert _parse_and_validate.cache_info().hits == 2


def test_syntax_error_is_reported(client):
    result = graphql(client, "{ products(first: 1) { totalCount }")
    assert "Syntax Error" in result["errors"][0]["message"]
    assert "data" not in result


def test_validation_error_is_reported(client):
    result = graphql(client, "{ products { noSuchField } }")
    assert "Cannot query field 'noSuchField'" in result["errors"][0]["message"]


def test_get_runs_queries(client):
    ProductFactory()
    response = client.get("/graphql/", {"query": "{ products { totalCount } }"})
    assert response.json() == {"data": {"products": {"totalCount": 1}}}


def test_get_refuses_mutations(client):
    query = "mutation { productBulkPublish(ids: [], isPublished: true) { count } }"
    response = client.get("/graphql/", {"query": query}, HTTP_ACCEPT="application/json")
    assert response.status_code == 405


def test_session_post_needs_csrf_token():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory())
    response = csrf_client.post(
        "/graphql/", {"query": "{ products { totalCount } }"}, content_type="application/json"
    )
    assert response.status_code == 403
