import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import IntegrityError

from customers.models import User
from customers.permissions import SELLERS, SUPPORT_AGENTS

pytestmark = pytest.mark.django_db


def test_user_signs_in_with_email_whatever_its_case():
    User.objects.create_user(email="Alice@Example.com", password="a-long-password")

    user = authenticate(username="ALICE@example.com", password="a-long-password")

    assert user is not None
    assert user.email == "alice@example.com"


def test_two_accounts_cannot_share_an_email():
    User.objects.create_user(email="bob@example.com", password="x")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="BOB@example.com", password="y")


def test_superuser_is_staff():
    admin = User.objects.create_superuser(email="boss@example.com", password="pw")
    assert admin.is_staff and admin.is_superuser


def test_staff_groups_exist_with_their_permissions():
    sellers = Group.objects.get(name=SELLERS)
    agents = Group.objects.get(name=SUPPORT_AGENTS)

    seller_perms = set(sellers.permissions.values_list("codename", flat=True))
    agent_perms = set(agents.permissions.values_list("codename", flat=True))

    assert {"change_product", "add_productvariant", "delete_category"} <= seller_perms
    assert "view_product" in agent_perms
    assert "change_product" not in agent_perms


def test_seller_manages_the_catalog_in_admin_but_an_agent_only_reads_it(client):
    seller = User.objects.create_user(email="seller@example.com", password="pw", is_staff=True)
    seller.groups.add(Group.objects.get(name=SELLERS))
    agent = User.objects.create_user(email="agent@example.com", password="pw", is_staff=True)
    agent.groups.add(Group.objects.get(name=SUPPORT_AGENTS))

    client.force_login(seller)
    assert client.get("/admin/shop/product/add/").status_code == 200
    client.force_login(agent)
    assert client.get("/admin/shop/product/").status_code == 200
    assert client.get("/admin/shop/product/add/").status_code == 403
