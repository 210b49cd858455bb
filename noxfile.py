"""The test matrix: scripts/test's steps on every supported Python, each in its own venv.

Run it with `./scripts/test --matrix` (which installs nox into .venv). The supported
versions are pyproject.toml's classifiers. Each is looked for as pyenv builds it
(`$PYENV_ROOT/versions/3.X.Y`, newest patch), then as `python3.X` on PATH; nox finds
the ones found through `.nox/pythons`, put first on PATH. A version that is not found is
skipped, except under CI=true, where nox counts it as a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
LINKS = ROOT / ".nox" / "pythons"

nox.options.sessions = ["checks"]


def supported_pythons() -> list[str]:
    """The `Programming Language :: Python :: 3.X` classifiers, oldest first."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = (
        re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", classifier)
        for classifier in project["classifiers"]
    )
    return sorted((m[1] for m in versions if m), key=lambda v: int(v.split(".")[1]))


def find_python(version: str) -> Path | None:
    """pyenv's build of `version` with the newest patch, else `python{version}` on PATH
    if it runs (pyenv puts a shim on PATH for every version it has, but a shim runs only
    the versions selected in pyenv)."""
    patches = {
        int(build.name.rsplit(".", 1)[1]): build / "bin" / f"python{version}"
        for build in PYENV_VERSIONS.glob(f"{version}.*")
        if re.fullmatch(rf"{re.escape(version)}\.\d+", build.name)
    }
    built = [patches[patch] for patch in sorted(patches) if os.access(patches[patch], os.X_OK)]
    if built:
        return built[-1]
    on_path = shutil.which(f"python{version}")
    if on_path is None:
        return None
    runs = subprocess.run([on_path, "-c", ""], capture_output=True, check=False)  # noqa: S603
    return Path(on_path) if runs.returncode == 0 else None


def link_first_on_path(found: dict[str, Path]) -> None:
    """`.nox/pythons/python3.X` for each Python found, that folder first on PATH: nox
    looks an interpreter up by that name, and a pyenv shim of the name may come first."""
    LINKS.mkdir(parents=True, exist_ok=True)
    for link in LINKS.glob("python*"):
        link.unlink()
    for version, path in found.items():
        (LINKS / f"python{version}").symlink_to(path)
    os.environ["PATH"] = f"{LINKS}{os.pathsep}{os.environ.get('PATH', '')}"


PYTHONS = supported_pythons()
FOUND = {version: path for version in PYTHONS if (path := find_python(version))}
link_first_on_path(FOUND)


@nox.session(python=PYTHONS)
def checks(session: nox.Session) -> None:
    """ruff, mypy --strict for this Python, pytest with the sentinel pass (scripts/checks)."""
    session.install("-e", ".[dev]")
    python = Path(session.bin) / "python"
    session.run("bash", "scripts/checks", str(python), *session.posargs, external=True)


@nox.session(python=False)
def pythons(session: nox.Session) -> None:
    """Where each supported Python is; fails if any is missing (.ci/run asks this)."""
    for version in PYTHONS:
        session.log(f"{version}: {FOUND.get(version, 'not found')}")
    missing = [version for version in PYTHONS if version not in FOUND]
    if missing:
        session.error(f"not found: {', '.join(missing)}")
