"""The support tasks are queued by name (support.outbox): each name is the task's own."""

from core.outbox import task_get
from support import tasks
from support.outbox import AUTO_SOLVE_TICKETS, TICKET_EMAIL


def test_each_name_finds_its_task_and_keeps_the_name_it_had():
    assert task_get(TICKET_EMAIL).name == tasks.send_ticket_email.name
    assert task_get(AUTO_SOLVE_TICKETS).name == tasks.auto_solve_tickets.name
    # Messages already queued and the beat schedule name the tasks so.
    assert TICKET_EMAIL == "support.tasks.send_ticket_email"
    assert AUTO_SOLVE_TICKETS == "support.tasks.auto_solve_tickets"
