"""Connectivity as plan items against the simulator: PrivateLinks (and their principals),
transit gateway attachments, Private Service Connect services and endpoints, on AWS and
Google Cloud subscriptions, single-region and per Active-Active region."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

from redis_cloud_async import ConfirmationRequiredError, ValidationError
from redis_cloud_async.bulk import (
    Plan,
    PrivateLinkPlan,
    PrivateServiceConnectPlan,
    Ready,
    apply,
    destroy,
    diff,
    lower_bound,
    plan_from_data,
)
from redis_cloud_async.bulk._costs import Costs
from redis_cloud_async.bulk._dump import plan_data
from redis_cloud_async.models.private_link import PrivateLinkPrincipalSpec
from redis_cloud_async.models.transit_gateway import (
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud, Faults
from tests.helpers.bulk import make_client, make_fake, writes_seen
from tests.helpers.connectivity_fleet import (
    ACCOUNT_ROOT,
    APP_ROLE,
    ITEMS,
    OPS_USER,
    connectivity_plan,
)
from tests.helpers.readme import readme_script

pytestmark = pytest.mark.looptime

SPEED = 18000.0
CONNECTIVITY = ("private-link", "transit-gateway", "psc-service", "psc-endpoint")


def connectivity_tasks(fake: FakeRedisCloud) -> Counter[str]:
    """The connectivity writes' tasks the simulator ran, by command (reads left out)."""
    counts: Counter[str] = Counter()
    for task in fake.sim.tasks.recent():
        command = task.command_type
        connectivity = any(word in command for word in ("tgw", "rivateLink", "psc", "Psc"))
        if connectivity and not command.endswith("GetRequest"):
            counts[command] += 1
    return counts


def links_left(fake: FakeRedisCloud) -> list[str]:
    """The connectivity objects the simulated account still holds (attached gateways
    only: a gateway stays shared with its subscription once detached)."""
    left = []
    for sub in fake.sim.account.subscriptions.values():
        for link in sub.links.values():
            detached = link.kind == "tgw" and not link.data.get("attachment")
            if link.kind != "tgw-invitation" and not detached:
                left.append(f"{sub.name}:{link.kind}")
    return left


async def test_connectivity_is_created_kept_and_destroyed_in_order() -> None:
    plan = connectivity_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        planned = await diff(client, plan)
        assert {c.item: c.action for c in planned if c.item in ITEMS.values()} == {
            key: "create" for key in ITEMS.values()
        }
        result = await apply(client, plan)
        assert [o.describe() for o in result if not o.ok] == []
        assert result.counts() == {"created": plan.items_count()}
        # PrivateLinks with their principals (the first in the create request), gateways
        # registered, accepted and attached, services and their endpoints.
        sent = connectivity_tasks(fake)
        assert sent["privateLinkCreateRequest"] == 1
        assert sent["activeActivePrivateLinkCreateRequest"] == 1
        assert sent["privateLinkPrincipalCreateRequest"] == 1
        assert sent["tgwCreateRequest"] == sent["tgwAcceptInvitationRequest"] == 2
        assert sent["tgwAttachmentCreateRequest"] == 2
        assert sent["pscServiceCreateRequest"] == sent["activeActivePscServiceCreateRequest"] == 1
        assert sent["pscEndpointCreateRequest"] == sent["activeActivePscEndpointCreateRequest"] == 1
        assert fake.stats.duplicates() == {}
        assert not (await diff(client, plan)).has_changes

        writes = writes_seen(fake)
        again = await apply(client, plan)
        assert again.counts() == {"present": plan.items_count()}
        assert writes_seen(fake) == writes

        removed = await destroy(client, plan, confirm=True)
        assert [o.describe() for o in removed if not o.ok] == []
        assert removed.counts() == {"deleted": plan.items_count()}
    assert fake.sim.account.subscriptions == {}
    assert fake.stats.too_many_requests == 0


async def test_destroy_removes_connectivity_before_its_subscription() -> None:
    """Each PrivateLink loses its principals, then goes; each endpoint is gone before
    its service; all before their subscription."""
    plan = connectivity_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        order: list[str] = []
        result = await destroy(
            client,
            plan,
            confirm=True,
            on_event=lambda e: order.append(e.item or "") if isinstance(e, Ready) else None,
        )
        assert result.ok
    for key in ITEMS.values():
        sub = "pro-subscription:" + key.split(":")[1].split("/")[0]
        assert order.index(key) < order.index(sub), key
    assert order.index(ITEMS["endpoint"]) < order.index(ITEMS["psc"])
    assert order.index(ITEMS["aa-endpoint"]) < order.index(ITEMS["aa-psc"])
    sent = connectivity_tasks(fake)
    assert sent["privateLinkPrincipalDeleteRequest"] == 2  # both principals, then the link
    assert sent["privateLinkDeleteRequest"] == sent["activeActivePrivateLinkDeleteRequest"] == 1
    assert sent["tgwAttachmentDeleteRequest"] == 2


