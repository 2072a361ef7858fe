import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.models import RateLimitHit, User
from customers.services import email_verify
from customers.signin_throttle import SIGN_IN_IP_FREE_FAILURES
from customers.tokens import email_verification_token
from orders.lifecycle.guest_orders import guest_orders_attach
from tests.customers.support import PASSWORD, customer, make_order

pytestmark = pytest.mark.django_db

SIGNUP = reverse("customers:signup")
SIGNIN = reverse("customers:login")


def signup(client, django_capture_on_commit_callbacks, email="new@example.com", **fields):
    data = {
        "email": email,
        "first_name": "Nina",
        "last_name": "Roux",
        "password": "a-long-passphrase",
        "password_confirm": "a-long-passphrase",
        **fields,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGNUP, data)


def verification_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/account/verify/\S+/", body).group(0)


def test_sign_up_creates_an_unverified_account_and_emails_a_link(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks)

    # Not signed in: the answer must be the same as for an email that already has an account.
    assert response.status_code == 302 and response["Location"] == SIGNIN
    assert "Check your inbox" in client.get(SIGNIN).content.decode()
    user = User.objects.get(email="new@example.com")
    assert (user.first_name, user.last_name, user.email_verified) == ("Nina", "Roux", False)
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["new@example.com"]
    assert "/account/verify/" in mail.outbox[-1].body
    assert mail.outbox[-1].alternatives  # an HTML part too


def test_sign_up_with_a_taken_email_creates_nothing_and_a_weak_password_is_refused(
    client, django_capture_on_commit_callbacks
):
    customer("taken@example.com")

    taken = signup(client, django_capture_on_commit_callbacks, email="TAKEN@example.com")
    weak = signup(
        client, django_capture_on_commit_callbacks, password="123", password_confirm="123"
    )

    assert taken.status_code == 302  # the same answer as a new email (tests/security)
    assert weak.context["form"].errors["password"]
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["taken@example.com"]]
    assert "You already have an account" in mail.outbox[0].subject


def test_guest_orders_join_the_account_only_after_the_email_is_verified(
    client, django_capture_on_commit_callbacks
):
    guest_order = make_order(email="New@Example.com")
    someone_elses = make_order(email="other@example.com")
    signup(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="new@example.com")
    client.post(SIGNIN, {"email": "new@example.com", "password": "a-long-passphrase"})

    assert guest_orders_attach(user=user) == 0
    assert guest_order.number not in client.get(reverse("customers:orders")).content.decode()
    guest_order.refresh_from_db()
    assert guest_order.user is None

    response = client.get(verification_link())

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    guest_order.refresh_from_db()
    someone_elses.refresh_from_db()
    assert guest_order.user == user
    assert someone_elses.user is None
    page = client.get(reverse("customers:orders")).content.decode()
    assert guest_order.number in page and someone_elses.number not in page


def test_a_forged_expired_or_outdated_verification_link_is_refused(client):
    user = customer("bob@example.com")
    make_order(email="bob@example.com")
    good = email_verification_token(user)
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")

    assert client.get(reverse("customers:verify_email", args=[forged])).status_code == 400
    with mock.patch("django.core.signing.time.time", return_value=signing.time.time() + 4 * 86400):
        assert client.get(reverse("customers:verify_email", args=[good])).status_code == 400
    user.email = "bob2@example.com"
    user.save()
    assert client.get(reverse("customers:verify_email", args=[good])).status_code == 400
    user.refresh_from_db()
    assert not user.email_verified
    assert not user.orders.exists()


def test_verification_is_idempotent():
    user = customer("carol@example.com")
    token = email_verification_token(user)
    email_verify(token=token)
    first = User.objects.get(pk=user.pk).email_verified_at
    email_verify(token=token)
    assert User.objects.get(pk=user.pk).email_verified_at == first


