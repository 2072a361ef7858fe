"""The input-layer guard: text a database cannot store is refused before any service runs.

PostgreSQL refuses NUL bytes in text and strings longer than a varchar column, and answers with
its own words; a client must get a typed error naming the field instead. `text_input_errors`
walks every string of an operation's arguments (nested input objects and lists included) and
refuses NUL bytes, strings over a generous global cap, email addresses over the length an
EmailField stores, and strings over the limit a mutation declares for the model field they land
in (`max_length_of`).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from graphene.utils.str_converters import to_camel_case

# Far above any text a shopper types (a ticket's body, a return's details), far below a flood.
MAX_TEXT_LENGTH = 10_000
# What an EmailField stores by default, and RFC 5321's limit on a forward path.
MAX_EMAIL_LENGTH = 254
EMAIL_NAMES = frozenset({"email"})


def max_length_of(model, field_name: str) -> int:
    """The max_length of a model's CharField/EmailField, for a mutation's `Meta.max_lengths`."""
    return model._meta.get_field(field_name).max_length


def text_input_errors(
    arguments: Mapping, *, max_lengths: Mapping[str, int] | None = None, code: str
) -> ValidationError | None:
    """A ValidationError keyed by the camelCased path of each bad string ("input.email",
    "input.orderLineIds.1"), with `code`; None when every string is acceptable.

    `max_lengths` maps such a path (list indexes left out: "input.tags") to its exact limit."""
    errors = {}
    for path, shape, value in _strings(arguments, ()):
        message = _refusal(value, _limit(path, shape, max_lengths or {}))
        if message and path not in errors:
            errors[path] = ValidationError(message, code=code)
    return ValidationError(errors) if errors else None


def _limit(path: str, shape: str, max_lengths: Mapping[str, int]) -> int:
    if shape in max_lengths:
        return max_lengths[shape]
    if shape.rsplit(".", 1)[-1] in EMAIL_NAMES:
        return MAX_EMAIL_LENGTH
    return MAX_TEXT_LENGTH


def _refusal(value: str, limit: int) -> str | None:
    if "\x00" in value:
        return gettext("Null characters are not allowed.")
    if len(value) > limit:
        return gettext(
            "Ensure this value has at most %(limit)d characters (it has %(length)d)."
        ) % {"limit": limit, "length": len(value)}
    return None


def _strings(value, names: tuple):
    """(path, shape, string) for every string inside `value`; the shape is the path without
    list indexes."""
    if isinstance(value, str):
        path = ".".join(to_camel_case(str(name)) for name in names)
        shape = ".".join(to_camel_case(name) for name in names if isinstance(name, str))
        yield path, shape, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, (*names, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*names, index))