#: (item, {field: new value}), applied in rounds (each item at most once a round).
CASES: list[tuple[str, dict[str, Any]]] = [
    ("link", {"principals": [ACCOUNT_ROOT, APP_ROLE, OPS_USER]}),  # one added
    ("link", {"principals": [ACCOUNT_ROOT, attrs.evolve(APP_ROLE, alias="backend")]}),
    ("aa-link", {"principals": [OPS_USER]}),  # one added, one removed
    ("tgw", {"cidrs": ["172.20.0.0/16", "172.22.0.0/16"]}),
    ("aa-tgw", {"cidrs": ["172.23.0.0/16"]}),
    ("endpoint", {"gcp_project_id": "other-project"}),
    ("endpoint", {"gcp_vpc_name": "other-vpc"}),
    ("endpoint", {"gcp_vpc_subnet_name": "other-subnet"}),
    ("aa-endpoint", {"gcp_project_id": "other-project"}),
    ("aa-endpoint", {"gcp_vpc_name": "other-vpc"}),
    ("aa-endpoint", {"gcp_vpc_subnet_name": "other-subnet"}),
]
#: The update requests each case sends (a principal: one each added or removed; a
#: principal whose alias changes is removed and added again).
REQUESTS = [1, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1]


def _rounds() -> list[list[int]]:
    rounds: list[list[int]] = []
    last: dict[str, int] = {}
    for index, (name, _) in enumerate(CASES):
        at = last.get(name, -1) + 1
        while len(rounds) <= at:
            rounds.append([])
        rounds[at].append(index)
        last[name] = at
    return rounds


async def test_every_updatable_connectivity_field_is_named_updated_then_kept(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "fleet.journal"
    fake = make_fake(SPEED)
    settings: dict[str, dict[str, Any]] = {}
    async with make_client(fake) as client:
        assert (await apply(client, connectivity_plan(), journal=journal)).ok
        before = connectivity_tasks(fake)
        expected = 0
        for round_ in _rounds():
            for index in round_:
                name, values = CASES[index]
                settings.setdefault(name, {}).update(values)
            plan = connectivity_plan(settings)
            changed = {ITEMS[CASES[i][0]]: set(CASES[i][1]) for i in round_}

            planned = await diff(client, plan, journal=journal)
            assert {c.item: set(c.fields) for c in planned if c.action != "keep"} == changed
            assert {c.item for c in planned if c.action == "update"} == set(changed)

            result = await apply(client, plan, journal=journal)
            assert [o.describe() for o in result if not o.ok] == []
            assert {o.item: set(o.fields) for o in result if o.status == "updated"} == changed
            assert set(result.counts()) == {"present", "updated"}
            expected += sum(REQUESTS[i] for i in round_)

            after = await diff(client, plan, journal=journal)
            assert [c.describe() for c in after if c.action != "keep" or c.unverified] == []
        sent = connectivity_tasks(fake) - before
        assert sum(sent.values()) == expected, sent
    assert fake.stats.too_many_requests == 0


async def test_a_change_made_outside_the_plan_is_one_update_back() -> None:
    plan = connectivity_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub = await client.subscriptions.find("net-aws")
        assert sub is not None
        links = client.connectivity.private_link
        await (await links.add_principal(sub.id, OPS_USER)).wait()
        gateways = client.connectivity.transit_gateway
        (gateway,) = await gateways.list(sub.id)
        cidrs = TransitGatewayAttachmentUpdateSpec(cidrs=["172.29.0.0/16"])
        await (await gateways.update_attachment(sub.id, gateway.id, cidrs)).wait()

        drift = await diff(client, plan)
        changed = {c.item: c.fields for c in drift if c.action != "keep"}
        assert set(changed) == {ITEMS["link"], ITEMS["tgw"]}
        assert changed[ITEMS["tgw"]] == {"cidrs": (["172.29.0.0/16"], ["172.20.0.0/16"])}
        assert "principals" in changed[ITEMS["link"]]
        result = await apply(client, plan)
        assert {o.item for o in result if o.status == "updated"} == set(changed)
        assert not (await diff(client, plan)).has_changes
        link = await links.get(sub.id)
        assert sorted(p.principal or "" for p in link.principals) == sorted(
            [ACCOUNT_ROOT.principal, APP_ROLE.principal]
        )


async def test_a_new_share_name_is_a_replace_only_when_confirmed() -> None:
    plan = connectivity_plan()
    moved = connectivity_plan({"link": {"share_name": "net-share-2"}})
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        planned = await diff(client, moved)
        replaced = {c.item: c.reasons for c in planned if c.action == "replace"}
        assert set(replaced) == {ITEMS["link"]}
        assert "share_name" in replaced[ITEMS["link"]][0]

        writes = writes_seen(fake)
        refused = await apply(client, moved)
        assert isinstance(refused[ITEMS["link"]].error, ConfirmationRequiredError)
        assert writes_seen(fake) == writes

        result = await apply(client, moved, allow_replace=True, confirm=True)
        assert [o.describe() for o in result if not o.ok] == []
        assert {o.item for o in result if o.status == "replaced"} == set(replaced)
        assert not (await diff(client, moved)).has_changes  # both principals again


async def test_pruning_removes_the_connectivity_the_plan_does_not_name() -> None:
    full = connectivity_plan()
    aws, aws_aa, gcp, gcp_aa = full.subscriptions
    # The plan keeps net-aws's gateway and net-gcp's PSC, not the rest.
    kept = Plan(
        subscriptions=[
            attrs.evolve(aws, private_links=[]),
            attrs.evolve(aws_aa, private_links=[], transit_gateways=[]),
            gcp,
            attrs.evolve(gcp_aa, private_service_connect=[]),
        ]
    )
    stray = "psc-endpoint:net-gcp/us-central1:stray"
    # A service the plan does not name goes with its endpoints (aa-endpoint).
    gone = {stray, *(ITEMS[n] for n in ("link", "aa-link", "aa-tgw", "aa-psc"))}
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, full)).ok
        sub = await client.subscriptions.find("net-gcp")
        assert sub is not None
        psc = client.connectivity.private_service_connect
        service = await psc.get(sub.id)
        assert service.id is not None
        outside = attrs.evolve(
            gcp.private_service_connect[0].endpoints[0], endpoint_connection_name="stray"
        )
        await (await psc.create_endpoint(sub.id, service.id, outside)).wait()

        looked = await diff(client, kept)
        assert not looked.has_changes
        # Listed where the plan names that kind in the subscription (its reads are tasks).
        assert looked.unmanaged == [stray]

        pruning = await diff(client, kept, prune=True)
        assert {c.item for c in pruning if c.action == "delete"} == gone
        with pytest.raises(ConfirmationRequiredError):
            await apply(client, kept, prune=True)
        result = await apply(client, kept, prune=True, confirm=True)
        assert [o.describe() for o in result if not o.ok] == []
        assert {o.item for o in result if o.status == "deleted"} == gone
        assert not (await diff(client, kept, prune=True)).has_changes
    assert sorted(links_left(fake)) == [
        "net-aws:tgw",
        "net-gcp:peering",
        "net-gcp:psc-endpoint",
        "net-gcp:psc-service",
    ]


