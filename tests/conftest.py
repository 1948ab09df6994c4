"""Shared fixtures: the minimal playbook in tests/fixtures/minimal, copied into a temporary project."""

import shutil
from pathlib import Path

import pytest

from sitebuild import make_project

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    """A writable copy of the minimal playbook, with the repository's real schemas and UI strings."""
    root = tmp_path / "playbook"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(REPO / "data" / "schema", root / "data" / "schema")
    shutil.copy(REPO / "data" / "en" / "ui.yml", root / "data" / "en" / "ui.yml")
    return root


@pytest.fixture
def project(minimal_project, tmp_path) -> Path:
    """A buildable project: this repository's code and theme with the minimal playbook's content."""
    return make_project(tmp_path / "project", minimal_project / "data")
