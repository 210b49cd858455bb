"""The library's models (answers) and specs (requests), one module per API area.

Every public name of every area module is re-exported here (and from the package).
"""

from . import (
    account,
    acl,
    cloud_accounts,
    common,
    cost_reports,
    database_operations,
    databases,
    essentials,
    private_link,
    private_service_connect,
    subscription_settings,
    subscriptions,
    tasks,
    transit_gateway,
    users,
    vpc_peering,
)
from ._base import Model, Spec, StrEnum
from .account import *  # noqa: F403
from .acl import *  # noqa: F403
from .cloud_accounts import *  # noqa: F403
from .common import *  # noqa: F403
from .cost_reports import *  # noqa: F403
from .database_operations import *  # noqa: F403
from .databases import *  # noqa: F403
from .essentials import *  # noqa: F403
from .private_link import *  # noqa: F403
from .private_service_connect import *  # noqa: F403
from .subscription_settings import *  # noqa: F403
from .subscriptions import *  # noqa: F403
from .tasks import *  # noqa: F403
from .transit_gateway import *  # noqa: F403
from .users import *  # noqa: F403
from .vpc_peering import *  # noqa: F403

__all__ = ["Model", "Spec", "StrEnum"]
__all__ += account.__all__
__all__ += acl.__all__
__all__ += cloud_accounts.__all__
__all__ += common.__all__
__all__ += cost_reports.__all__
__all__ += database_operations.__all__
__all__ += databases.__all__
__all__ += essentials.__all__
__all__ += private_link.__all__
__all__ += private_service_connect.__all__
__all__ += subscription_settings.__all__
__all__ += subscriptions.__all__
__all__ += tasks.__all__
__all__ += transit_gateway.__all__
__all__ += users.__all__
__all__ += vpc_peering.__all__
