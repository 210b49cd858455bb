"""redis-cloud-async: an asyncio-native client for the Redis Cloud REST API.

Built for code that provisions many subscriptions, databases and Active-Active regions
at once: one connection pool, one rate budget, one task watcher per client, and an
embedded simulator of the service (`redis_cloud_async.testing`) to test against.
"""

from ._budget import RateBudget, SubscriptionLanes, WriteGate
from ._client import DEFAULT_BASE_URL, AsyncClient
from ._errors import (
    AmbiguousWriteError,
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConfirmationRequiredError,
    ConflictError,
    DecodeError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ReadinessTimeoutError,
    RedisCloudError,
    RequestTimeoutError,
    ResourceFailedError,
    ServerError,
    ServiceUnavailableError,
    TaskFailedError,
    TaskTimeoutError,
    TransportError,
    UnprocessableEntityError,
    ValidationError,
)
from ._handle import TaskHandle
from ._polling import PollPolicy
from ._retry import RetryEvent, RetryPolicy
from .models import *  # noqa: F403  (the models' own __all__)
from .models import __all__ as _models_all

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "APIError",
    "AmbiguousWriteError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConfirmationRequiredError",
    "ConflictError",
    "DecodeError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollPolicy",
    "PreconditionFailedError",
    "RateBudget",
    "RateLimitError",
    "ReadinessTimeoutError",
    "RedisCloudError",
    "RequestTimeoutError",
    "ResourceFailedError",
    "RetryEvent",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "SubscriptionLanes",
    "TaskFailedError",
    "TaskHandle",
    "TaskTimeoutError",
    "TransportError",
    "UnprocessableEntityError",
    "ValidationError",
    "WriteGate",
    *_models_all,
]
