"""redis-cloud-async: an asyncio-native client for the Redis Cloud REST API.

Built for code that provisions many subscriptions, databases and Active-Active regions
at once: one connection pool, one rate budget, one task watcher per client, and an
embedded simulator of the service (`redis_cloud_async.testing`) to test against.
`RedisRateBudget` (one budget for many processes, on Redis) is imported on first use,
so only code that uses it needs redis-py.
"""

from typing import TYPE_CHECKING, Any

from . import _errors, models
from ._budget import RateBudget, RateBudgetProtocol
from ._client import DEFAULT_BASE_URL, AsyncClient
from ._core import RequestStats
from ._errors import *  # noqa: F403  (the error tree: `_errors.__all__`)
from ._handle import TaskHandle
from ._permits import SubscriptionLanes, WriteGate
from ._polling import PollPolicy
from ._retry import RetryEvent, RetryPolicy

# Each area's models, star-imported from its own module: star-imported through `.models`
# (whose `__all__` is built with `+=`), every model would be `Any` to mypy, which counts
# each submodule's import of its parent package as an import cycle and then leaves that
# `__all__` unresolved. tests/typed_api checks they are not.
from .models._base import Model as Model
from .models._base import Spec as Spec
from .models._base import StrEnum as StrEnum
from .models.account import *  # noqa: F403
from .models.acl import *  # noqa: F403
from .models.cloud_accounts import *  # noqa: F403
from .models.common import *  # noqa: F403
from .models.cost_reports import *  # noqa: F403
from .models.database_operations import *  # noqa: F403
from .models.databases import *  # noqa: F403
from .models.essentials import *  # noqa: F403
from .models.private_link import *  # noqa: F403
from .models.private_service_connect import *  # noqa: F403
from .models.subscription_settings import *  # noqa: F403
from .models.subscriptions import *  # noqa: F403
from .models.tasks import *  # noqa: F403
from .models.transit_gateway import *  # noqa: F403
from .models.users import *  # noqa: F403
from .models.vpc_peering import *  # noqa: F403

if TYPE_CHECKING:
    from .redis_budget import RedisRateBudget as RedisRateBudget

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "AsyncClient",
    "PollPolicy",
    "RateBudget",
    "RateBudgetProtocol",
    "RequestStats",
    "RetryEvent",
    "RetryPolicy",
    "SubscriptionLanes",
    "TaskHandle",
    "WriteGate",
]
__all__ += _errors.__all__
__all__ += models.__all__


def __getattr__(name: str) -> Any:
    if name == "RedisRateBudget":  # lazily: it needs the optional redis-py
        from .redis_budget import RedisRateBudget

        return RedisRateBudget
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