def test_sign_in_and_out(client):
    user = customer("dan@example.com")

    response = client.post(SIGNIN, {"email": "DAN@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("customers:logout")).status_code == 405
    client.post(reverse("customers:logout"))
    assert "_auth_user_id" not in client.session


def test_sign_in_follows_a_safe_next_url_only(client):
    customer("erin@example.com")
    data = {"email": "erin@example.com", "password": PASSWORD}

    safe = client.post(SIGNIN, {**data, "next": "/account/orders/"})
    client.post(reverse("customers:logout"))
    unsafe = client.post(SIGNIN, {**data, "next": "https://evil.example.com/"})

    assert safe["Location"] == "/account/orders/"
    assert unsafe["Location"] == reverse("customers:account")


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    customer("fay@example.com")

    wrong = client.post(SIGNIN, {"email": "fay@example.com", "password": "nope"})
    unknown = client.post(SIGNIN, {"email": "nobody@example.com", "password": "nope"})

    message = "The email address or the password is not correct."
    assert message in wrong.content.decode() and message in unknown.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited_per_email(client):
    customer("gus@example.com")
    for _ in range(5):
        client.post(SIGNIN, {"email": "gus@example.com", "password": "wrong"})

    # Even the right password is refused while the account is slowed down, from another
    # address too (one that never signed in to it: tests/security/test_login_throttle.py).
    response = client.post(
        SIGNIN, {"email": "gus@example.com", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_lifts_after_the_window(client):
    customer("hal@example.com")
    for _ in range(5):
        client.post(SIGNIN, {"email": "hal@example.com", "password": "wrong"})
    RateLimitHit.objects.update(
        created_at=RateLimitHit.objects.first().created_at - timedelta(minutes=16)
    )

    response = client.post(SIGNIN, {"email": "hal@example.com", "password": PASSWORD})

    assert response.status_code == 302


def test_failed_sign_ins_are_rate_limited_per_ip(client):
    customer("ivy@example.com")
    for index in range(SIGN_IN_IP_FREE_FAILURES):
        client.post(SIGNIN, {"email": f"guess{index}@example.com", "password": "wrong"})

    response = client.post(SIGNIN, {"email": "ivy@example.com", "password": PASSWORD})

    assert response.status_code == 429
    other_ip = client.post(
        SIGNIN, {"email": "ivy@example.com", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert other_ip.status_code == 302


def test_a_successful_sign_in_clears_the_email_failures(client):
    customer("jo@example.com")
    for _ in range(4):
        client.post(SIGNIN, {"email": "jo@example.com", "password": "wrong"})
    client.post(SIGNIN, {"email": "jo@example.com", "password": PASSWORD})
    client.post(reverse("customers:logout"))

    for _ in range(4):
        client.post(SIGNIN, {"email": "jo@example.com", "password": "wrong"})

    assert client.post(SIGNIN, {"email": "jo@example.com", "password": PASSWORD}).status_code == 302


def test_password_reset_by_email(client):
    user = customer("kim@example.com")

    client.post(reverse("customers:password_reset"), {"email": "kim@example.com"})

    assert mail.outbox[-1].to == ["kim@example.com"]
    link = re.search(r"https?://\S+/account/password/reset/\S+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-pass", "new_password2": "another-long-pass"},
    )
    assert done["Location"] == reverse("customers:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("another-long-pass")


def test_account_pages_need_a_signed_in_customer(client):
    for name in ("customers:account", "customers:orders", "customers:addresses"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(SIGNIN + "?next=")


def test_profile_updates_names(client):
    user = customer("lou@example.com")
    client.force_login(user)

    client.post(reverse("customers:account"), {"first_name": " Lou ", "last_name": "Bernard"})

    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Lou", "Bernard")


def test_order_history_lists_own_orders_with_status_in_constant_queries(
    client, django_assert_max_num_queries
):
    user = customer("max@example.com")
    other = customer("ned@example.com")
    mine = make_order(email=user.email, user=user)
    theirs = make_order(email=other.email, user=other)
    client.force_login(user)

    page = client.get(reverse("customers:orders")).content.decode()

    assert mine.number in page and "Awaiting payment" in page
    assert theirs.number not in page
    for _ in range(10):
        make_order(email=user.email, user=user, lines=3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("customers:orders")).status_code == 200


def test_header_shows_sign_in_or_my_account(client):
    assert "Sign in" in client.get(reverse("orders:cart")).content.decode()
    client.force_login(customer("ola@example.com"))
    assert "My account" in client.get(reverse("orders:cart")).content.decode()


def test_a_verified_customer_gets_later_guest_orders_at_the_next_sign_in(client):
    user = customer("pia@example.com")
    email_verify(token=email_verification_token(user))
    later = make_order(email="PIA@example.com")

    client.post(SIGNIN, {"email": "pia@example.com", "password": PASSWORD})

    later.refresh_from_db()
    assert later.user == user


TOKEN_CREATE = (
    "mutation ($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }"
)


@pytest.mark.parametrize("door", ["admin", "api"])
def test_the_admin_sign_in_and_the_api_token_attach_later_guest_orders_too(client, door):
    # Every sign-in door attaches them, not only the account page's (orders.selectors).
    user = customer("quinn@example.com", is_staff=True)
    email_verify(token=email_verification_token(user))
    later = make_order(email="Quinn@example.com")

    if door == "admin":
        client.post("/admin/login/", {"username": "quinn@example.com", "password": PASSWORD})
    else:
        variables = {"e": "quinn@example.com", "p": PASSWORD}
        client.post(
            "/graphql/", {"query": TOKEN_CREATE, "variables": variables}, "application/json"
        )

    later.refresh_from_db()
    assert later.user == user


def test_account_pages_speak_french(client):
    response = client.get(SIGNIN, HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert "Mot de passe oublié ?" in html and "Créer un compte" in html


def test_old_rate_limit_hits_are_purged_and_recent_ones_kept():
    from datetime import timedelta

    from django.utils import timezone

    from customers.models import RateLimitHit
    from customers.ratelimit import rate_limit_hit, rate_limited
    from customers.tasks import purge_rate_limit_hits

    for _ in range(3):
        rate_limit_hit(scope="sign-in-email", key="old@example.com")
    RateLimitHit.objects.update(created_at=timezone.now() - timedelta(days=2))
    rate_limit_hit(scope="sign-in-email", key="new@example.com")

    assert purge_rate_limit_hits.delay().get() == 3
    assert RateLimitHit.objects.count() == 1
    assert rate_limited(scope="sign-in-email", key="new@example.com", limit=1, window_seconds=60)


def test_one_connection_cannot_open_accounts_without_end(client):
    from customers.services import SIGN_UP_LIMIT_PER_IP, account_register

    for index in range(SIGN_UP_LIMIT_PER_IP):
        account_register(email=f"bot{index}@example.com", password="a-long-pass-1234", ip="9.9.9.9")

    with pytest.raises(ValidationError) as refused:
        account_register(email="one-more@example.com", password="a-long-pass-1234", ip="9.9.9.9")
    assert refused.value.error_list[0].code == "rate_limited"
    assert not User.objects.filter(email="one-more@example.com").exists()
    # Another connection is not affected.
    account_register(email="someone@example.com", password="a-long-pass-1234", ip="8.8.8.8")
