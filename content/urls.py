from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("<slug:slug>/", views.page_detail, name="page"),
]
