"""Bulk provisioning: a whole fleet from one plan, concurrent, idempotent, resumable.

    from redis_cloud_async.bulk import apply, load_plan

    plan = load_plan("fleet.toml")                 # or Plan(...) in code
    result = await apply(client, plan, journal="fleet.journal")
    result.raise_for_failures()                    # ExceptionGroup, a note per item

A `Plan` lists Pro subscriptions (single-region or Active-Active with their regions),
Essentials subscriptions, their databases and connectivity (VPC peerings, PrivateLinks,
transit gateway attachments, Private Service Connect), and ACL rules, roles and users,
all by name and written with the request specs of `redis_cloud_async.models`.
`diff` compares the account with the plan, field by field (`PlanDiff`). `apply` runs
every item concurrently within the service's rules (at most 3 subscriptions pending,
one change at a time per subscription, the rate limit), in dependency order, and gives
each item one outcome: what is missing is created, what differs is changed in place
(or replaced, when allowed), what matches is left alone, so a second apply sends no
write; a write whose answer was lost is reconciled, never re-sent blindly. With a
journal, a killed run resumes. `start` is `apply` in the background with
`run.events()`; `destroy` tears a plan down; `estimate` prices it; `lower_bound` says
how fast any client could apply it. `export` reads an account as a plan, and
`dump_plan` writes a plan to a file `load_plan` reads back.
"""

from ._apply import ApplyOptions, apply, start
from ._bound import LowerBound, lower_bound
from ._changes import Change, PlanDiff
from ._costs import Costs
from ._destroy import destroy
from ._diff import diff
from ._dump import dump_plan
from ._estimate import PlanEstimate, estimate
from ._events import (
    Event,
    Failed,
    RateLimited,
    Ready,
    RetryScheduled,
    Skipped,
    StatusChanged,
    Submitted,
    Succeeded,
)
from ._export import export
from ._journal import Journal
from ._load import load_plan, plan_from_data
from ._plan import (
    AclPlan,
    AclUserPlan,
    DatabaseRef,
    EssentialsSubscriptionPlan,
    PeeringSpec,
    Plan,
    PrivateLinkPlan,
    PrivateServiceConnectPlan,
    ProSubscriptionPlan,
    RolePlan,
    RoleRulePlan,
)
from ._results import ItemOutcome, RunResult
from ._run import Run
from ._sample import sample_plan

__all__ = [
    "AclPlan",
    "AclUserPlan",
    "ApplyOptions",
    "Change",
    "Costs",
    "DatabaseRef",
    "EssentialsSubscriptionPlan",
    "Event",
    "Failed",
    "ItemOutcome",
    "Journal",
    "LowerBound",
    "PeeringSpec",
    "Plan",
    "PlanDiff",
    "PlanEstimate",
    "PrivateLinkPlan",
    "PrivateServiceConnectPlan",
    "ProSubscriptionPlan",
    "RateLimited",
    "Ready",
    "RetryScheduled",
    "RolePlan",
    "RoleRulePlan",
    "Run",
    "RunResult",
    "Skipped",
    "StatusChanged",
    "Submitted",
    "Succeeded",
    "apply",
    "destroy",
    "diff",
    "dump_plan",
    "estimate",
    "export",
    "load_plan",
    "lower_bound",
    "plan_from_data",
    "sample_plan",
    "start",
]
