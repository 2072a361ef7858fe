"""The shoppers' support pages: "ask about this order", the contact page, "my tickets", the
ticket page (signed in, or through the signed link of the emails), attachment downloads and the
satisfaction page behind the signed rating link.

Each view parses its form, calls one support service and renders; a refused action shows the
service's message. Someone else's ticket gets the same 404 as a missing one. Internal notes are
never on these pages, whoever looks (an agent too: these are the customer's pages).
"""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.file_responses import stored_file_response
from core.graphql.ids import uuid_or_none
from core.http import client_ip
from customers.views import account_required
from orders.selectors import order_page_for_user
from support.error_codes import TicketErrorCode
from support.faq import faq_suggestions
from support.forms import ContactForm, CustomerReplyForm, OrderQuestionForm, SatisfactionForm
from support.links import (
    LinkExpired,
    satisfaction_token_read,
    ticket_access_token,
    ticket_from_access_token,
)
from support.models import TicketAttachment, TicketMessage
from support.selectors import (
    customer_visible_messages,
    ticket_messages_for,
    ticket_order_for_viewer,
    tickets_of_customer,
)
from support.services import ticket_create, ticket_customer_reply, ticket_satisfaction_submit

TICKETS_PER_PAGE = 20


def _public_messages(ticket):
    """The conversation as the customer sees it: never an internal note."""
    messages = customer_visible_messages(ticket_messages_for(ticket, AnonymousUser()))
    return list(messages.prefetch_related("attachments"))


def _ticket_url(request, ticket) -> str:
    """Where the requester follows the ticket: "my tickets" when it is theirs, else the signed
    link (a guest)."""
    if request.user.is_authenticated and ticket.customer_id == request.user.pk:
        return reverse("support:ticket", kwargs={"token": ticket.token})
    return reverse("support:ticket_link", kwargs={"signed": ticket_access_token(ticket)})


def _faq_context(request, form, source: str) -> dict:
    """FAQ articles matching what was typed, when the shopper pressed "Check the FAQ first"
    (nothing is sent then). `source`: where the FAQ logs the search from."""
    context = {"faq_source": source}
    if "suggest" not in request.POST:
        return {**context, "faq_suggestions": [], "faq_checked": False}
    text = " ".join(str(form.data.get(name, "")) for name in ("subject", "body")).strip()
    try:
        found = faq_suggestions(text, limit=3, source=source, ip=client_ip(request)) if text else []
    except ValidationError:  # RATE_LIMITED: the question can still be sent
        found = []
    return {**context, "faq_suggestions": list(found), "faq_checked": True}


def _status(form) -> int:
    """429 when the service refused the ticket for the flood limits, else 200."""
    refused = form.is_bound and any(
        error.code == TicketErrorCode.RATE_LIMITED.value for error in form.non_field_errors().data
    )
    return 429 if refused else 200


