import logging
import uuid
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionContext,
    ExecutionResult,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
    validate_schema,
)

from core.error_codes import GraphQLRequestErrorCode as Code
from core.graphql.limits import limit_error, limit_rules, query_cost

logger = logging.getLogger("core.graphql")


def _csrf_reason(request):
    """CSRF check for cookie-authenticated requests; None when it passes."""
    middleware = CsrfViewMiddleware(lambda req: None)
    return middleware.process_view(request, None, (), {})


@lru_cache(maxsize=256)
def _parse_and_validate(schema, query: str, limits, validation_rules, language: str):
    """The document of a query and its validation errors. Clients send the same few queries
    again and again; parsing and validating them took about a fifth of a listing request.
    Pure functions of their arguments, so the cache holds no state between requests.

    The `limits` (core.graphql.limits.limit_rules) run first and alone: graphql-core's own
    rules are slow on the documents they refuse (repeated fields). Their messages are
    translated, hence the active `language` in the cache key."""
    try:
        document = parse(query)
    except Exception as error:  # a GraphQLSyntaxError, reported to the client like upstream
        return None, [error]
    max_errors = graphene_settings.MAX_VALIDATION_ERRORS
    errors = validate(schema, document, limits, max_errors)
    if not errors:
        errors = validate(schema, document, validation_rules or specified_rules, max_errors)
    return document, errors


def request_limit_rules():
    """The limit rules for the current settings (introspection only with DEBUG or
    GRAPHQL_INTROSPECTION)."""
    return limit_rules(
        max_depth=settings.GRAPHQL_MAX_DEPTH,
        max_aliases=settings.GRAPHQL_MAX_ALIASES,
        max_repeats=settings.GRAPHQL_MAX_FIELD_REPEATS,
        introspection=settings.DEBUG or settings.GRAPHQL_INTROSPECTION,
    )


def is_deliberate(error) -> bool:
    """Whether an error was meant for the client: graphql-core's own (about the query: syntax,
    validation, variables) and the GraphQLErrors our resolvers raise. Anything else is a bug,
    whose text may carry internals (SQL, values, paths)."""
    if not isinstance(error, GraphQLError):
        return False
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def masked(error) -> GraphQLError:
    """An unexpected error as the client sees it: a reference to the traceback in the log."""
    reference = uuid.uuid4().hex[:12]
    original = getattr(error, "original_error", None) or error
    logger.error(
        "GraphQL internal error, reference %s, at %s",
        reference,
        getattr(error, "path", None),
        exc_info=(type(original), original, original.__traceback__),
    )
    return GraphQLError(
        _("Internal error. Reference: %(reference)s") % {"reference": reference},
        getattr(error, "nodes", None),
        path=getattr(error, "path", None),
        extensions={"code": Code.INTERNAL_ERROR.value, "reference": reference},
    )


def with_masked_errors(result: ExecutionResult) -> ExecutionResult:
    """The result with every unexpected error masked (left as it is with DEBUG on, for the
    developer, though still logged)."""
    if not result.errors or all(is_deliberate(error) for error in result.errors):
        return result
    errors = [error if is_deliberate(error) else masked(error) for error in result.errors]
    if settings.DEBUG:
        return result
    return ExecutionResult(data=result.data, errors=errors, extensions=result.extensions)


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
        too_large = self.body_too_large(request)
        if too_large is not None:
            return too_large
        uses_bearer = request.headers.get("Authorization", "").startswith("Bearer ")
        if request.method == "POST" and not uses_bearer and request.user.is_authenticated:
            refused = _csrf_reason(request)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def body_too_large(request):
        """A 413 response when the body is over GRAPHQL_MAX_BODY_BYTES, read before the body."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.GRAPHQL_MAX_BODY_BYTES
        if length <= limit:
            return None
        error = limit_error(
            Code.REQUEST_TOO_LARGE,
            _("This request is %(size)s bytes; at most %(max)s allowed.")
            % {"size": length, "max": limit},
            maxBytes=limit,
        )
        return JsonResponse({"errors": [error.formatted]}, status=413)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        """graphene-django's, with parsing and validation cached. Mutations make their own
        transaction (core.graphql.mutations.BaseMutation), so ATOMIC_MUTATIONS is not read."""
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))

        if len(query) > settings.GRAPHQL_MAX_QUERY_LENGTH:
            limit = settings.GRAPHQL_MAX_QUERY_LENGTH
            error = limit_error(
                Code.QUERY_TOO_LONG,
                _("This query is %(length)s characters long; at most %(max)s allowed.")
                % {"length": len(query), "max": limit},
                maxLength=limit,
            )
            return ExecutionResult(errors=[error])

        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)
        if schema_errors:
            return ExecutionResult(data=None, errors=schema_errors)

        rules = tuple(self.validation_rules) if self.validation_rules else None
        document, errors = _parse_and_validate(
            schema, query, request_limit_rules(), rules, translation.get_language()
        )
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

        cost = query_cost(schema, document, operation_name, variables)
        if cost > settings.GRAPHQL_MAX_COST:
            error = limit_error(
                Code.QUERY_TOO_COMPLEX,
                _("This query would cost %(cost)s; at most %(max)s allowed. Ask for smaller pages.")
                % {"cost": cost, "max": settings.GRAPHQL_MAX_COST},
                operation_ast,
                cost=cost,
                maxCost=settings.GRAPHQL_MAX_COST,
            )
            return ExecutionResult(data=None, errors=[error])

        try:
            result = execute(
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
            result = ExecutionResult(errors=[error])
        return with_masked_errors(result)
