"""The one way a service builds the typed error it raises (STYLE.md, rule 3).

`core.graphql.mutations.BaseMutation` turns the ValidationError into the payload's
`errors {field code message}` (the params fill the message and travel along for the error types
that expose some of them); forms and pages show the same message.
"""

from enum import Enum

from django.core.exceptions import ValidationError


def typed_error(message, code: Enum, field: str | None = None, **params) -> ValidationError:
    """A ValidationError with `code`'s value and `params`, keyed by the input `field` when one
    is given (`ValidationError({field: ...})`), a non-field error otherwise.

    `message` is already translated (gettext or gettext_lazy) and may hold `%(name)s`
    placeholders filled from `params`.
    """
    error = ValidationError(message, code=code.value, params=params)
    return ValidationError({field: error}) if field else error
