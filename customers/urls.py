from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from customers import views
from customers.forms import ThrottledPasswordResetForm

app_name = "customers"

password_reset = auth_views.PasswordResetView.as_view(
    template_name="customers/password_reset_form.html",
    form_class=ThrottledPasswordResetForm,
    email_template_name="customers/emails/password_reset.txt",
    html_email_template_name="customers/emails/password_reset.html",
    subject_template_name="customers/emails/password_reset_subject.txt",
    success_url=reverse_lazy("customers:password_reset_done"),
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="customers/password_reset_confirm.html",
    success_url=reverse_lazy("customers:password_reset_complete"),
)

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("signin/", views.signin, name="login"),
    path("signout/", views.signout, name="logout"),
    path("verify/resend/", views.verify_email_resend, name="verify_email_resend"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("orders/", views.order_list, name="orders"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/new/", views.address_edit, name="address_create"),
    path("addresses/<int:address_id>/", views.address_edit, name="address_edit"),
    path("addresses/<int:address_id>/delete/", views.address_remove, name="address_delete"),
    path(
        "addresses/<int:address_id>/default/<str:kind>/",
        views.address_make_default,
        name="address_default",
    ),
    path("password/reset/", password_reset, name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="customers/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path("password/reset/<uidb64>/<token>/", password_reset_confirm, name="password_reset_confirm"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="customers/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
