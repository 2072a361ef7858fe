import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from core.graphql.views import ShopGraphQLView
from core.views import favicon, media_serve
from customers.views import admin_login
from shop.views import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # Browsers ask for /favicon.ico before reading the page's <link rel="icon">.
    path("favicon.ico", favicon),
    # The admin's sign-in goes through the shop's sign-in throttle (429 when throttled).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("graphql/", ShopGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
    path("", include("support.urls")),
    path("account/", include("customers.urls")),
    path("help/", include("support.faq_urls")),
    path("pages/", include("content.urls")),
    path("support/stats/", include("support.stats_urls")),
    path("", include("orders.urls")),
    path("", include("shop.urls")),
]

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    # Public media only (product images), with the headers of core.file_responses; private
    # files are in another storage and never under MEDIA_URL.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{re.escape(media_prefix)}(?P<path>.+)$", media_serve, name="media")
    )
