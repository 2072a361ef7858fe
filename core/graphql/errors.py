"""The typed error every mutation returns: `errors { field code message }`."""

import enum

import graphene


def make_error_type(
    name: str,
    code_enum: type[enum.Enum],
    description: str = "",
    extra_fields: dict | None = None,
) -> type:
    """Build the GraphQL error type of one app, whose `code` is that app's enum of error codes.

    `extra_fields` adds fields of the app's own (graphene fields by attribute name). Each error
    is resolved from a dict holding `field`, `code`, `message` and `params`, the params of the
    ValidationError it came from (core.graphql.mutations.validation_errors), so an extra field
    reads what it needs from `root["params"]` in its resolver.
    """
    code_type = graphene.Enum.from_enum(
        code_enum,
        name=f"{name}Code",
        description=code_enum.__doc__ or f"The codes of {name}, upper case.",
    )
    return type(
        name,
        (graphene.ObjectType,),
        {
            "__doc__": description or f"An error returned by a mutation ({name}).",
            "field": graphene.String(
                description="The input field the error is about, or null for the whole input."
            ),
            "code": graphene.Field(code_type, required=True, description="Machine-readable code."),
            "message": graphene.String(required=True, description="Human-readable, translated."),
            **(extra_fields or {}),
        },
    )
