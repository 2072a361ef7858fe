from django.urls import path

from support.views import agent, customer

app_name = "support"

urlpatterns = [
    # Shoppers
    path("contact/", customer.contact, name="contact"),
    path("orders/<uuid:token>/ask/", customer.order_ask, name="order_ask"),
    path("account/tickets/", customer.ticket_list, name="tickets"),
    path("account/tickets/<uuid:token>/", customer.ticket_detail, name="ticket"),
    path(
        "account/tickets/<uuid:token>/files/<int:attachment_id>/",
        customer.attachment,
        name="attachment",
    ),
    path("tickets/<str:signed>/", customer.ticket_link, name="ticket_link"),
    path(
        "tickets/<str:signed>/files/<int:attachment_id>/",
        customer.attachment_link,
        name="attachment_link",
    ),
    path("rate/<str:signed>/", customer.rate, name="rate"),
    # Agents
    path("support/inbox/", agent.inbox, name="inbox"),
    path("support/tickets/<str:ref>/", agent.ticket_page, name="agent_ticket"),
    path("support/tickets/<str:ref>/reply/", agent.ticket_reply_post, name="agent_reply"),
    path("support/tickets/<str:ref>/update/", agent.ticket_update_post, name="agent_update"),
    path(
        "support/tickets/<str:ref>/link-order/",
        agent.ticket_order_link_post,
        name="agent_order_link",
    ),
    path(
        "support/tickets/<str:ref>/confirm-sender/",
        agent.ticket_sender_confirm_post,
        name="agent_sender_confirm",
    ),
    path(
        "support/tickets/<str:ref>/order/<str:action>/",
        agent.ticket_order_action_post,
        name="agent_order_action",
    ),
    path(
        "support/tickets/<str:ref>/files/<int:attachment_id>/",
        agent.attachment,
        name="agent_attachment",
    ),
]
