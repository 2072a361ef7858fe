"""Reading the typed errors a service raised, as the tests assert them."""

from django.core.exceptions import ValidationError


def error_code(info, field: str) -> str:
    """The code of the first error on `field` of the ValidationError caught in `info`
    (pytest.raises), or of its first error when it names no field."""
    error = info.value
    if hasattr(error, "error_dict"):
        return error.error_dict[field][0].code
    return error.error_list[0].code


def error_codes(error) -> list[str]:
    """The codes of all the errors of a ValidationError, field by field; `error` is the exception
    or the pytest.raises info holding it."""
    if not isinstance(error, ValidationError):
        error = error.value
    if hasattr(error, "error_dict"):
        return [item.code for items in error.error_dict.values() for item in items]
    return [item.code for item in error.error_list]
