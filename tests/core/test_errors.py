from django.core.exceptions import NON_FIELD_ERRORS

from core.errors import typed_error
from core.graphql.mutations import validation_errors
from orders.error_codes import OrderErrorCode


def test_typed_error_with_a_field_is_keyed_by_it_and_fills_the_message():
    error = typed_error(
        "At most %(left)s left.", OrderErrorCode.REFUND_EXCEEDS_CAPTURED, "amount", left=3
    )

    [item] = error.error_dict["amount"]
    assert (item.code, item.params) == ("refund_exceeds_captured", {"left": 3})
    assert validation_errors(error, "invalid") == [
        {
            "field": "amount",
            "code": "refund_exceeds_captured",
            "message": "At most 3 left.",
            "params": {"left": 3},
        }
    ]


def test_typed_error_without_a_field_is_a_non_field_error():
    error = typed_error("No.", OrderErrorCode.PERMISSION_DENIED)

    assert not hasattr(error, "error_dict")
    assert error.code == "permission_denied"
    assert validation_errors(error, "invalid") == [
        {"field": None, "code": "permission_denied", "message": "No.", "params": {}}
    ]
    assert error.update_error_dict({}) == {NON_FIELD_ERRORS: [error]}
