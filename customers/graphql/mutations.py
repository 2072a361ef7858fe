"""Account mutations: `tokenCreate` and `accountRegister`."""

import graphene

from core.graphql.errors import make_error_type
from core.graphql.inputs import max_length_of
from core.graphql.mutations import BaseMutation
from core.http import client_ip
from customers.error_codes import AccountErrorCode
from customers.graphql.account_types import User
from customers.models import User as UserModel
from customers.services import account_register, user_authenticate
from customers.tokens import api_token
from orders.lifecycle.guest_orders import guest_orders_attach


def resolve_error_retry_after(root, info):
    return (root.get("params") or {}).get("retry_after")


AccountError = make_error_type(
    "AccountError",
    AccountErrorCode,
    "An error of an account mutation.",
    extra_fields={
        "retry_after": graphene.Int(
            description="RATE_LIMITED on sign-in: seconds to wait before trying again.",
            resolver=resolve_error_retry_after,
        )
    },
)


class TokenCreate(BaseMutation):
    """Sign in: a token to send as `Authorization: Bearer <token>`. It expires, and changing the
    password revokes it. Failed attempts are rate limited per email and per client address."""

    token = graphene.String()
    user = graphene.Field(User)

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    class Meta:
        error_type = AccountError
        # The failed attempt must be counted even though the mutation reports an error.
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, email, password):
        request = info.context
        user = user_authenticate(
            email=email, password=password, ip=client_ip(request), request=request
        )
        guest_orders_attach(user=user)  # guest orders placed since the last sign-in
        return {"token": api_token(user), "user": user}


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    first_name = graphene.String()
    last_name = graphene.String()


class AccountRegister(BaseMutation):
    """Open a customer account and email it a link to confirm the address; guest orders
    placed with that email join the account once it is confirmed. For an email that already
    has an account nothing is created and its owner gets an email saying so: the answer is the
    same either way, so it does not tell who has an account."""

    user = graphene.Field(
        User,
        deprecation_reason=(
            "Always null: the answer must not tell whether the email already had an account. "
            "Sign in with tokenCreate once the address is confirmed."
        ),
    )
    requires_confirmation = graphene.Boolean(
        description="True: the email address is to be confirmed through the emailed link."
    )

    class Arguments:
        input = AccountRegisterInput(required=True)

    class Meta:
        error_type = AccountError
        max_lengths = {
            "input.firstName": max_length_of(UserModel, "first_name"),
            "input.lastName": max_length_of(UserModel, "last_name"),
        }

    @classmethod
    def perform_mutation(cls, root, info, input):
        account_register(
            ip=client_ip(info.context),
            email=input.email,
            password=input.password,
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
        )
        return {"user": None, "requires_confirmation": True}
