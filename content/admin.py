"""Content pages in the admin: edited in both languages, saved through content.services.page_save
(a revision per change), previewed on the site before publishing, revisions read-only."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from content.models import Page, PageRevision
from content.services import page_save


class PageRevisionInline(admin.TabularInline):
    model = PageRevision
    fields = ["number", "created_at", "author", "title_en", "title_fr"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "kind", "status", "publish_at", "updated_at", "preview"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    fields = ["title", "slug", "kind", "body", "status", "publish_at", "position"]
    inlines = [PageRevisionInline]

    @admin.display(description=_("preview"))
    def preview(self, page):
        return format_html(
            '<a href="{}" target="_blank">{}</a>', page.get_absolute_url(), _("View")
        )

    def save_model(self, request, obj, form, change):
        page_save(page=obj, user=request.user)
