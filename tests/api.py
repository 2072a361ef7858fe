"""Calling the GraphQL endpoint from tests, as a client would."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def graphql(client, query: str, variables: dict | None = None, operation_name: str | None = None):
    """POST a query to /graphql/ and return the decoded JSON body ({"data", "errors"})."""
    body = {"query": query, "variables": variables or {}}
    if operation_name:
        body["operationName"] = operation_name
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code in (200, 400), response.content
    return response.json()


def grant(user, *codenames: str):
    """Give a user model permissions named "app_label.codename"."""
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def staff_user(*codenames: str, **fields):
    """A staff member (not a superuser, in no group) holding the permissions `codenames`
    ("app_label.codename"); `fields` go to UserFactory."""
    user = UserFactory(is_staff=True, **fields)
    grant(user, *codenames)
    return user


def operation_names(document: str) -> set[str]:
    """The names of the operations a documented .graphql file defines."""
    from graphql import OperationDefinitionNode, parse

    return {
        definition.name.value
        for definition in parse(document).definitions
        if isinstance(definition, OperationDefinitionNode)
    }


def operations_document(name: str) -> str:
    """The documented client operations of graphql/operations/<name>.graphql."""
    return (Path(settings.BASE_DIR) / "graphql" / "operations" / f"{name}.graphql").read_text()


def run_data(client, document: str, operation: str, variables: dict | None = None) -> dict:
    """Run one operation of a document; return its `data`, checked to have no GraphQL errors."""
    result = graphql(client, document, variables, operation_name=operation)
    assert "errors" not in result, result["errors"]
    return result["data"]


def run_payload(client, document: str, operation: str, **variables):
    """Run one operation of a document; return its one root field, checked to have no errors
    (neither GraphQL's nor, for a mutation, the payload's `errors`)."""
    [data] = run_data(client, document, operation, variables).values()
    if "errors" in (data or {}):
        assert data["errors"] == [], data["errors"]
    return data
