"""The agents' pages: the inbox queue and the ticket page with the order beside the
conversation, and the POST endpoints behind its forms (reply or internal note, ticket fields,
actions on the order). Agents are active staff in the Support agents group
(support.selectors.is_agent); anyone else signed in gets 403, a visitor the sign-in page.

Each endpoint parses its form, calls one service (support.services, or
support.order_actions.ticket_order_action for the order) and goes back to the ticket with a
message; a refusal is a message with the service's text, never a 500.
"""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.db import database_id
from core.file_responses import stored_file_response
from orders.lifecycle.transitions import order_available_actions
from orders.returns.refunds import order_refundable_amount
from orders.returns.selectors import order_returnable_lines
from support import order_actions
from support.canned import canned_responses_rendered
from support.forms import (
    AgentReplyForm,
    CancelForm,
    InboxFilterForm,
    RefundForm,
    ReturnForm,
    TicketUpdateForm,
)
from support.inbox import (
    agent_ticket,
    customer_orders,
    inbox_tickets,
    message_preview,
    order_beside_ticket,
)
from support.models import TicketAttachment
from support.selectors import is_agent
from support.services import (
    UNSET,
    ticket_order_link_confirm,
    ticket_reply,
    ticket_sender_confirm,
    ticket_update,
)
from support.targets import ticket_targets

TICKETS_PER_PAGE = 25
MORE_FILTERS = ("assignee", "order", "email", "unassigned", "breached")


