from enum import Enum


class AddressErrorCode(Enum):
    REQUIRED = "required"
    INVALID_COUNTRY = "invalid_country"
    INVALID_POSTAL_CODE = "invalid_postal_code"


class AccountErrorCode(Enum):
    """The codes of account errors (sign-up, sign-in, tokens, the address book)."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    UNIQUE = "unique"
    PASSWORD_TOO_WEAK = "password_too_weak"
    INVALID_CREDENTIALS = "invalid_credentials"
    INACTIVE = "inactive"
    RATE_LIMITED = "rate_limited"
    INVALID_TOKEN = "invalid_token"
    INVALID_COUNTRY = "invalid_country"
    INVALID_POSTAL_CODE = "invalid_postal_code"


class OrderLookupErrorCode(Enum):
    """Why a guest's order look-up found nothing."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
