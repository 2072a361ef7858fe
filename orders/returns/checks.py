"""The checks of a new return request: lines delivered, returnable, within the window and the
quantity left; photos that really are small images (re-encoded, named by their format, by
core.uploads). Nothing here writes."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.uploads import IMAGE_FORMATS, UploadRefused, upload_clean
from orders.error_codes import ReturnErrorCode
from orders.models import Order, OrderLine
from orders.models.returns import ReturnReason
from orders.returns.selectors import delivered_quantities, requested_quantities


@dataclass(frozen=True)
class ReturnLineSpec:
    order_line_id: int
    quantity: int
    reason: str
    reason_text: str = ""


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
        raise typed_error(
            _("Choose an item, a quantity and a reason."), ReturnErrorCode.INVALID, field="lines"
        ) from None


def check_photos(photos) -> list:
    """The photos as files to store (random names with the extension of their format, images
    re-encoded); refuses TOO_MANY_PHOTOS, PHOTO_TOO_LARGE, INVALID_PHOTO."""
    if len(photos) > settings.SHOP_RETURN_MAX_PHOTOS:
        raise typed_error(
            _("Add at most %(count)s photos."),
            ReturnErrorCode.TOO_MANY_PHOTOS,
            field="photos",
            count=settings.SHOP_RETURN_MAX_PHOTOS,
        )
    cleaned = []
    for photo in photos:
        if photo.size > settings.SHOP_RETURN_PHOTO_MAX_BYTES:
            raise typed_error(
                _("Each photo must be smaller than %(size)s MB."),
                ReturnErrorCode.PHOTO_TOO_LARGE,
                field="photos",
                size=settings.SHOP_RETURN_PHOTO_MAX_BYTES // (1024 * 1024),
            )
        # The content decides, not the file name: re-encoded, nothing appended survives.
        try:
            cleaned.append(upload_clean(photo, formats=IMAGE_FORMATS).file)
        except UploadRefused:
            raise typed_error(
                _("Photos must be JPEG, PNG, WebP or GIF images."),
                ReturnErrorCode.INVALID_PHOTO,
                field="photos",
            ) from None
    return cleaned


def check_lines(order: Order, specs: list[ReturnLineSpec]) -> dict[int, OrderLine]:
    if not specs:
        raise typed_error(
            _("Choose at least one item to return."), ReturnErrorCode.REQUIRED, field="lines"
        )
    order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
    delivered = delivered_quantities(order)
    requested = requested_quantities(order)
    seen = set()
    for spec in specs:
        line = order_lines.get(spec.order_line_id)
        if line is None or spec.order_line_id in seen:
            raise typed_error(
                _("This line is not part of the order."), ReturnErrorCode.NOT_FOUND, field="lines"
            )
        seen.add(spec.order_line_id)
        if spec.quantity <= 0:
            raise typed_error(
                _("The quantity must be positive."), ReturnErrorCode.INVALID, field="lines"
            )
        if spec.reason not in ReturnReason.values:
            raise typed_error(_("Choose a reason."), ReturnErrorCode.INVALID, field="lines")
        if spec.reason == ReturnReason.OTHER and not spec.reason_text:
            raise typed_error(_("Tell us the reason."), ReturnErrorCode.REQUIRED, field="lines")
        if not line.is_returnable:
            raise typed_error(
                _("%(product)s cannot be returned."),
                ReturnErrorCode.NOT_RETURNABLE,
                field="lines",
                product=line.product_name,
            )
        total, recent = delivered.get(line.pk, (0, 0))
        if total == 0:
            raise typed_error(
                _("%(product)s has not been delivered yet."),
                ReturnErrorCode.LINE_NOT_DELIVERED,
                field="lines",
                product=line.product_name,
            )
        if recent == 0:
            raise typed_error(
                _("The %(days)s-day return period for %(product)s is over."),
                ReturnErrorCode.RETURN_WINDOW_EXPIRED,
                field="lines",
                days=settings.SHOP_RETURN_WINDOW_DAYS,
                product=line.product_name,
            )
        left = min(recent, total - line.quantity_returned - requested.get(line.pk, 0))
        if spec.quantity > left:
            raise typed_error(
                _("At most %(left)s of %(product)s can be returned."),
                ReturnErrorCode.QUANTITY_EXCEEDED,
                field="lines",
                left=max(left, 0),
                product=line.product_name,
                order_line_id=line.pk,
            )
    return order_lines
