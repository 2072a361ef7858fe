"""Admin of the FAQ: categories, articles (their counters read-only) and the searches that found
nothing. Registered from SupportConfig.ready() so that support/admin.py stays the tickets'."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from support.models import FaqArticle, FaqCategory, FaqSearch

COUNTERS = ("views", "helpful_yes", "helpful_no", "suggested", "deflected")


@admin.register(FaqCategory)
class FaqCategoryAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(FaqArticle)
class FaqArticleAdmin(TranslationAdmin):
    list_display = ("title", "category", "is_published", "position", *COUNTERS, "updated_at")
    list_filter = ("is_published", "category")
    list_select_related = ("category",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (*COUNTERS, "created_at", "updated_at")
    fields = (
        "category",
        "title",
        "slug",
        "body",
        "is_published",
        "position",
        *readonly_fields,
    )


class NoResultFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "no_result"

    def lookups(self, request, model_admin):
        return [("1", _("No result"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(results_count=0)
        return queryset


@admin.register(FaqSearch)
class FaqSearchAdmin(admin.ModelAdmin):
    list_display = ("query", "results_count", "where", "created_at")
    list_filter = (NoResultFilter, "where", "created_at")
    search_fields = ("query",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
