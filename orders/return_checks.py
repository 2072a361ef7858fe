"""The checks of a new return request: lines delivered, returnable, within the window and the
quantity left; photos that really are small images (re-encoded, named by their format, by
core.uploads). Nothing here writes."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import IMAGE_FORMATS, UploadRefused, upload_clean
from orders.error_codes import ReturnErrorCode
from orders.models import Order, OrderLine
from orders.models.returns import ReturnReason
from orders.return_selectors import delivered_quantities, requested_quantities


@dataclass(frozen=True)
class ReturnLineSpec:
    order_line_id: int
    quantity: int
    reason: str
    reason_text: str = ""


def _error(field, message, code: ReturnErrorCode, **params) -> ValidationError:
    error = ValidationError(message, code=code.value, params=params)
    return ValidationError({field: error}) if field else error


def line_spec(line) -> ReturnLineSpec:
    """A ReturnLineSpec from a spec or a dict (order_line_id, quantity, reason, reason_text)."""
    if isinstance(line, ReturnLineSpec):
        return line
    try:
        return ReturnLineSpec(
            order_line_id=int(line["order_line_id"]),
            quantity=int(line["quantity"]),
            reason=line.get("reason", ""),
            reason_text=(line.get("reason_text") or "").strip(),
        )
    except (KeyError, TypeError, ValueError):
        raise _error(
            "lines", _("Choose an item, a quantity and a reason."), ReturnErrorCode.INVALID
        ) from None


def check_photos(photos) -> list:
    """The photos as files to store (random names with the extension of their format, images
    re-encoded); refuses TOO_MANY_PHOTOS, PHOTO_TOO_LARGE, INVALID_PHOTO."""
    if len(photos) > settings.SHOP_RETURN_MAX_PHOTOS:
        raise _error(
            "photos",
            _("Add at most %(count)s photos."),
            ReturnErrorCode.TOO_MANY_PHOTOS,
            count=settings.SHOP_RETURN_MAX_PHOTOS,
        )
    cleaned = []
    for photo in photos:
        if photo.size > settings.SHOP_RETURN_PHOTO_MAX_BYTES:
            raise _error(
                "photos",
                _("Each photo must be smaller than %(size)s MB."),
                ReturnErrorCode.PHOTO_TOO_LARGE,
                size=settings.SHOP_RETURN_PHOTO_MAX_BYTES // (1024 * 1024),
            )
        # The content decides, not the file name: re-encoded, nothing appended survives.
        try:
            cleaned.append(upload_clean(photo, formats=IMAGE_FORMATS).file)
        except UploadRefused:
            raise _error(
                "photos",
                _("Photos must be JPEG, PNG, WebP or GIF images."),
                ReturnErrorCode.INVALID_PHOTO,
            ) from None
    return cleaned


def check_lines(order: Order, specs: list[ReturnLineSpec]) -> dict[int, OrderLine]:
    if not specs:
        raise _error("lines", _("Choose at least one item to return."), ReturnErrorCode.REQUIRED)
    order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
    delivered = delivered_quantities(order)
    requested = requested_quantities(order)
    seen = set()
    for spec in specs:
        line = order_lines.get(spec.order_line_id)
        if line is None or spec.order_line_id in seen:
            raise _error(
                "lines", _("This line is not part of the order."), ReturnErrorCode.NOT_FOUND
            )
        seen.add(spec.order_line_id)
        if spec.quantity <= 0:
            raise _error("lines", _("The quantity must be positive."), ReturnErrorCode.INVALID)
        if spec.reason not in ReturnReason.values:
            raise _error("lines", _("Choose a reason."), ReturnErrorCode.INVALID)
        if spec.reason == ReturnReason.OTHER and not spec.reason_text:
            raise _error("lines", _("Tell us the reason."), ReturnErrorCode.REQUIRED)
        if not line.is_returnable:
            raise _error(
                "lines",
                _("%(product)s cannot be returned."),
                ReturnErrorCode.NOT_RETURNABLE,
                product=line.product_name,
            )
        total, recent = delivered.get(line.pk, (0, 0))
        if total == 0:
            raise _error(
                "lines",
                _("%(product)s has not been delivered yet."),
                ReturnErrorCode.LINE_NOT_DELIVERED,
                product=line.product_name,
            )
        if recent == 0:
            raise _error(
                "lines",
                _("The %(days)s-day return period for %(product)s is over."),
                ReturnErrorCode.RETURN_WINDOW_EXPIRED,
                days=settings.SHOP_RETURN_WINDOW_DAYS,
                product=line.product_name,
            )
        left = min(recent, total - line.quantity_returned - requested.get(line.pk, 0))
        if spec.quantity > left:
            raise _error(
                "lines",
                _("At most %(left)s of %(product)s can be returned."),
                ReturnErrorCode.QUANTITY_EXCEEDED,
                left=max(left, 0),
                product=line.product_name,
                order_line_id=line.pk,
            )
    return order_lines
