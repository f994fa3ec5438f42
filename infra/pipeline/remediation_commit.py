"""Reads a commit of the remediation templates repository: which
remediations it changes, and for each its template, the deploy target from
the template's ``Metadata.SecurityHubRemediation`` and its parameters file.
The same checks as the portal's ``deployManifest.ts``.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from typing import Any

import yaml

MANIFEST_KEY = "SecurityHubRemediation"
NAME_PREFIX = "SecHubRemediation-"
TEMPLATE_PATH = re.compile(r"^deploy/([A-Za-z][A-Za-z0-9-]{0,127})\.yaml$")
PARAMETERS_PATH = re.compile(
    r"^deploy/parameters/([A-Za-z][A-Za-z0-9-]{0,127})-params\.json$"
)
ACCOUNT_ID = re.compile(r"^\d{12}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
MANIFEST_KEYS = {"findingId", "remediationId", "accounts", "regions", "deployment"}


class InputError(Exception):
    """The commit holds something the pipeline cannot deploy (exit 2)."""


class DeployError(Exception):
    """CloudFormation did not reach the wanted state (exit 1)."""


@dataclass
class Remediation:
    name: str
    template_path: str
    template_body: str
    manifest: dict[str, Any]
    parameters: list[dict[str, str]] = field(default_factory=list)




def git(repo: str, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", repo, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise InputError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def changed_paths(repo: str, commit: str) -> list[tuple[str, str]]:
    """(status, path) of every file the commit changes against its first parent."""
    output = git(
        repo,
        "diff-tree",
        "--no-commit-id",
        "-r",
        "--name-status",
        "--no-renames",
        "--root",
        "-m",
        "--first-parent",
        commit,
    )
    changes = []
    for line in output.splitlines():
        status, _, path = line.partition("\t")
        if path:
            changes.append((status, path))
    return changes


def remediation_names(changes: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Names to deploy, and names whose template the commit deletes."""
    names: list[str] = []
    deleted: list[str] = []
    for status, path in changes:
        match = TEMPLATE_PATH.match(path) or PARAMETERS_PATH.match(path)
        if not match:
            continue
        name = match.group(1)
        if TEMPLATE_PATH.match(path) and status == "D":
            deleted.append(name)
        elif name not in names:
            names.append(name)
    return [n for n in names if n not in deleted], deleted


def file_at(repo: str, commit: str, path: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", repo, "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else None


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads short-form intrinsics (!Ref, !Sub, ...) as plain values."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node)
    else:
        value = loader.construct_scalar(node)
    key = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    return {key: value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def read_manifest(template_text: str, path: str) -> dict[str, Any]:
    try:
        template = yaml.load(template_text, Loader=_CloudFormationLoader)  # noqa: S506
    except yaml.YAMLError as error:
        raise InputError(f"{path} is not valid YAML: {error}") from error
    if not isinstance(template, dict):
        raise InputError(f"{path} is not a YAML mapping")
    manifest = (template.get("Metadata") or {}).get(MANIFEST_KEY)
    if manifest is None:
        raise InputError(
            f"{path} has no Metadata.{MANIFEST_KEY} saying which accounts and regions to deploy to"
        )
    problems = manifest_problems(manifest)
    if problems:
        raise InputError(
            f"Metadata.{MANIFEST_KEY} of {path} is invalid: {'; '.join(problems)}"
        )
    return manifest


def manifest_problems(manifest: Any) -> list[str]:
    """The checks of the portal's deployManifestSchema, in Python."""
    if not isinstance(manifest, dict):
        return ["it is not a mapping"]
    problems = [f"unknown key {key}" for key in manifest if key not in MANIFEST_KEYS]
    if not isinstance(manifest.get("findingId"), str) or not manifest["findingId"]:
        problems.append("findingId: a non-empty string is required")
    if "remediationId" in manifest and not isinstance(manifest["remediationId"], str):
        problems.append("remediationId: must be a string")
    for key, pattern, what in (
        ("accounts", ACCOUNT_ID, "an AWS account id is 12 digits (quoted)"),
        ("regions", REGION, "an AWS region looks like us-east-1"),
    ):
        values = manifest.get(key)
        if not isinstance(values, list) or not values:
            problems.append(f"{key}: a non-empty list is required")
            continue
        for value in values:
            if not isinstance(value, str) or not pattern.match(value):
                problems.append(f"{key}: {value!r}: {what}")
    if manifest.get("deployment") not in ("stack", "stack-set"):
        problems.append('deployment: must be "stack" or "stack-set"')
    return problems


def read_parameters(text: str | None, path: str) -> list[dict[str, str]]:
    if text is None:
        return []
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON: {error}") from error
    if not isinstance(entries, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("ParameterKey"), str)
        and e["ParameterKey"]
        and isinstance(e.get("ParameterValue"), str)
        for e in entries
    ):
        raise InputError(
            f"{path} is not a CloudFormation parameters file ([{{ParameterKey, ParameterValue}}])"
        )
    return [
        {"ParameterKey": e["ParameterKey"], "ParameterValue": e["ParameterValue"]}
        for e in entries
    ]


def changed_remediations(repo: str, commit: str) -> list[str]:
    """Names of the remediations whose template or parameters the commit changes."""
    names, deleted = remediation_names(changed_paths(repo, commit))
    for name in deleted:
        print(
            f"deploy/{name}.yaml is deleted by the commit: its stack or StackSet is left "
            "as it is (delete it in CloudFormation if that is meant)",
            file=sys.stderr,
        )
    if not names:
        raise InputError(
            "The commit changes no remediation template, so there is nothing to deploy"
        )
    return names


def load_remediations(repo: str, commit: str) -> list[Remediation]:
    remediations = []
    names = changed_remediations(repo, commit)
    for name in names:
        template_path = f"deploy/{name}.yaml"
        if not name.startswith(NAME_PREFIX):
            raise InputError(
                f"{template_path}: the pipeline deploys only remediations named {NAME_PREFIX}*"
            )
        body = file_at(repo, commit, template_path)
        if body is None:
            raise InputError(
                f"The commit changes a file of {name} but holds no {template_path}"
            )
        params_path = f"deploy/parameters/{name}-params.json"
        remediations.append(
            Remediation(
                name=name,
                template_path=template_path,
                template_body=body,
                manifest=read_manifest(body, template_path),
                parameters=read_parameters(
                    file_at(repo, commit, params_path), params_path
                ),
            )
        )
    return remediations
