"""The shopper's return pages: the return form, a return's page, and its documents (return slip,
credit notes).

They open on the order page's rule (orders.views.documents.order_for_document: a guest's order
for whoever holds its link, a customer's for that customer and for staff allowed to view
orders); anyone else, and any return or refund not of that order, gets the same 404 as a link
that does not exist. The form only parses input: orders.returns.return_request_create decides
(quantities, window, photos) and its refusals are shown on the form.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.file_responses import stored_file_response
from orders.documents.credit_notes import credit_note_generate
from orders.documents.return_slips import return_slip_generate
from orders.models import Refund, ReturnPhoto, ReturnRequest
from orders.models.order import OrderStatus
from orders.models.returns import ReturnReason, ReturnStatus
from orders.returns.selectors import order_returnable_lines, return_refund_amount
from orders.returns.services import return_request_create
from orders.views.documents import order_for_document

# Statuses in which the customer needs the slip to send the parcel (or may keep it).
SLIP_STATUSES = (ReturnStatus.APPROVED, ReturnStatus.RECEIVED, ReturnStatus.REFUNDED)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; what they contain is checked by the return service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(file, initial) for file in files]


class ReturnForm(forms.Form):
    """Per returnable line a quantity, a reason and the "other" text; a comment; photos."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(
        label=gettext_lazy("Photos"),
        required=False,
        help_text=gettext_lazy("Up to 3 images (JPEG, PNG, WebP or GIF), useful if damaged."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for line, returnable, why_not in order_returnable_lines(order):
            row = {"line": line, "returnable": returnable, "why_not": why_not}
            if returnable:
                prefix = f"line_{line.pk}"
                product = f"{line.product_name} {line.variant_name}".strip()
                self.fields[f"{prefix}_quantity"] = forms.IntegerField(
                    label=_("How many to return"),
                    min_value=0,
                    max_value=returnable,
                    initial=0,
                    required=False,
                    help_text=_("%(product)s: at most %(count)s")
                    % {"product": product, "count": returnable},
                )
                self.fields[f"{prefix}_reason"] = forms.ChoiceField(
                    label=_("Reason"),
                    choices=[("", "—"), *ReturnReason.choices],
                    required=False,
                )
                self.fields[f"{prefix}_reason_text"] = forms.CharField(
                    label=_("Tell us more (for “Other”)"), max_length=500, required=False
                )
                row["fields"] = [self[f"{prefix}_{name}"] for name in QUANTITY_FIELDS]
            self.rows.append(row)
        self.order_fields([name for name in self.fields if name.startswith("line_")])

    @property
    def has_returnable_lines(self) -> bool:
        return any(row["returnable"] for row in self.rows)

    def lines(self) -> list[dict]:
        result = []
        for row in self.rows:
            prefix = f"line_{row['line'].pk}"
            quantity = row["returnable"] and self.cleaned_data.get(f"{prefix}_quantity")
            if quantity:
                result.append(
                    {
                        "order_line_id": row["line"].pk,
                        "quantity": quantity,
                        "reason": self.cleaned_data.get(f"{prefix}_reason") or "",
                        "reason_text": self.cleaned_data.get(f"{prefix}_reason_text") or "",
                    }
                )
        return result

    def add_service_error(self, error: ValidationError) -> None:
        items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]
        for key, errors in items:
            self.add_error("photos" if key == "photos" else None, errors)


QUANTITY_FIELDS = ("quantity", "reason", "reason_text")


