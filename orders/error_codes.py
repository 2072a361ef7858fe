from enum import Enum


class CheckoutErrorCode(Enum):
    """Why a checkout operation was refused."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    INSUFFICIENT_STOCK = "insufficient_stock"
    QUANTITY_GREATER_THAN_LIMIT = "quantity_greater_than_limit"
    PRODUCT_NOT_PUBLISHED = "product_not_published"
    INVALID_VOUCHER = "invalid_voucher"
    SHIPPING_METHOD_NOT_AVAILABLE = "shipping_method_not_available"
    SHIPPING_ADDRESS_REQUIRED = "shipping_address_required"
    EMAIL_REQUIRED = "email_required"
    EMPTY_CHECKOUT = "empty_checkout"
    INVALID_COUNTRY = "invalid_country"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    GATEWAY_NOT_AVAILABLE = "gateway_not_available"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_PENDING = "payment_pending"
    CHECKOUT_COMPLETED = "checkout_completed"
    RESERVATION_EXPIRED = "reservation_expired"
    TOO_MANY_RESERVATIONS = "too_many_reservations"
    TOO_MANY_UNPAID_ORDERS = "too_many_unpaid_orders"


class OrderErrorCode(Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    INVALID_TRANSITION = "invalid_transition"
    FULFILL_QUANTITY_EXCEEDED = "fulfill_quantity_exceeded"
    INVALID_CARRIER = "invalid_carrier"
    ALREADY_DELIVERED = "already_delivered"
    REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured"
    REFUND_LIMIT_EXCEEDED = "refund_limit_exceeded"
    NOTHING_TO_REFUND = "nothing_to_refund"
    NOT_PAID = "not_paid"


class ReturnErrorCode(Enum):
    """Why a return or refund operation was refused."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    INVALID_TRANSITION = "invalid_transition"
    LINE_NOT_DELIVERED = "line_not_delivered"
    QUANTITY_EXCEEDED = "quantity_exceeded"
    NOT_RETURNABLE = "not_returnable"
    RETURN_WINDOW_EXPIRED = "return_window_expired"
    INVALID_PHOTO = "invalid_photo"
    TOO_MANY_PHOTOS = "too_many_photos"
    PHOTO_TOO_LARGE = "photo_too_large"
    INVALID_REPLACEMENT = "invalid_replacement"
    INSUFFICIENT_STOCK = "insufficient_stock"
    REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured"
    REFUND_LIMIT_EXCEEDED = "refund_limit_exceeded"
    NOTHING_TO_REFUND = "nothing_to_refund"
