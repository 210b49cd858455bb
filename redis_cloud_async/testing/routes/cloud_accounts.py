"""Cloud accounts (bring your own AWS account): CRUD as tasks.

Secrets (``accessSecretKey``, ``consolePassword``) are kept apart and never shown; the
access key id is shown masked, as the service does. An account used by a subscription
cannot be deleted.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..engine.errors import TaskError
from ..engine.state import ACTIVE, Item
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import items
from ..service.account import log
from ..service.items import CLOUD_ACCOUNTS
from ..service.lifecycle import new_name_claims, provision
from ._shared import account_list, item, self_link

ROUTES = Routes()
SECRETS = ("accessSecretKey", "consolePassword")
SETTINGS = ("accessKeyId", "consoleUsername", "signInLoginUrl")


def _masked(key: str) -> str:
    return f"{key[:1]}***{key[-1:]}" if key else ""


def cloud_account_json(call: Call, cloud: Item) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": cloud.id,
        "name": cloud.name,
        "provider": cloud.data.get("provider", "AWS"),
        "status": cloud.status,
        "links": self_link(call, f"/cloud-accounts/{cloud.id}"),
    }
    if cloud.data.get("accessKeyId"):
        shown["accessKeyId"] = _masked(cloud.data["accessKeyId"])
        shown["signInLoginUrl"] = cloud.data.get("signInLoginUrl", "")
        shown["awsConsoleRoleArn"] = f"arn:aws:iam::{cloud.id:012d}:role/redislabs-role"
        shown["awsUserArn"] = f"arn:aws:iam::{cloud.id:012d}:user/redislabs-user"
    return shown


def _check(body: dict[str, Any], *, creating: bool) -> None:
    if creating:
        fields.required_string(body, "name")
        fields.one_of(body, "provider", ("AWS", "GCP"))
    else:
        fields.string(body, "name")
    for field in (*SECRETS, "accessKeyId", "consoleUsername"):
        fields.required_string(body, field)
    if creating:
        fields.required_string(body, "signInLoginUrl")


@ROUTES.get("/cloud-accounts")
def list_cloud_accounts(call: Call) -> Reply:
    clouds = call.sim.account.collection(CLOUD_ACCOUNTS).values()
    return account_list(call, "cloudAccounts", [cloud_account_json(call, c) for c in clouds])


@ROUTES.get("/cloud-accounts/{cloudAccountId}")
def get_cloud_account(call: Call) -> Reply:
    return ok(cloud_account_json(call, _cloud_account(call)))


@ROUTES.post("/cloud-accounts")
def create_cloud_account(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    _check(body, creating=True)
    claim = items.name_claim(sim, CLOUD_ACCOUNTS, body["name"])

    def work(out: Outcome) -> None:
        keys = [c.data.get("accessKeyId") for c in sim.account.collection(CLOUD_ACCOUNTS).values()]
        if body["accessKeyId"] in keys:
            raise TaskError("CLOUD_ACCOUNT_ACCESS_KEY_EXISTS", "This access key is already used")
        data = {"provider": body.get("provider", "AWS"), **{k: body[k] for k in SETTINGS}}
        secrets = {k: body[k] for k in SECRETS}
        cloud = items.create(sim, CLOUD_ACCOUNTS, body["name"], data, out.now, secrets=secrets)
        provision(sim, cloud, "connectivity", out.now)
        out.resource_id = cloud.id
        out.resource_path = f"/cloud-accounts/{cloud.id}"
        log(sim, out.now, "account", f"Cloud account {cloud.name} was created", cloud.id)

    return call.submit("cloudAccountCreateRequest", work, claims=[claim])


@ROUTES.put("/cloud-accounts/{cloudAccountId}")
def update_cloud_account(call: Call) -> Reply:
    sim = call.sim
    cloud = _cloud_account(call)
    body = call.json_object()
    _check(body, creating=False)
    name = body.get("name")
    claims = new_name_claims(partial(items.name_claim, sim, CLOUD_ACCOUNTS), name, cloud.name)

    def work(out: Outcome) -> None:
        items.require_present(sim, CLOUD_ACCOUNTS, cloud, "CLOUD_ACCOUNT_NOT_FOUND")
        if cloud.status != ACTIVE:
            raise TaskError("CLOUD_ACCOUNT_NOT_ACTIVE", f"Cloud account {cloud.id} is not active")
        cloud.data.update({k: body[k] for k in SETTINGS if k in body})
        cloud.secrets.update({k: body[k] for k in SECRETS})
        if name:
            cloud.name = name
        out.resource_id = cloud.id

    return call.submit("cloudAccountUpdateRequest", work, claims=claims)


@ROUTES.delete("/cloud-accounts/{cloudAccountId}")
def delete_cloud_account(call: Call) -> Reply:
    sim = call.sim
    cloud = _cloud_account(call)

    def work(out: Outcome) -> None:
        items.require_present(sim, CLOUD_ACCOUNTS, cloud, "CLOUD_ACCOUNT_NOT_FOUND")
        if cloud.data.get("internal"):
            raise TaskError("BAD_REQUEST", "Redis's internal cloud account cannot be deleted")
        if any(
            s.settings.get("cloudAccountId") == cloud.id for s in sim.account.subscriptions.values()
        ):
            raise TaskError("CLOUD_ACCOUNT_USED", f"A subscription uses cloud account {cloud.id}")
        del sim.account.collection(CLOUD_ACCOUNTS)[cloud.id]
        out.resource_id = cloud.id
        log(sim, out.now, "account", f"Cloud account {cloud.name} was deleted", cloud.id)

    return call.submit("cloudAccountDeleteRequest", work)


def _cloud_account(call: Call) -> Item:
    return item(call, CLOUD_ACCOUNTS, "cloudAccountId", "Cloud account")
