from django.urls import path

from support import stats_views

app_name = "support_stats"

urlpatterns = [
    path("", stats_views.support_stats, name="stats"),
    path("tickets.csv", stats_views.support_stats_export, name="export"),
]
