"""The account pages: sign up, sign in and out, email verification, profile, address book and
order history. Each view parses its form, calls one service and renders; a refused action
shows the service's message. Password reset is Django's views with our templates (urls.py)."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import client_ip
from customers.address_book import (
    address_create,
    address_delete,
    address_of_user,
    address_set_default,
    address_update,
)
from customers.error_codes import AccountErrorCode
from customers.forms import BookAddressForm, ProfileForm, SignInForm, SignUpForm
from customers.selectors import addresses_of_user
from customers.services import (
    account_register,
    email_verification_send,
    email_verify,
    profile_update,
    user_authenticate,
)
from orders.lifecycle.guest_orders import guest_orders_attach
from orders.selectors import orders_of_user

ORDERS_PER_PAGE = 20


def account_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("customers:login"))
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("customers:account")
    form = SignUpForm(request.POST or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_register(
                ip=client_ip(request),
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            # The same answer whether or not the email already had an account (the owner of
            # an existing one gets an email saying so), so no one is signed in here.
            messages.success(
                request,
                _(
                    "Check your inbox: we sent an email to %(email)s. Open the link in it to "
                    "confirm your address, then sign in."
                )
                % {"email": data["email"]},
            )
            return redirect(reverse("customers:login"))
    return render(request, "customers/signup.html", {"form": form, "next": _next_url(request, "")})


@require_http_methods(["GET", "POST"])
def signin(request):
    form = SignInForm(request.POST or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            user = user_authenticate(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
                request=request,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            guest_orders_attach(user=user)  # guest orders placed since the last sign-in
            login(request, user)
            return redirect(_next_url(request, reverse("customers:account")))
    return throttled_response(
        render(request, "customers/signin.html", {"form": form, "next": _next_url(request, "")}),
        form,
    )


def throttled_response(response, form):
    """Turn a sign-in page refused by the throttle into a 429 with Retry-After."""
    if form.is_bound:
        for error in form.non_field_errors().data:
            if error.code == AccountErrorCode.RATE_LIMITED.value:
                response.status_code = 429
                response["Retry-After"] = str((error.params or {}).get("retry_after", 60))
                break
    return response


def admin_login(request, extra_context=None):
    """/admin/login/ through the shop's sign-in check (customers.forms.AdminSignInForm)."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    return throttled_response(response, form) if form is not None else response


@require_POST
def signout(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("shop:home")


@require_GET
def verify_email(request, token):
    try:
        with transaction.atomic():  # verified with its guest orders, or not at all
            user = email_verify(token=token)
            guest_orders_attach(user=user)
    except ValidationError as error:
        return render(
            request,
            "customers/verify_email_failed.html",
            {"message": error.messages[0]},
            status=400,
        )
    messages.success(
        request, _("Thank you, your email address %(email)s is confirmed.") % {"email": user.email}
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("customers:orders")
    return redirect("customers:login")


@require_POST
@account_required
def verify_email_resend(request):
    if not request.user.email_verified:
        email_verification_send(user=request.user)
        messages.info(
            request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("customers:account")


@require_http_methods(["GET", "POST"])
@account_required
def account(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"first_name": user.first_name, "last_name": user.last_name},
        label_suffix="",
    )
    if request.method == "POST" and form.is_valid():
        profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("customers:account")
    recent = list(orders_of_user(user)[:3])
    return render(request, "customers/account.html", {"form": form, "recent_orders": recent})


@require_GET
@account_required
def order_list(request):
    page = Paginator(orders_of_user(request.user), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "customers/order_list.html", {"page": page, "orders": page.object_list})


@require_GET
@account_required
def address_list(request):
    context = {"addresses": list(addresses_of_user(request.user))}
    return render(request, "customers/address_list.html", context)


def _own_address(request, address_id):
    try:
        return address_of_user(user=request.user, address_id=address_id)
    except ObjectDoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@account_required
def address_edit(request, address_id=None):
    user = request.user
    address = None if address_id is None else _own_address(request, address_id)
    initial = {}
    if address is not None:
        initial = {
            **address.as_data(),
            "default_shipping": user.default_shipping_address_id == address.pk,
            "default_billing": user.default_billing_address_id == address.pk,
        }
    form = BookAddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = {"user": user, "data": form.address_data(), "default_for": form.default_for()}
        try:
            if address is None:
                address_create(**arguments)
            else:
                address_update(address_id=address.pk, **arguments)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("customers:addresses")
    context = {"form": form, "address": address}
    return render(request, "customers/address_form.html", context)


@require_POST
@account_required
def address_remove(request, address_id):
    address_delete(user=request.user, address_id=_own_address(request, address_id).pk)
    messages.success(request, _("The address is deleted."))
    return redirect("customers:addresses")


@require_POST
@account_required
def address_make_default(request, address_id, kind):
    address = _own_address(request, address_id)
    try:
        address_set_default(user=request.user, address_id=address.pk, kind=kind)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Your default address is changed."))
    return redirect("customers:addresses")
