from functools import lru_cache

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionContext,
    ExecutionResult,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
    validate_schema,
)


def _csrf_reason(request):
    """CSRF check for cookie-authenticated requests; None when it passes."""
    middleware = CsrfViewMiddleware(lambda req: None)
    return middleware.process_view(request, None, (), {})


@lru_cache(maxsize=256)
def _parse_and_validate(schema, query: str, validation_rules):
    """The document of a query and its validation errors. Clients send the same few queries
    again and again; parsing and validating them took about a fifth of a listing request.
    Pure functions of their arguments, so the cache holds no state between requests."""
    try:
        document = parse(query)
    except Exception as error:  # a GraphQLSyntaxError, reported to the client like upstream
        return None, [error]
    errors = validate(schema, document, validation_rules, graphene_settings.MAX_VALIDATION_ERRORS)
    return document, errors


class SyncExecutionContext(ExecutionContext):
    """Execution for our synchronous resolvers: graphql-core otherwise asks of every resolved
    value whether it is awaitable (about 4 % of a product listing). An `async def` resolver
    would not work behind this WSGI view anyway."""

    @staticmethod
    def is_awaitable(value):
        return False


@method_decorator(csrf_exempt, name="dispatch")
class ShopGraphQLView(GraphQLView):
    """The API endpoint. Clients sending `Authorization: Bearer …` need no CSRF token (no cookie
    authenticates them); a request that relies on the session cookie must pass the CSRF check,
    so another site cannot make a signed-in shopper's browser call mutations."""

    execution_context_class = SyncExecutionContext

    def dispatch(self, request, *args, **kwargs):
        uses_bearer = request.headers.get("Authorization", "").startswith("Bearer ")
        if request.method == "POST" and not uses_bearer and request.user.is_authenticated:
            refused = _csrf_reason(request)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        """graphene-django's, with parsing and validation cached. Mutations make their own
        transaction (core.graphql.mutations.BaseMutation), so ATOMIC_MUTATIONS is not read."""
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))

        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)
        if schema_errors:
            return ExecutionResult(data=None, errors=schema_errors)

        rules = tuple(self.validation_rules) if self.validation_rules else None
        document, errors = _parse_and_validate(schema, query, rules)
        if document is None:
            return ExecutionResult(errors=errors)

        operation_ast = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation_ast is not None
            and operation_ast.operation != OperationType.QUERY
        ):
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"],
                    f"Can only perform a {operation_ast.operation.value} operation "
                    "from a POST request.",
                )
            )
        if errors:
            return ExecutionResult(data=None, errors=errors)

        try:
            return execute(
                schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
                execution_context_class=self.execution_context_class,
            )
        except Exception as error:
            return ExecutionResult(errors=[error])
