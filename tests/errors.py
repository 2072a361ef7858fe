"""Reading the typed errors a service raised, as the tests assert them."""


def error_code(info, field: str) -> str:
    """The code of the first error on `field` of the ValidationError caught in `info`
    (pytest.raises), or of its first error when it names no field."""
    error = info.value
    if hasattr(error, "error_dict"):
        return error.error_dict[field][0].code
    return error.error_list[0].code
