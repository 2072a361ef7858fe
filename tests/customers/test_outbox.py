"""The account tasks are queued by name (customers.outbox): each name is the task's own."""

from core.outbox import task_get
from customers import tasks
from customers.outbox import ACCOUNT_EXISTS_EMAIL, PURGE_RATE_LIMIT_HITS, VERIFICATION_EMAIL


def test_each_name_finds_its_task_and_keeps_the_name_it_had():
    assert task_get(VERIFICATION_EMAIL).name == tasks.send_verification_email.name
    assert task_get(ACCOUNT_EXISTS_EMAIL).name == tasks.send_account_exists_email.name
    assert task_get(PURGE_RATE_LIMIT_HITS).name == tasks.purge_rate_limit_hits.name
    # Messages already queued and the beat schedule name the tasks so.
    assert VERIFICATION_EMAIL == "customers.tasks.send_verification_email"
    assert ACCOUNT_EXISTS_EMAIL == "customers.tasks.send_account_exists_email"
    assert PURGE_RATE_LIMIT_HITS == "customers.tasks.purge_rate_limit_hits"
