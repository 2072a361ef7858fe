"""Address validation shared by the checkout, the address book and the GraphQL API."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from customers.error_codes import AddressErrorCode
from customers.models import Address

REQUIRED = ("first_name", "last_name", "street_address_1", "postal_code", "city", "country")

# Postcode formats of the countries we ship to most; others only need a non-empty value.
POSTCODE_PATTERNS = {
    "FR": r"\d{5}",
    "DE": r"\d{5}",
    "ES": r"\d{5}",
    "IT": r"\d{5}",
    "BE": r"\d{4}",
    "NL": r"\d{4} ?[A-Z]{2}",
    "LU": r"(L-)?\d{4}",
    "CH": r"\d{4}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
    "US": r"\d{5}(-\d{4})?",
}


def address_clean(data: dict) -> dict:
    """Normalise and validate address fields; raises a ValidationError keyed by field.

    Countries come from settings.SHOP_COUNTRIES; postcodes are checked against the country's
    format where we know it.
    """
    cleaned = {name: str(data.get(name) or "").strip() for name in Address.FIELDS}
    cleaned["country"] = cleaned["country"].upper()
    cleaned["postal_code"] = cleaned["postal_code"].upper()
    errors = {}
    for name in REQUIRED:
        if not cleaned[name]:
            errors[name] = ValidationError(
                _("This field is required."), code=AddressErrorCode.REQUIRED.value
            )
    country = cleaned["country"]
    if country and country not in settings.SHOP_COUNTRIES:
        errors["country"] = ValidationError(
            _("We do not deliver to this country."), code=AddressErrorCode.INVALID_COUNTRY.value
        )
    pattern = POSTCODE_PATTERNS.get(country)
    if cleaned["postal_code"] and pattern and not re.fullmatch(pattern, cleaned["postal_code"]):
        errors["postal_code"] = ValidationError(
            _("This postcode is not valid for the country."),
            code=AddressErrorCode.INVALID_POSTAL_CODE.value,
        )
    if errors:
        raise ValidationError(errors)
    return cleaned
