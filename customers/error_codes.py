from enum import Enum


class AddressErrorCode(Enum):
    REQUIRED = "required"
    INVALID_COUNTRY = "invalid_country"
    INVALID_POSTAL_CODE = "invalid_postal_code"
