"""Plan files taken as written (issue 14.8): no coercion, bounded YAML, located errors.

A value of the wrong type is refused naming its field, as building the same spec in code
refuses it: no table turned into the password ``"{'from_env': 'APP_PW'}"``, no year
turned into a name, no ``true`` turned into 1.0. YAML aliases may not expand past a
bound (an alias bomb). A file that does not parse is a `ValidationError` saying
file:line:column, and never the line itself (it may hold a password).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from redis_cloud_async import ValidationError
from redis_cloud_async.bulk import load_plan, plan_from_data

PASSWORD = "hunter2-plan-secret"


def _user(**fields: Any) -> dict[str, Any]:
    return {"acl": {"users": [{"name": "app", "role": "reader", "password": PASSWORD, **fields}]}}


def _database(**fields: Any) -> dict[str, Any]:
    spec = {
        "name": "prod",
        "cloud_providers": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "main", "dataset_size_in_gb": 1, **fields}],
    }
    return {"subscriptions": [{"spec": spec}]}


MISMATCHES = [
    (_user(password={"from_env": "APP_PW"}), "acl.users[0].password", "from_env"),
    (_user(password=12345678), "acl.users[0].password", "12345678"),
    (_user(name=2024), "acl.users[0].name", None),
    (_database(dataset_size_in_gb=True), "databases[0].dataset_size_in_gb", None),
    (_database(replication="yes"), "databases[0].replication", None),
    (_database(port="10000"), "databases[0].port", None),
    (_database(port=10000.0), "databases[0].port", None),
    (_database(name=["main"]), "databases[0].name", None),
]


@pytest.mark.parametrize(("data", "field", "hidden"), MISMATCHES)
def test_a_value_of_the_wrong_type_is_refused_naming_its_field(
    data: dict[str, Any], field: str, hidden: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        plan_from_data(data)
    assert field in info.value.field
    if hidden is not None:
        assert hidden not in str(info.value)


def test_the_right_types_still_load() -> None:
    plan = plan_from_data(_database(dataset_size_in_gb=2, port=10000, replication=False))
    database = plan.subscriptions[0].spec.databases[0]
    assert (database.dataset_size_in_gb, database.port, database.replication) == (2, 10000, False)
    assert plan_from_data(_user()).acl.users[0].password == PASSWORD


#: 376 bytes that expand to 9**8 names (43 million) if aliases are followed blindly.
ALIAS_BOMB = """\
acl:
  users:
    - role: reader
      password: long-enough-pw
      name:
        - &a [x, x, x, x, x, x, x, x, x]
        - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        - &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB)
    with pytest.raises(ValidationError, match="alias"):
        load_plan(path)


def test_a_recursive_yaml_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("acl: &loop {users: [*loop]}\n")
    with pytest.raises(ValidationError, match="alias"):
        load_plan(path)


def test_a_few_yaml_aliases_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "acl:\n  rules:\n    - &rule {name: readers, redis_rule: '+@read'}\n"
        "  users:\n    - {name: app, role: reader, password: " + PASSWORD + "}\n"
    )
    assert load_plan(path).acl.rules[0].name == "readers"


BROKEN = {
    "fleet.toml": (
        f'[[acl.users]]\nname = "app"\npassword = "{PASSWORD}\nrole = "reader"\n',
        3,
    ),
    "fleet.json": (
        '{"acl": {"users": [\n  {"name": "app",\n'
        f'   "password": "{PASSWORD}" "role": "reader"}}]}}}}\n',
        3,
    ),
    "fleet.yaml": (f'acl:\n  users:\n    - name: app\n      password: "{PASSWORD}\n', 5),
    "fleet.yml": (f"acl:\n  users:\n    - name: app\n\tpassword: {PASSWORD}\n", 4),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_syntax_error_says_file_line_column_and_not_the_line(tmp_path: Path, name: str) -> None:
    text, line = BROKEN[name]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValidationError) as info:
        load_plan(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:")
    column = message[len(f"{path}:{line}:") :].split(":", 1)[0]
    assert column.isdigit()
    assert PASSWORD not in message
    assert info.value.__cause__ is None
    assert info.value.__context__ is None  # the parser's error quotes the line


def test_a_file_that_is_not_utf8_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    path.write_bytes(b'{"acl": {"users": [{"name": "\xff\xfe"}]}}')
    with pytest.raises(ValidationError) as info:
        load_plan(path)
    assert str(info.value).startswith(f"{path}:1:")


def test_json_nested_too_deeply_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        json.dumps({"acl": {}})[:-1] + "," + '"x":' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    with pytest.raises(ValidationError):
        load_plan(path)
