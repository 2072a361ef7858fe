"""Content pages and their revisions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    """The pages the shop itself links to (footer, checkout, invoice); at most one of each."""

    TERMS = "terms", _("Terms of sale")
    LEGAL_NOTICE = "legal_notice", _("Legal notice")
    PRIVACY = "privacy", _("Privacy policy")
    SHIPPING_RETURNS = "shipping_returns", _("Shipping and returns")
    OTHER = "other", _("Other page")


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PageKind, default=PageKind.OTHER)
    # Translated (content/translation.py): title_en, title_fr, body_en…
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"), blank=True)
    # The sanitised HTML of `body`, made on save (content.services.page_save).
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Optional: a published page shows from this moment only."),
    )
    position = models.PositiveIntegerField(_("position in the footer"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~models.Q(kind="other"),
                name="content_page_one_per_kind",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:page", args=[self.slug])


class PageRevision(models.Model):
    """The page as it was saved once, never changed: what a shopper accepted stays readable."""

    page = models.ForeignKey(Page, related_name="revisions", on_delete=models.PROTECT)
    number = models.PositiveIntegerField(_("revision"))
    title_en = models.CharField(max_length=200, blank=True)
    title_fr = models.CharField(max_length=200, blank=True)
    body_en = models.TextField(blank=True)
    body_fr = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["page", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="content_revision_number"),
        ]

    def __str__(self):
        return f"{self.page.slug} #{self.number}"
