"""The FAQ knowledge base: categories of articles, and the searches customers made."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.markdown import markdown_render


class FaqCategory(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("faq:category", args=[self.slug])


class FaqArticle(models.Model):
    category = models.ForeignKey(
        FaqCategory, verbose_name=_("category"), related_name="articles", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    body = models.TextField(_("body (Markdown)"))
    # The sanitised HTML of `body`, kept in step by save(): pages never render Markdown.
    body_html = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    helpful_yes = models.PositiveIntegerField(_("helpful: yes"), default=0, editable=False)
    helpful_no = models.PositiveIntegerField(_("helpful: no"), default=0, editable=False)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # Shown as a suggestion before a ticket was sent / and then answered the question.
    suggested = models.PositiveIntegerField(_("suggested"), default=0, editable=False)
    deflected = models.PositiveIntegerField(_("deflected"), default=0, editable=False)

    class Meta:
        ordering = ["category__position", "position", "title", "id"]
        verbose_name = _("FAQ article")
        verbose_name_plural = _("FAQ articles")
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="faqarticle_category_slug"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A derived copy of `body`, like a cache: rendered here so that the admin, fixtures and
        # the shell all keep it in step, and the pages never run Markdown per request. One per
        # language (body_en → body_html_en…: support/translation.py).
        rendered = {"body_html"}
        self.body_html = markdown_render(self.body)
        for code, _name in settings.LANGUAGES:
            if hasattr(self, f"body_{code}"):
                body = getattr(self, f"body_{code}")
                setattr(self, f"body_html_{code}", markdown_render(body) if body else None)
                rendered.add(f"body_html_{code}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and any(name.startswith("body") for name in update_fields):
            kwargs["update_fields"] = {*update_fields, *rendered}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("faq:article", args=[self.category.slug, self.slug])


class FaqSearch(models.Model):
    """A search in the FAQ; those without a result show the community manager what is missing."""

    class Where(models.TextChoices):
        FAQ = "faq", _("Help pages")
        CONTACT = "contact", _("Contact form")
        ORDER_QUESTION = "order_question", _("Question about an order")

    query = models.CharField(_("query"), max_length=200)
    results_count = models.PositiveIntegerField(_("results"))
    where = models.CharField(_("where"), max_length=20, choices=Where)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("FAQ search")
        verbose_name_plural = _("FAQ searches")
        indexes = [models.Index(fields=["results_count", "created_at"], name="faqsearch_noresult")]

    def __str__(self):
        return self.query
