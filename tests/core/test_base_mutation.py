"""BaseMutation on its own, through a small schema of test-only mutations."""

import enum

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.graphql.errors import make_error_type
from core.graphql.mutations import BaseMutation
from shop.models import Category
from tests.api import grant, staff_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class ExampleErrorCode(enum.Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    TOO_LONG = "too_long"


ExampleError = make_error_type("ExampleError", ExampleErrorCode)


class CategoryCreate(BaseMutation):
    """Creates a category, then refuses as told: lets the tests see what the base class does."""

    category_name = graphene.String()

    class Arguments:
        display_name = graphene.String(required=True)
        refuse = graphene.String(description="keyed, plain, uncoded, many or crash")

    class Meta:
        error_type = ExampleError

    @classmethod
    def perform_mutation(cls, root, info, display_name, refuse=None):
        category = Category.objects.create(name=display_name, slug="created")
        if refuse == "keyed":
            raise ValidationError(
                {
                    "display_name": ValidationError(
                        "At most %(max)s characters.",
                        code=ExampleErrorCode.TOO_LONG.value,
                        params={"max": 3},
                    )
                }
            )
        if refuse == "plain":
            raise ValidationError("Not today.", code=ExampleErrorCode.NOT_FOUND.value)
        if refuse == "uncoded":
            raise ValidationError("Something is off.")
        if refuse == "many":
            raise ValidationError(
                {
                    "display_name": [
                        ValidationError("Too long.", code=ExampleErrorCode.TOO_LONG.value),
                        ValidationError("Wrong.", code=ExampleErrorCode.INVALID.value),
                    ],
                    "refuse": ValidationError("Bad.", code=ExampleErrorCode.INVALID.value),
                }
            )
        if refuse == "crash":
            raise RuntimeError("a bug")
        return {"category_name": category.name}


class GuardedCategoryCreate(CategoryCreate):
    class Meta:
        error_type = ExampleError
        permission = "shop.add_category"


class Query(graphene.ObjectType):
    ok = graphene.Boolean()


class Mutation(graphene.ObjectType):
    category_create = CategoryCreate.Field()
    guarded_category_create = GuardedCategoryCreate.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)

MUTATION = """
mutation($name: String!, $refuse: String) {
  categoryCreate(displayName: $name, refuse: $refuse) {
    categoryName
    errors { field code message }
  }
}
"""
GUARDED = """
mutation { guardedCategoryCreate(displayName: "Hats") { categoryName errors { field code } } }
"""


def execute(query, variables=None, user=None):
    request = RequestFactory().post("/graphql/")
    request.user = user or AnonymousUser()
    result = schema.execute(query, variables=variables, context_value=request)
    return result


def run(refuse=None):
    result = execute(MUTATION, {"name": "Hats", "refuse": refuse})
    assert result.errors is None, result.errors
    return result.data["categoryCreate"]


def test_success_returns_the_payload_and_no_errors():
    assert run() == {"categoryName": "Hats", "errors": []}
    assert Category.objects.filter(slug="created").exists()


def test_field_error_is_camel_cased_with_its_code_and_message():
    payload = run("keyed")
    assert payload == {
        "categoryName": None,
        "errors": [
            {"field": "displayName", "code": "TOO_LONG", "message": "At most 3 characters."}
        ],
    }


def test_plain_error_has_no_field():
    assert run("plain")["errors"] == [{"field": None, "code": "NOT_FOUND", "message": "Not today."}]


def test_error_without_code_is_invalid():
    assert run("uncoded")["errors"] == [
        {"field": None, "code": "INVALID", "message": "Something is off."}
    ]


def test_every_message_becomes_an_error():
    assert run("many")["errors"] == [
        {"field": "displayName", "code": "TOO_LONG", "message": "Too long."},
        {"field": "displayName", "code": "INVALID", "message": "Wrong."},
        {"field": "refuse", "code": "INVALID", "message": "Bad."},
    ]