@require_http_methods(["GET", "POST"])
def return_create(request, token):
    """The return form of an order (CSRF-checked by the middleware); after a request, the
    return's page."""
    order = order_for_document(request, token)
    form = ReturnForm(request.POST or None, request.FILES or None, order=order, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            return_request = return_request_create(
                order=order,
                lines=form.lines(),
                comment=form.cleaned_data["comment"],
                photos=form.cleaned_data["photos"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your return %(number)s is requested. We will email you our answer.")
                % {"number": return_request.number},
            )
            return redirect(
                "orders:return_detail", token=order.token, return_token=return_request.token
            )
    context = {
        "order": order,
        "form": form,
        "max_photos": settings.SHOP_RETURN_MAX_PHOTOS,
        "window_days": settings.SHOP_RETURN_WINDOW_DAYS,
    }
    return render(request, "orders/return_form.html", context)


def _return_of(request, token, return_token) -> ReturnRequest:
    order = order_for_document(request, token)
    return_request = (
        ReturnRequest.objects.filter(order=order, token=return_token)
        .prefetch_related("lines__order_line", "refunds", "photos")
        .first()
    )
    if return_request is None:
        raise Http404
    return_request.order = order
    return return_request


def return_steps(return_request: ReturnRequest) -> list[tuple]:
    """The return's timeline for the customer: (date, label), oldest first, from its own dates
    and refunds (no query beyond the prefetched refunds)."""
    steps = [(return_request.created_at, _("Return requested"))]
    if return_request.decided_at:
        if return_request.status == ReturnStatus.REJECTED or return_request.staff_message:
            steps.append((return_request.decided_at, _("Return refused")))
        else:
            steps.append((return_request.decided_at, _("Return approved")))
    if return_request.received_at:
        steps.append((return_request.received_at, _("Parcel received")))
    for refund in return_request.refunds.all():
        if refund.status != Refund.Status.FAILED:
            steps.append((refund.created_at, _("Refunded")))
    if return_request.exchange_order_id:
        steps.append((return_request.closed_at, _("Replacement sent")))
    elif return_request.closed_at:
        steps.append((return_request.closed_at, _("Closed")))
    return steps


def return_progress(return_request: ReturnRequest) -> dict:
    """What the order page and the return page show of a return."""
    return {
        "return": return_request,
        "steps": return_steps(return_request),
        "slip_url": reverse(
            "orders:return_slip",
            kwargs={"token": return_request.order.token, "return_token": return_request.token},
        )
        if return_request.status in SLIP_STATUSES or return_request.return_slip
        else "",
        "refunds": [
            (refund, _credit_note_url(return_request.order, refund))
            for refund in return_request.refunds.all()
        ],
    }


def order_returns_context(order) -> dict:
    """The order page's part (templates/orders/includes/order_returns.html): each return's
    progress, the refunds made outside returns, and whether the "Return items" link shows.
    Reads the prefetches of orders.selectors.order_for_page plus two queries."""
    can_return = order.status != OrderStatus.CANCELED and any(
        quantity for _line, quantity, _why in order_returnable_lines(order)
    )
    return {
        "returns": [return_progress(return_request) for return_request in order.returns.all()],
        "goodwill_refunds": [
            (refund, _credit_note_url(order, refund)) for refund in order.goodwill_refunds
        ],
        "can_return": can_return,
    }


def _credit_note_url(order, refund) -> str:
    if not refund.credit_note_number:
        return ""
    return reverse("orders:credit_note", kwargs={"token": order.token, "refund_id": refund.pk})


# Statuses before any refund, in which the page shows what the return should give back.
ESTIMATE_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.RECEIVED)


def return_next_steps(return_request: ReturnRequest) -> str:
    """What the shopper does or waits for next, in plain words."""
    status = return_request.status
    if status == ReturnStatus.REQUESTED:
        return _("We review your request and email you our answer. Keep the items until then.")
    if status == ReturnStatus.APPROVED:
        return _(
            "Download and print the return slip, put it in the parcel with the items and send "
            "the parcel to the address below. Keep the proof of postage."
        )
    if status == ReturnStatus.RECEIVED:
        return _(
            "We have your parcel. We check the items and refund you within 14 days; you get an "
            "email when the money is on its way."
        )
    if status == ReturnStatus.REFUNDED:
        return _(
            "The refund goes back to the way you paid. It shows on your statement within a few "
            "days."
        )
    if status == ReturnStatus.REJECTED:
        return _(
            "We could not accept this return; our message above says why. Reply to our email or "
            "contact us if you have a question."
        )
    return ""


@require_GET
def return_detail(request, token, return_token):
    """A return's page: what was asked, the photos and comment sent, what it should refund,
    where it stands and what happens next."""
    return_request = _return_of(request, token, return_token)
    order = return_request.order
    estimate = None
    if return_request.status in ESTIMATE_STATUSES and not return_request.refunds.all():
        estimate = return_refund_amount(return_request, include_shipping=False)
    photos = [
        reverse(
            "orders:return_photo",
            kwargs={
                "token": order.token,
                "return_token": return_request.token,
                "photo_id": photo.pk,
            },
        )
        for photo in return_request.photos.all()
    ]
    context = {
        "order": order,
        "progress": return_progress(return_request),
        "estimate": estimate,
        "photos": photos,
        "next_steps": return_next_steps(return_request),
        "return_address": settings.SHOP_RETURN_ADDRESS
        if return_request.status == ReturnStatus.APPROVED
        else "",
    }
    return render(request, "orders/return_detail.html", context)


def _pdf(file_field, filename: str) -> FileResponse:
    response = FileResponse(
        file_field.open("rb"), content_type="application/pdf", filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def return_slip_download(request, token, return_token):
    """The return slip, made now if the approval's task has not yet (then never changed)."""
    return_request = _return_of(request, token, return_token)
    if not return_request.return_slip:
        if return_request.status not in SLIP_STATUSES:
            raise Http404
        return_request = return_slip_generate(return_id=return_request.pk)
    return _pdf(return_request.return_slip, f"{return_request.number}.pdf")


@require_GET
def return_photo(request, token, return_token, photo_id):
    """A photo of the return (a private file), for whoever may open the return's page."""
    return_request = _return_of(request, token, return_token)
    photo = ReturnPhoto.objects.filter(return_request=return_request, pk=photo_id).first()
    if photo is None:
        raise Http404
    return stored_file_response(photo.image, download_name=f"{return_request.number}-{photo.pk}")


@require_GET
def credit_note_download(request, token, refund_id):
    """A refund's credit note, made now if its task has not yet; 404 for a refund that gave
    nothing back or is not of this order."""
    order = order_for_document(request, token)
    refund = Refund.objects.filter(order=order, pk=refund_id).first()
    if refund is None:
        raise Http404
    if not refund.credit_note:
        refund = credit_note_generate(refund_id=refund.pk)
        if not refund.credit_note:
            raise Http404
    return _pdf(refund.credit_note, f"{refund.credit_note_number}.pdf")
