from django.urls import path

from support import faq_views

app_name = "faq"

urlpatterns = [
    path("", faq_views.faq_home, name="home"),
    path("suggestions/", faq_views.faq_suggestions_fragment, name="suggestions"),
    path("answered/<int:article_id>/", faq_views.faq_deflect, name="deflect"),
    path("<slug:category_slug>/", faq_views.faq_category, name="category"),
    path("<slug:category_slug>/<slug:article_slug>/", faq_views.faq_article, name="article"),
    path(
        "<slug:category_slug>/<slug:article_slug>/vote/",
        faq_views.faq_article_vote_view,
        name="vote",
    ),
]