def agent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("customers:login"))
        if not is_agent(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _ticket_or_404(ref):
    ticket = agent_ticket(ref)
    if ticket is None:
        raise Http404
    return ticket


def _back(ticket):
    return redirect("support:agent_ticket", ref=ticket.number)


def _error_messages(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require_GET
@agent_required
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    tickets = inbox_tickets(
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        assignee=filters.get("assignee"),
        unassigned=filters.get("unassigned", False),
        breached=filters.get("breached", False),
        order_number=filters.get("order", ""),
        email=filters.get("email", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(tickets, TICKETS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(ticket, ticket_targets(ticket, now=now)) for ticket in page.object_list]
    for ticket, _targets in rows:
        ticket.preview = message_preview(ticket.last_message_head)
        ticket.updated = (
            _("just now")
            if now - ticket.updated_at < timedelta(minutes=1)
            else _("%(ago)s ago") % {"ago": timesince(ticket.updated_at, now, depth=1)}
        )
    # The filters under "More filters" stay open while one of them is in use.
    more_filters = any(filters.get(name) for name in MORE_FILTERS)
    context = {"form": form, "page": page, "rows": rows, "now": now, "more_filters": more_filters}
    return render(request, "support/agent/inbox.html", context)


def canned_groups(canned_list, ticket) -> list[tuple[str, list]]:
    """The picker's option groups, in canned_responses_for's order: the ticket's topic, the
    general replies, the other topics (empty groups left out)."""
    groups = {
        "topic": (
            _("For this topic (%(topic)s)") % {"topic": ticket.get_category_display()},
            [],
        ),
        "general": (_("General"), []),
        "other": (_("Other topics"), []),
    }
    for canned, body in canned_list:
        key = (
            "topic"
            if canned.category == ticket.category
            else "general"
            if not canned.category
            else "other"
        )
        groups[key][1].append((canned, body))
    return [group for group in groups.values() if group[1]]


def _update_initial(ticket):
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "category": ticket.category,
        "assignee": ticket.assignee_id,
        "tags": ", ".join(tag.name for tag in ticket.tags.all()),
    }


@require_GET
@agent_required
def ticket_page(request, ref):
    ticket = _ticket_or_404(ref)
    canned_list = canned_responses_rendered(ticket)
    reply_initial = {}
    # Without JavaScript the picker reloads the page with ?canned=<id>; with it
    # static/js/canned-replies.js inserts the <template> of the same text in place.
    canned_id = request.GET.get("canned", "")
    if database_id(canned_id) is not None:
        chosen = next((body for c, body in canned_list if c.pk == int(canned_id)), None)
        if chosen is not None:
            reply_initial["body"] = chosen
    context = {
        "ticket": ticket,
        "targets": ticket_targets(ticket),
        "conversation": list(ticket.messages.all()),
        "canned_groups": canned_groups(canned_list, ticket),
        "canned_id": canned_id,
        "reply_form": AgentReplyForm(initial=reply_initial),
        "update_form": TicketUpdateForm(initial=_update_initial(ticket)),
        "other_orders": customer_orders(ticket),
    }
    if ticket.order_id is not None:
        order = order_beside_ticket(ticket.order_id)
        returnable = [(line, qty) for line, qty, _reason in order_returnable_lines(order) if qty]
        context.update(
            order=order,
            parcels=list(order.fulfillments.all()),
            order_actions=order_available_actions(order),
            refundable=order_refundable_amount(order),
            return_form=ReturnForm(order_lines=[line for line, _qty in returnable]),
            returnable=returnable,
            refund_form=RefundForm(user=request.user),
            cancel_form=CancelForm(),
        )
    return render(request, "support/agent/ticket.html", context)


@require_POST
@agent_required
def ticket_reply_post(request, ref):
    ticket = _ticket_or_404(ref)
    form = AgentReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Write a message."))
        return _back(ticket)
    internal = form.cleaned_data["internal"]
    try:
        ticket_reply(
            ticket=ticket,
            body=form.cleaned_data["body"],
            user=request.user,
            internal=internal,
            attachments=form.cleaned_data["attachments"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Internal note added.") if internal else _("Reply sent."))
    return _back(ticket)


@require_POST
@agent_required
def ticket_update_post(request, ref):
    ticket = _ticket_or_404(ref)
    form = TicketUpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return _back(ticket)
    data = form.cleaned_data
    current_tags = sorted(tag.name for tag in ticket.tags.all())
    changes = {
        "status": data["status"] if data["status"] != ticket.status else None,
        "priority": data["priority"] if data["priority"] != ticket.priority else None,
        "category": data["category"] if data["category"] != ticket.category else None,
        "assignee": data["assignee"] if data["assignee"] != ticket.assignee else UNSET,
        "tags": data["tags"] if data["tags"] != current_tags else None,
    }
    try:
        ticket_update(ticket=ticket, user=request.user, **changes)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Ticket updated."))
    return _back(ticket)


def _ticket_service_post(request, ref, service, done: str):
    """Run a one-click ticket service (`service(ticket=, user=)`) and go back to the ticket."""
    ticket = _ticket_or_404(ref)
    try:
        service(ticket=ticket, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, done)
    return _back(ticket)


@require_POST
@agent_required
def ticket_sender_confirm_post(request, ref):
    return _ticket_service_post(request, ref, ticket_sender_confirm, _("Sender confirmed."))


def _action_params(request, ticket, action):
    """The order service's parameters from the action's form; None when the form is invalid
    (its errors are shown as messages)."""
    if action == order_actions.RESEND_CONFIRMATION:
        return {}
    if action == order_actions.REFUND:
        form = RefundForm(request.POST, user=request.user)
        if form.is_valid():
            return {
                "amount": form.cleaned_data["amount"],
                "reason": form.cleaned_data["reason"],
                "idempotency_key": request.POST.get("idempotency_key") or None,
            }
    elif action == order_actions.CANCEL:
        form = CancelForm(request.POST)
        if form.is_valid():
            return {"reason": form.cleaned_data["reason"]}
    elif action == order_actions.CREATE_RETURN:
        lines = ticket.order.lines.all() if ticket.order_id else []
        form = ReturnForm(request.POST, order_lines=lines)
        if form.is_valid():
            return {"lines": form.lines(), "comment": form.cleaned_data["comment"]}
    else:
        return {}  # unknown: the service refuses it
    for errors in form.errors.values():
        for text in errors:
            messages.error(request, text)
    return None


@require_POST
@agent_required
def ticket_order_action_post(request, ref, action):
    ticket = _ticket_or_404(ref)
    params = _action_params(request, ticket, action)
    if params is None:
        return _back(ticket)
    try:
        result = order_actions.ticket_order_action(
            ticket=ticket, action=action, user=request.user, **params
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        done = {
            order_actions.RESEND_CONFIRMATION: _("The order confirmation is sent again."),
            order_actions.CREATE_RETURN: _("Return created."),
            order_actions.REFUND: _("Refund booked."),
            order_actions.CANCEL: _("Order canceled."),
        }
        text = done[action]
        if action == order_actions.CREATE_RETURN:
            text = _("Return %(number)s created.") % {"number": result.number}
        messages.success(request, text)
    return _back(ticket)


@require_POST
@agent_required
def ticket_order_link_post(request, ref):
    """Link the order the requester's number and email suggested (one click, on the timeline)."""
    return _ticket_service_post(request, ref, ticket_order_link_confirm, _("Order linked."))


@require_GET
@agent_required
def attachment(request, ref, attachment_id):
    ticket = _ticket_or_404(ref)
    found = TicketAttachment.objects.filter(pk=attachment_id, message__ticket=ticket).first()
    if found is None:
        raise Http404
    return stored_file_response(found.file, download_name=found.filename)
