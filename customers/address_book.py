"""The customer's address book: writes. Every function takes the owner and finds the address
among that owner's only, so a guessed id of another customer's address reads as missing."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.db import database_id
from core.errors import typed_error
from customers.addresses import address_clean
from customers.error_codes import AccountErrorCode
from customers.models import Address

SHIPPING = "shipping"
BILLING = "billing"
DEFAULT_FIELDS = {SHIPPING: "default_shipping_address", BILLING: "default_billing_address"}


def address_of_user(*, user, address_id) -> Address:
    """The user's own address, or ObjectDoesNotExist (for someone else's as for a missing one)."""
    if not user.is_authenticated or database_id(address_id) is None:
        raise Address.DoesNotExist
    return Address.objects.get(pk=address_id, user=user)


def _not_found() -> ValidationError:
    return typed_error(_("No such address."), AccountErrorCode.NOT_FOUND, field="id")


def _set_defaults(user, address: Address, kinds) -> None:
    fields = []
    for kind in kinds:
        setattr(user, DEFAULT_FIELDS[kind], address)
        fields.append(DEFAULT_FIELDS[kind])
    if fields:
        user.save(update_fields=fields)


@transaction.atomic
def address_create(*, user, data: dict, default_for=()) -> Address:
    """Validate and add an address to the book; `default_for` ⊆ {"shipping", "billing"}. The
    first address becomes the default of both kinds."""
    cleaned = address_clean(data)
    first = not user.addresses.exists()
    address = Address.objects.create(user=user, **cleaned)
    _set_defaults(user, address, (SHIPPING, BILLING) if first else default_for)
    return address


@transaction.atomic
def address_update(*, user, address_id, data: dict, default_for=()) -> Address:
    try:
        address = address_of_user(user=user, address_id=address_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    for name, value in address_clean(data).items():
        setattr(address, name, value)
    address.save()
    _set_defaults(user, address, default_for)
    return address


@transaction.atomic
def address_delete(*, user, address_id) -> None:
    """Remove an address from the book. Orders hold their own copies, so none changes."""
    try:
        address = address_of_user(user=user, address_id=address_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    address.delete()  # the user's default FKs are SET_NULL


@transaction.atomic
def address_set_default(*, user, address_id, kind: str) -> Address:
    if kind not in DEFAULT_FIELDS:
        raise typed_error(_("Unknown address type."), AccountErrorCode.INVALID, field="type")
    try:
        address = address_of_user(user=user, address_id=address_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    _set_defaults(user, address, (kind,))
    return address