@pytest.mark.parametrize("seed", [7, 11, 13])
async def test_lost_answers_never_make_a_connectivity_write_twice(
    tmp_path: Path, seed: int
) -> None:
    """Creates, updates and deletes whose answers are lost are reconciled: each
    PrivateLink, principal, gateway registration, acceptance, attachment, service and
    endpoint is made once."""
    plan = connectivity_plan()
    changed = connectivity_plan(
        {
            "link": {"principals": [ACCOUNT_ROOT, APP_ROLE, OPS_USER]},
            "tgw": {"cidrs": ["172.20.0.0/16", "172.22.0.0/16"]},
            "endpoint": {"gcp_vpc_name": "other-vpc"},
        }
    )
    lossy = Faults(lost_response_rate={("POST", "*"): 0.4, ("PUT", "*"): 0.4})
    fake = make_fake(SPEED, seed=seed, faults=lossy)
    lost: list[str] = []
    fake.observers.append(lambda x: lost.append(x.route or "") if x.outcome == "lost" else None)
    journal = tmp_path / "fleet.journal"
    async with make_client(fake) as client:
        created = await apply(client, plan, journal=journal)
        assert [o.describe() for o in created if not o.ok] == []
        made = connectivity_tasks(fake)
        for area in ("private-link", "transitGateways", "private-service-connect"):
            assert any(area in route for route in lost), f"the seed should lose a {area} answer"
        assert fake.stats.duplicates() == {}
        assert made["privateLinkPrincipalCreateRequest"] == 1
        assert made["tgwCreateRequest"] == made["tgwAcceptInvitationRequest"] == 2
        assert made["tgwAttachmentCreateRequest"] == 2

        lost.clear()
        result = await apply(client, changed, journal=journal)
        assert [o.describe() for o in result if not o.ok] == []
        assert lost, "the seed should lose an answer to an update"
        sent = connectivity_tasks(fake) - made
        assert sent == {
            "privateLinkPrincipalCreateRequest": 1,
            "tgwUpdateCidrsRequest": 1,
            "pscEndpointUpdateRequest": 1,
        }
        assert not (await diff(client, changed, journal=journal)).has_changes


