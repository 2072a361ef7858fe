from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from core.graphql.views import ShopGraphQLView
from customers.views import admin_login
from shop.views import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # The admin's sign-in goes through the shop's sign-in throttle (429 when throttled).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("graphql/", ShopGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
    path("", include("support.urls")),
    path("account/", include("customers.urls")),
    path("help/", include("support.faq_urls")),
    path("support/stats/", include("support.stats_urls")),
    path("", include("orders.urls")),
    path("", include("shop.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
