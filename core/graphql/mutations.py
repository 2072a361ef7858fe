"""The base every mutation builds on: services raise ValidationError, the payload lists errors.

A service signals a refused action with `django.core.exceptions.ValidationError`, either plain
(`ValidationError(message, code=SomeErrorCode.X.value)`) or keyed by input field
(`ValidationError({"quantity": ValidationError(message, code=...)})`). `BaseMutation` catches it,
turns every message into `{field, code, message}`, and returns the payload with `errors` filled
and the object fields null. Nothing else is caught: a bug stays a bug.

The error's params travel along (`params`, not a GraphQL field), for the error types that expose
some of them (`make_error_type(extra_fields=...)`: the variant and quantity left of a stock error).
"""

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from graphene.utils.str_converters import to_camel_case

from core.graphql.inputs import text_input_errors

# Every app's error code enum has these, so the base class can report its own failures.
REQUIRED_CODES = ("INVALID", "NOT_FOUND", "PERMISSION_DENIED")


def validation_errors(
    error: ValidationError, default_code: str, known_codes: frozenset[str] | None = None
) -> list[dict]:
    """Flatten a ValidationError into {field, code, message, params} dicts, with camelCased
    fields. A code outside `known_codes` (a Django validator's, say) becomes `default_code`, so
    the payload always serialises."""
    error_dict = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
    items = []
    for field, errors in error_dict.items():
        for item in errors:
            message = item.message % item.params if item.params else item.message
            items.append(
                {
                    "field": None if field == NON_FIELD_ERRORS else to_camel_case(field),
                    "code": item.code
                    if item.code and (known_codes is None or item.code in known_codes)
                    else default_code,
                    "message": str(message),
                    "params": dict(item.params or {}),
                }
            )
    return items


class BaseMutation(graphene.Mutation):
    """Subclasses declare `Arguments`, their result fields and `Meta.error_type` (made with
    `make_error_type`), and implement `perform_mutation(root, info, **data)` returning a dict
    of the payload's fields.

    `Meta.permission` (a codename such as "shop.change_product") is checked first; the whole
    mutation runs in one transaction, so a refused one leaves nothing half-written.

    Every string of the input is checked first (core.graphql.inputs): a NUL byte or a string
    too long for where it lands is refused with INVALID and the path of the input as `field`.
    `Meta.max_lengths` gives the exact limits (`{"input.subject": max_length_of(Ticket,
    "subject")}`); email fields and every other string have a default cap.

    `Meta.atomic = False` leaves the transactions to the service, for the few that must commit
    before calling a payment provider (row locks released first, LESSONS.md) and must keep what
    they recorded about a provider's refusal while reporting it as an error.
    """

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls, error_type=None, permission=None, atomic=True, max_lengths=None, **options
    ):
        if error_type is None:
            raise TypeError(f"{cls.__name__} needs Meta.error_type")
        code_enum = error_type._meta.fields["code"].type.of_type._meta.enum
        missing = [code for code in REQUIRED_CODES if code not in code_enum.__members__]
        if missing:
            raise TypeError(f"{code_enum.__name__} lacks the codes {missing}")
        cls.error_codes = code_enum
        cls.permission = permission
        cls.atomic = atomic
        cls.max_lengths = dict(max_lengths or {})
        cls.errors = graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(error_type))),
            description="What went wrong; empty on success.",
        )
        super().__init_subclass_with_meta__(**options)

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            cls.check_permission(info)
            cls.check_input(data)
            if cls.atomic:
                with transaction.atomic():
                    payload = cls.perform_mutation(root, info, **data) or {}
            else:
                payload = cls.perform_mutation(root, info, **data) or {}
        except PermissionDenied as exc:
            code = cls.error_codes.PERMISSION_DENIED.value
            return cls(errors=[{"field": None, "code": code, "message": str(exc), "params": {}}])
        except ValidationError as exc:
            known = frozenset(code.value for code in cls.error_codes)
            return cls(errors=validation_errors(exc, cls.error_codes.INVALID.value, known))
        return cls(errors=[], **payload)

    @classmethod
    def check_permission(cls, info):
        if cls.permission is None:
            return
        user = info.context.user
        if not (user.is_authenticated and user.is_active and user.has_perm(cls.permission)):
            raise PermissionDenied(gettext("You do not have permission to perform this action."))

    @classmethod
    def check_input(cls, data):
        error = text_input_errors(
            data, max_lengths=cls.max_lengths, code=cls.error_codes.INVALID.value
        )
        if error:
            raise error

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