@require_http_methods(["GET", "POST"])
def order_ask(request, token):
    """ "Ask about this order": for the order's owner, or a guest holding the order link."""
    order = order_page_for_user(token=token, user=request.user)
    if order is None:
        return render(request, "orders/order_not_found.html", status=404)
    form = OrderQuestionForm(request.POST or None, request.FILES or None, order=order)
    faq = _faq_context(request, form, "order_question")
    if request.method == "POST" and not faq["faq_checked"] and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            ticket = ticket_create(
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                category=form.cleaned_data["category"],
                email=user.email if user else order.email,
                user=user,
                order=order,
                order_lines=form.selected_lines(),
                channel="web",
                attachments=form.cleaned_data["attachments"],
                language_code=get_language() or "",
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your question %(number)s is sent. We answer by email.")
                % {"number": ticket.number},
            )
            return redirect(_ticket_url(request, ticket))
    context = {"order": order, "form": form, **faq}
    return render(request, "support/order_ask.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def contact(request):
    """The contact page. A guest gives an email and maybe an order number: a number and email
    never link the order, they only suggest it to the agents (the service decides, and never
    says); the signed-in owner's own order number links it."""
    user = request.user if request.user.is_authenticated else None
    initial = {"email": user.email, "name": user.get_full_name()} if user else {}
    form = ContactForm(request.POST or None, request.FILES or None, initial=initial)
    faq = _faq_context(request, form, "contact")
    if request.method == "POST" and not faq["faq_checked"] and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = ticket_create(
                subject=data["subject"],
                body=data["body"],
                category=data["category"],
                email=user.email if user else data["email"],
                name=data["name"],
                user=user,
                order_number=data["order_number"].strip(),
                channel="web",
                attachments=data["attachments"],
                language_code=get_language() or "",
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your message %(number)s is sent. We answer by email.")
                % {"number": ticket.number},
            )
            return redirect(_ticket_url(request, ticket))
    return render(request, "support/contact.html", {"form": form, **faq}, status=_status(form))


@require_GET
@account_required
def ticket_list(request):
    tickets = tickets_of_customer(request.user).select_related("order")
    tickets = tickets.order_by("-created_at", "-id")
    page = Paginator(tickets, TICKETS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(ticket, ticket_order_for_viewer(ticket, request.user)) for ticket in page.object_list]
    return render(
        request,
        "support/ticket_list.html",
        {"page": page, "tickets": page.object_list, "rows": rows},
    )


def _own_ticket(request, token):
    """The signed-in customer's own ticket (agents too: these are their customer pages)."""
    token = uuid_or_none(token)
    ticket = tickets_of_customer(request.user).filter(token=token).first() if token else None
    if ticket is None:
        raise Http404
    return ticket


def _ticket_page(request, ticket, *, reply_url, attachment_url_name, link_kwargs):
    form = CustomerReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket_customer_reply(
                ticket=ticket,
                body=form.cleaned_data["body"],
                author_email=request.user.email if request.user.is_authenticated else ticket.email,
                user=request.user if request.user.is_authenticated else None,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your reply is sent."))
            return redirect(reply_url)
    context = {
        "ticket": ticket,
        "order": ticket_order_for_viewer(ticket, request.user),
        "conversation": _public_messages(ticket),
        "form": form,
        "reply_url": reply_url,
        "attachment_url_name": attachment_url_name,
        "link_kwargs": link_kwargs,
    }
    return render(request, "support/ticket_detail.html", context)


@require_http_methods(["GET", "POST"])
@account_required
def ticket_detail(request, token):
    ticket = _own_ticket(request, token)
    url = reverse("support:ticket", kwargs={"token": ticket.token})
    return _ticket_page(
        request,
        ticket,
        reply_url=url,
        attachment_url_name="support:attachment",
        link_kwargs={"token": ticket.token},
    )


@require_http_methods(["GET", "POST"])
def ticket_link(request, signed):
    """The ticket page behind the signed link of the support emails (guests, or anyone who
    follows the email)."""
    try:
        ticket = ticket_from_access_token(signed)
    except LinkExpired:
        return _link_expired(request)
    if ticket is None:
        raise Http404
    url = reverse("support:ticket_link", kwargs={"signed": signed})
    return _ticket_page(
        request,
        ticket,
        reply_url=url,
        attachment_url_name="support:attachment_link",
        link_kwargs={"signed": signed},
    )


def _link_expired(request):
    """A genuine link that ran out: say so, and where to ask for a new one (410)."""
    return render(request, "support/link_expired.html", status=410)


def _attachment_response(ticket, attachment_id):
    attachment = (
        TicketAttachment.objects.filter(pk=attachment_id, message__ticket=ticket)
        .exclude(message__kind=TicketMessage.Kind.INTERNAL)
        .first()
    )
    if attachment is None:
        raise Http404
    return stored_file_response(attachment.file, download_name=attachment.filename)


@require_GET
@account_required
def attachment(request, token, attachment_id):
    return _attachment_response(_own_ticket(request, token), attachment_id)


@require_GET
def attachment_link(request, signed, attachment_id):
    try:
        ticket = ticket_from_access_token(signed)
    except LinkExpired:
        return _link_expired(request)
    if ticket is None:
        raise Http404
    return _attachment_response(ticket, attachment_id)


@require_http_methods(["GET", "POST"])
def rate(request, signed):
    """The satisfaction page behind a rating link of the "solved" email; one use."""
    try:
        found = satisfaction_token_read(signed)
    except LinkExpired:
        return _link_expired(request)
    if found is None:
        raise Http404
    ticket, score = found
    if ticket.satisfaction_score is not None:
        return render(request, "support/rate.html", {"ticket": ticket, "done": True})
    form = SatisfactionForm(request.POST or None, initial={"score": score})
    if request.method == "POST" and form.is_valid():
        try:
            ticket_satisfaction_submit(
                ticket=ticket,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return render(request, "support/rate.html", {"ticket": ticket, "thanks": True})
    return render(request, "support/rate.html", {"ticket": ticket, "form": form})