GATEWAY = TransitGatewayCreateSpec(aws_tgw_uid="tgw-0a1b2c3d4e5f60718", aws_account_id="1" * 12)


def _with(index: int, **parts: Any) -> Plan:
    plan = connectivity_plan()
    subs = list(plan.subscriptions)
    subs[index] = attrs.evolve(subs[index], **parts)
    return attrs.evolve(plan, subscriptions=subs)


@pytest.mark.parametrize(
    ("make", "field", "words"),
    [
        (lambda: _with(2, private_links=[PrivateLinkPlan(share_name="s", principals=[APP_ROLE])]),
         "subscriptions[2].private_links[0]", "AWS subscription"),
        (lambda: _with(0, private_service_connect=[PrivateServiceConnectPlan()]),
         "subscriptions[0].private_service_connect[0]", "GCP subscription"),
        (lambda: _with(1, private_links=[PrivateLinkPlan(share_name="s", principals=[APP_ROLE])]),
         "subscriptions[1].private_links[0].region", "name its region"),
        (lambda: _with(0, private_links=[PrivateLinkPlan(
            share_name="s", principals=[APP_ROLE], region="eu-west-1")]),
         "subscriptions[0].private_links[0].region", "not a region"),
        (lambda: _with(3, private_service_connect=[
            PrivateServiceConnectPlan(region="us-central1"),
            PrivateServiceConnectPlan(region="us-central1")]),
         "subscriptions[3].private_service_connect[1]", "planned twice"),
        (lambda: _with(0, transit_gateways=[GATEWAY, GATEWAY]),
         "subscriptions[0].transit_gateways[1]", "planned twice"),
        (lambda: PrivateLinkPlan(share_name="s", principals=[ACCOUNT_ROOT, ACCOUNT_ROOT]),
         "PrivateLinkPlan.principals[1]", "planned twice"),
        (lambda: PrivateLinkPlan(share_name="s", principals=[]),
         "PrivateLinkPlan.principals", "at least 1"),
    ],
)  # fmt: skip
def test_a_bad_connectivity_plan_names_the_field(make: Any, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        make()
    assert raised.value.field == field
    assert words.lower() in str(raised.value).lower()


def test_the_lower_bound_counts_the_connectivity_writes() -> None:
    plan = connectivity_plan()
    bare = Plan(
        subscriptions=[
            attrs.evolve(s, private_links=[], transit_gateways=[], private_service_connect=[])
            for s in plan.subscriptions
        ]
    )
    # 2 + 1 PrivateLink requests (a second principal), 3 per gateway, 2 + 2 for PSC, and
    # net-gcp's peering (in both plans).
    assert lower_bound(plan).writes - lower_bound(bare).writes == 3 + 3 * 2 + 4
    # The longest chain: a subscription, its PSC service until active, then an endpoint.
    costs = Costs()
    psc = costs.subscription + costs.task + costs.connectivity + costs.task
    assert lower_bound(plan).chain == pytest.approx(psc)


def test_principals_take_the_type_their_form_says() -> None:
    role = PrivateLinkPrincipalSpec(principal="arn:aws:iam::123456789012:role/app")
    assert role.type == "iam_role"


def test_the_readmes_plan_file_reference_loads() -> None:
    """The README's plan file (with its connectivity) is a valid plan, and so is its
    commented Private Service Connect entry, on a Google Cloud subscription."""
    readme = readme_script()
    (block,) = [
        s
        for s in readme.snippets(readme.README.read_text(encoding="utf-8"), ("toml",))
        if "[[subscriptions.private_links]]" in s.code
    ]
    plan = plan_from_data(tomllib.loads(block.code))
    (sub,) = plan.subscriptions
    assert len(sub.peerings) == len(sub.private_links) == len(sub.transit_gateways) == 1
    assert plan.acl.users[0].password is not None

    psc = tomllib.loads(
        "\n".join(
            line.removeprefix("# ")
            for line in block.code.splitlines()
            if re.match(r"# (\[\[subscriptions\.private_service_connect|gcp_|endpoint_)", line)
        )
    )["subscriptions"]  # a table: these lines continue the subscription above them
    gcp = plan_data(Plan(subscriptions=[connectivity_plan().subscriptions[2]]))
    gcp["subscriptions"][0].update(psc)
    (endpoint,) = plan_from_data(gcp).subscriptions[0].private_service_connect[0].endpoints
    assert endpoint.endpoint_connection_name == "redis-psc"
