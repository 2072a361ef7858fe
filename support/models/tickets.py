"""Support tickets: a conversation with a customer (or a guest), optionally about an order."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import UploadPath, private_storage


class TicketCategory(models.TextChoices):
    ORDER_STATUS = "order_status", _("Order status")
    DELIVERY = "delivery", _("Delivery")
    RETURN = "return", _("Return")
    PAYMENT = "payment", _("Payment")
    PRODUCT_QUESTION = "product_question", _("Product question")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class TicketStatus(models.TextChoices):
    # A context of their own: "Open" and "Closed" are also a checkout's and a return's, whose
    # French words agree with another noun.
    NEW = "new", pgettext_lazy("ticket status", "New")
    OPEN = "open", pgettext_lazy("ticket status", "Open")
    PENDING_CUSTOMER = (
        "pending_customer",
        pgettext_lazy("ticket status", "Waiting for the customer"),
    )
    SOLVED = "solved", pgettext_lazy("ticket status", "Solved")
    CLOSED = "closed", pgettext_lazy("ticket status", "Closed")


class TicketPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TicketChannel(models.TextChoices):
    WEB = "web", _("Web")
    EMAIL = "email", _("Email")
    API = "api", _("API")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Ticket(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    # The GraphQL id and the customer's links encode the token, never the sequential key.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    category = models.CharField(
        _("category"), max_length=24, choices=TicketCategory, default=TicketCategory.OTHER
    )
    status = models.CharField(
        _("status"), max_length=24, choices=TicketStatus, default=TicketStatus.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=12, choices=TicketPriority, default=TicketPriority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        related_name="assigned_tickets",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        related_name="tickets",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # The customer's address, or the guest's: replies and notifications go here.
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        related_name="tickets",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # True when the requester proved access to `order` (signed in as its owner, or opened the
    # ticket from the order's own page or with its UUID id): then whoever holds the ticket may
    # see the order through it. A link an agent confirmed from a suggestion is not such proof.
    order_linked_by_requester = models.BooleanField(
        _("order linked by the requester"), default=False
    )
    # An order number and email typed by the requester matched this order: only agents see it,
    # and one of them may link it (support.order_link.ticket_order_link_confirm).
    suggested_order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("suggested order"),
        related_name="suggested_tickets",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    order_lines = models.ManyToManyField(
        "orders.OrderLine", verbose_name=_("order lines"), related_name="tickets", blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="tickets", blank=True)
    channel = models.CharField(
        _("channel"), max_length=12, choices=TicketChannel, default=TicketChannel.WEB
    )
    language_code = models.CharField(_("language"), max_length=10, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_customer_message_at = models.DateTimeField(
        _("last customer message"), null=True, blank=True
    )

    satisfaction_score = models.PositiveSmallIntegerField(
        _("satisfaction score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("satisfaction comment"), blank=True)
    satisfaction_at = models.DateTimeField(_("rated"), null=True, blank=True)
    # A low satisfaction score: a lead should look at the ticket.
    needs_lead_attention = models.BooleanField(_("needs a lead's attention"), default=False)
    # False for a ticket opened by an email whose sender our MTA could not authenticate (no
    # DMARC or aligned DKIM pass): no account, no order until an agent confirms the sender.
    sender_verified = models.BooleanField(_("sender verified"), default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["status", "first_response_due_at"], name="ticket_status_frdue"),
            models.Index(fields=["status", "resolution_due_at"], name="ticket_status_resdue"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["email"], name="ticket_email"),
            models.Index(fields=["created_at"], name="ticket_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction_score__isnull=True)
                | models.Q(satisfaction_score__gte=1, satisfaction_score__lte=5),
                name="ticket_satisfaction_score_1_5",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status not in (TicketStatus.SOLVED, TicketStatus.CLOSED)


class TicketMessage(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Agent")
        # Never shown to customers: not on pages, not in emails, not in GraphQL.
        INTERNAL = "internal", _("Internal note")

    ticket = models.ForeignKey(Ticket, related_name="messages", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    author_email = models.EmailField(_("author email"), blank=True)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    # The Message-ID of an inbound email (dedup) or of the email we sent for this message.
    email_message_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=12, choices=TicketChannel, default=TicketChannel.WEB
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.ticket_id} {self.kind}"

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.INTERNAL


def attachment_upload_to(instance, filename):
    # Only for migration 0001: attachments are named by core.uploads.UploadPath now.
    return UploadPath("support/attachments")(instance, filename)


class TicketAttachment(models.Model):
    message = models.ForeignKey(TicketMessage, related_name="attachments", on_delete=models.CASCADE)
    # Private: stored with no URL under a random name with the extension of the detected format
    # (support.attachments); served only by the ticket views that check access.
    file = models.FileField(
        _("file"), upload_to=UploadPath("support/attachments"), storage=private_storage
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class TicketEvent(models.Model):
    """One entry of a ticket's own timeline (staff only)."""

    class Type(models.TextChoices):
        CREATED = "created", _("Ticket opened")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        PRIORITY_CHANGED = "priority_changed", _("Priority changed")
        CATEGORY_CHANGED = "category_changed", _("Category changed")
        TAGS_CHANGED = "tags_changed", _("Tags changed")
        EMAIL_SENT = "email_sent", _("Email sent")
        EMAIL_FAILED = "email_failed", _("Email failed")
        AUTO_SOLVED = "auto_solved", _("Solved automatically")
        SATISFACTION_RATED = "satisfaction_rated", _("Satisfaction rated")
        LOW_SATISFACTION = "low_satisfaction", _("Low satisfaction: flagged for a lead")
        ORDER_ACTION = "order_action", _("Action on the order")
        ORDER_LINKED = "order_linked", _("Order linked by an agent")
        EMAIL_HELD_BACK = "email_held_back", _("Email held back: too many to this address")
        SENDER_CONFIRMED = "sender_confirmed", _("Sender confirmed")

    ticket = models.ForeignKey(Ticket, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(_("type"), max_length=32, choices=Type)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self):
        return f"{self.ticket_id} {self.type}"


class CannedResponse(models.Model):
    """A reply template. Placeholders: {{ order.number }}, {{ order.status }}, {{ tracking_links }},
    {{ customer.first_name }} (filled by support.canned, not by the template engine)."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("body"))
    category = models.CharField(
        _("category"), max_length=24, choices=TicketCategory, blank=True, help_text=_("Blank: any")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")

    def __str__(self):
        return self.title


class ResponseTarget(models.Model):
    """Targets per priority, in business minutes; settings.SUPPORT_RESPONSE_TARGETS when no row."""

    priority = models.CharField(_("priority"), max_length=12, choices=TicketPriority, unique=True)
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))

    class Meta:
        ordering = ["priority"]
        verbose_name = _("response target")
        verbose_name_plural = _("response targets")

    def __str__(self):
        return self.get_priority_display()


class InboundEmailFailure(models.Model):
    """An inbound email `receive_email` could not turn into a ticket message, set aside with
    its raw bytes and the error so the rest of the mail goes on; staff see it in the admin and
    may retry it once the cause is fixed."""

    raw = models.BinaryField(_("raw message"))
    sender = models.CharField(_("sender"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound email failure")
        verbose_name_plural = _("inbound email failures")

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.sender or '?'}"
