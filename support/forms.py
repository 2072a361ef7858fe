"""Forms of the support pages. They parse and label input; the rules (who may link an order,
which files are accepted, which moves a ticket may make) are support.services' and the order
services', whose errors land on the fields here."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.money import format_money
from customers.forms import EMAIL_MAX_LENGTH, ServiceErrorsMixin
from orders.models.returns import ReturnReason
from support.inbox import agent_users
from support.models import TicketCategory, TicketPriority, TicketStatus

ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"


class SupportForm(ServiceErrorsMixin, forms.Form):
    """Labels without a colon, like the other forms of the shop."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (the service checks their kind, size and count)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"multiple": True, "accept": ATTACHMENT_ACCEPT})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault("help_text", _("Images or PDF files."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(AttachmentsField, self).clean(file, initial) for file in files]


def _category_field(**kwargs):
    return forms.ChoiceField(label=_("Topic"), choices=TicketCategory.choices, **kwargs)


class OrderQuestionForm(SupportForm):
    """ "Ask about this order": the ticket is linked to the order the page shows."""

    category = _category_field(initial=TicketCategory.ORDER_STATUS)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}))
    order_lines = forms.MultipleChoiceField(
        label=_("About these items (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField()

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {str(line.pk): line for line in order.lines.all()}
        self.fields["order_lines"].choices = [
            (key, f"{line.product_name} {line.variant_name}".strip())
            for key, line in self.lines.items()
        ]

    def selected_lines(self):
        return [self.lines[key] for key in self.cleaned_data["order_lines"]]


class ContactForm(SupportForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    order_number = forms.CharField(
        label=_("Order number (optional)"),
        max_length=32,
        required=False,
        help_text=_("As in your confirmation email, e.g. 2026-000123."),
    )
    category = _category_field(initial=TicketCategory.OTHER)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = AttachmentsField()


class CustomerReplyForm(SupportForm):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = AttachmentsField()


class SatisfactionForm(SupportForm):
    score = forms.TypedChoiceField(
        label=_("How did we do?"),
        coerce=int,
        choices=[
            (5, _("5 – Very good")),
            (4, _("4 – Good")),
            (3, _("3 – OK")),
            (2, _("2 – Poor")),
            (1, _("1 – Very poor")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgentReplyForm(SupportForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    internal = forms.TypedChoiceField(
        label=_("Send as"),
        coerce=lambda value: value == "1",
        choices=[("0", _("Reply to the customer")), ("1", _("Internal note (staff only)"))],
        initial="0",
        widget=forms.RadioSelect,
    )
    attachments = AttachmentsField()


class TicketUpdateForm(SupportForm):
    status = forms.ChoiceField(label=_("Status"), choices=TicketStatus.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=TicketPriority.choices)
    category = _category_field()
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Unassigned"),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas."),
        max_length=500,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agent_users()

    def clean_tags(self):
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        return sorted({name for name in names if name})


class InboxFilterForm(SupportForm):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open tickets")), ("all", _("All")), *TicketStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any")), *TicketCategory.choices]
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    unassigned = forms.BooleanField(label=_("Unassigned only"), required=False)
    breached = forms.BooleanField(label=_("Targets missed only"), required=False)
    order = forms.CharField(label=_("Order number"), required=False, max_length=32)
    email = forms.CharField(label=_("Customer email"), required=False, max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agent_users()


class RefundForm(SupportForm):
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown in the active language, only to those it binds (a seller is not capped); the
        # limits themselves are the refund service's rule.
        if user is None or not user.has_perm("orders.change_order"):
            self.fields["amount"].help_text = _(
                "Support agents may refund up to %(limit)s per order and %(daily)s a day."
            ) % {
                "limit": format_money(settings.SUPPORT_AGENT_REFUND_LIMIT),
                "daily": format_money(settings.SUPPORT_AGENT_REFUND_DAILY_LIMIT),
            }


class CancelForm(SupportForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReturnForm(SupportForm):
    """One quantity field per order line (0 = not returned) and one reason for them all."""

    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)
    reason_text = forms.CharField(label=_("Details"), max_length=500, required=False)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)

    def __init__(self, *args, order_lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_lines = list(order_lines)
        for line in self.order_lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.product_name} {line.variant_name}".strip(),
                min_value=0,
                max_value=line.quantity,
                initial=0,
                required=False,
            )

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.order_lines]

    def lines(self):
        reason = self.cleaned_data["reason"]
        reason_text = self.cleaned_data.get("reason_text", "")
        return [
            {
                "order_line_id": line.pk,
                "quantity": self.cleaned_data.get(f"line_{line.pk}") or 0,
                "reason": reason,
                "reason_text": reason_text,
            }
            for line in self.order_lines
            if self.cleaned_data.get(f"line_{line.pk}")
        ]
