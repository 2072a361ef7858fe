from enum import Enum


class ShopErrorCode(Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    NEGATIVE_STOCK = "negative_stock"
    INVALID_IMAGE = "invalid_image"
    OUT_OF_STOCK = "out_of_stock"
