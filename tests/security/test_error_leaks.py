"""Attack: make a resolver fail and read the server's internals (exception text, SQL driver
messages) in the GraphQL response. Unexpected errors reach the client as INTERNAL_ERROR with a
reference that is in the log beside the traceback."""

import base64
import json
import logging

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from graphql import GraphQLError

from core.error_codes import GraphQLRequestErrorCode as Code
from core.graphql.views import ShopGraphQLView
from tests.api import graphql
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

RAW_TEXTS = ("Python int too large", "invalid literal", "expected a number", "Traceback")


def raw_global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def assert_masked(result, caplog):
    """Every error is INTERNAL_ERROR, its reference logged with the traceback; no raw text."""
    assert result.get("errors"), result
    for error in result["errors"]:
        reference = error["extensions"]["reference"]
        assert error == {
            "message": f"Internal error. Reference: {reference}",
            "locations": error["locations"],
            "path": error["path"],
            "extensions": {"code": Code.INTERNAL_ERROR.value, "reference": reference},
        }
        [record] = [r for r in caplog.records if reference in r.getMessage()]
        assert record.name == "core.graphql"
        assert record.levelno == logging.ERROR
        assert record.exc_info is not None
    for text in RAW_TEXTS:
        assert text not in str(result)


def assert_refused_or_masked(result, caplog, field):
    """A malformed id is either refused by the input layer as a clear "invalid id" (our own
    words), answered as "not found", or masked if it got further; never raw text."""
    assert result["data"] == {field: None}
    errors = result.get("errors", [])
    if any(
        error.get("extensions", {}).get("code") == Code.INTERNAL_ERROR.value for error in errors
    ):
        assert_masked(result, caplog)
    for error in errors:
        masked = error.get("extensions", {}).get("code") == Code.INTERNAL_ERROR.value
        assert masked or error["message"].startswith("Invalid id "), error
    for text in RAW_TEXTS:
        assert text not in str(result)


@pytest.mark.parametrize("raw_id", ["Product:99999999999999999999", "Product:²"])
def test_a_malformed_product_id_leaks_nothing(client, caplog, raw_id):
    ProductFactory()
    query = "query($id: ID!) { product(id: $id) { name } }"

    result = graphql(client, query, {"id": raw_global_id(raw_id)})

    assert_refused_or_masked(result, caplog, "product")


@pytest.mark.parametrize("raw_id", ["Product:99999999999999999999", "Product:²"])
def test_a_malformed_node_id_leaks_nothing(client, caplog, raw_id):
    query = "query($id: ID!) { node(id: $id) { id } }"

    result = graphql(client, query, {"id": raw_global_id(raw_id)})

    assert_refused_or_masked(result, caplog, "node")


@pytest.mark.parametrize("raw_id", ["garbage", raw_global_id("Money:1"), raw_global_id("Nope:1")])
def test_a_node_id_of_no_node_type_is_not_found_and_logs_no_error(client, caplog, raw_id):
    result = graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": raw_id})

    assert result == {"data": {"node": None}}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


class FailingQuery(graphene.ObjectType):
    """A schema whose resolvers fail for sure, whatever the input layer checks upstream."""

    broken = graphene.Int()
    refused = graphene.Int()

    def resolve_broken(root, info):
        return int("12; DROP TABLE shop_product")

    def resolve_refused(root, info):
        raise GraphQLError("You may not see this.")


def run_failing(query: str) -> dict:
    view = ShopGraphQLView.as_view(schema=graphene.Schema(query=FailingQuery))
    request = RequestFactory().post("/graphql/", {"query": query}, content_type="application/json")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 200
    return json.loads(response.content)


def test_an_unexpected_resolver_error_is_masked_and_logged(caplog):
    result = run_failing("{ broken }")

    assert result["data"] == {"broken": None}
    assert_masked(result, caplog)
    assert "DROP TABLE" not in str(result)


def test_a_deliberate_error_keeps_its_message(caplog):
    result = run_failing("{ refused }")

    assert result["errors"][0]["message"] == "You may not see this."
    assert not caplog.records


def test_with_debug_on_the_developer_sees_the_error(settings):
    settings.DEBUG = True

    result = run_failing("{ broken }")

    assert "invalid literal" in result["errors"][0]["message"]