@pytest.mark.parametrize("refuse", ["keyed", "plain", "uncoded", "many"])
def test_refused_mutation_rolls_back_its_writes(refuse):
    run(refuse)
    assert not Category.objects.exists()


def test_other_exceptions_are_not_swallowed_and_roll_back():
    result = execute(MUTATION, {"name": "Hats", "refuse": "crash"})
    assert result.errors[0].message == "a bug"
    assert not Category.objects.exists()


def test_permission_refused_before_anything_runs():
    result = execute(GUARDED, user=UserFactory(is_staff=True))
    assert result.data["guardedCategoryCreate"] == {
        "categoryName": None,
        "errors": [{"field": None, "code": "PERMISSION_DENIED"}],
    }
    assert not Category.objects.exists()


def test_permission_refused_to_anonymous():
    result = execute(GUARDED)
    assert result.data["guardedCategoryCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"


def test_permission_granted():
    result = execute(GUARDED, user=staff_user("shop.add_category"))
    assert result.data["guardedCategoryCreate"] == {"categoryName": "Hats", "errors": []}


def test_permission_refused_to_inactive_user():
    user = UserFactory(is_active=False)
    grant(user, "shop.add_category")
    result = execute(GUARDED, user=user)
    assert result.data["guardedCategoryCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"


def test_error_type_is_required():
    with pytest.raises(TypeError, match="needs Meta.error_type"):

        class NoErrorType(BaseMutation):
            ok = graphene.Boolean()

            class Meta:
                pass


def test_error_codes_must_include_the_base_codes():
    class PartialCode(enum.Enum):
        INVALID = "invalid"

    with pytest.raises(TypeError, match="lacks the codes"):

        class Incomplete(BaseMutation):
            ok = graphene.Boolean()

            class Meta:
                error_type = make_error_type("PartialError", PartialCode)


# An error type with a field of its own, read from the ValidationError's params, and a mutation
# that leaves transactions to its service (Meta.atomic = False).


def resolve_available(root, info):
    return root["params"].get("available")


StockExampleError = make_error_type(
    "StockExampleError",
    ExampleErrorCode,
    extra_fields={"available": graphene.Int(resolver=resolve_available)},
)


class CategoryCreateUnwrapped(BaseMutation):
    category_name = graphene.String()

    class Arguments:
        display_name = graphene.String(required=True)

    class Meta:
        error_type = StockExampleError
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, display_name):
        Category.objects.create(name=display_name, slug="kept")
        raise ValidationError(
            {
                "display_name": ValidationError(
                    "Only %(available)s left.",
                    code=ExampleErrorCode.TOO_LONG.value,
                    params={"available": 2},
                )
            }
        )


class UnwrappedMutation(graphene.ObjectType):
    category_create_unwrapped = CategoryCreateUnwrapped.Field()


unwrapped_schema = graphene.Schema(query=Query, mutation=UnwrappedMutation)


def test_error_params_reach_the_extra_fields_and_unwrapped_writes_stay():
    request = RequestFactory().post("/graphql/")
    request.user = AnonymousUser()
    query = """
    mutation { categoryCreateUnwrapped(displayName: "Hats") {
      categoryName errors { field code message available } } }
    """
    result = unwrapped_schema.execute(query, context_value=request)
    assert result.errors is None, result.errors
    assert result.data["categoryCreateUnwrapped"] == {
        "categoryName": None,
        "errors": [
            {"field": "displayName", "code": "TOO_LONG", "message": "Only 2 left.", "available": 2}
        ],
    }
    assert Category.objects.filter(slug="kept").exists()


def test_a_code_the_mutation_does_not_know_reads_as_invalid():
    from core.graphql.mutations import validation_errors

    error = ValidationError({"email": ValidationError("Enter a valid email.", code="bad_email")})
    [item] = validation_errors(error, "invalid", frozenset({"invalid", "not_found"}))
    assert item["code"] == "invalid"
    assert item["field"] == "email"
    assert item["message"] == "Enter a valid email."
