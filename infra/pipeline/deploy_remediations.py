#!/usr/bin/env python3
"""Deploy stage of the Security Hub remediation pipeline.

For every remediation the commit changes (``deploy/<Name>.yaml`` or its
``deploy/parameters/<Name>-params.json``), reads the deploy target from the
template's ``Metadata.SecurityHubRemediation`` and deploys the template with its
parameters:

* ``deployment: stack``: a stack ``<Name>`` in this account, in each region of
  the manifest, through the CloudFormation service role.
* ``deployment: stack-set``: a self-managed StackSet ``<Name>`` in this region
  with a stack instance in every account x region of the manifest.

Every step is idempotent (create, or update; an unchanged stack is a success),
so re-running a failed or retried pipeline execution converges. Exit codes:
0 deployed, 1 a deploy failed, 2 the commit or the arguments are unusable.

The AWS endpoint can be overridden with ``AWS_ENDPOINT_URL`` (boto3 honours it),
which is how the tests run this script against moto.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import boto3
import yaml
from botocore.exceptions import ClientError, WaiterError

MANIFEST_KEY = "SecurityHubRemediation"
NAME_PREFIX = "SecHubRemediation-"
TEMPLATE_PATH = re.compile(r"^deploy/([A-Za-z][A-Za-z0-9-]{0,127})\.yaml$")
PARAMETERS_PATH = re.compile(
    r"^deploy/parameters/([A-Za-z][A-Za-z0-9-]{0,127})-params\.json$"
)
ACCOUNT_ID = re.compile(r"^\d{12}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
MANIFEST_KEYS = {"findingId", "remediationId", "accounts", "regions", "deployment"}
# Templates above this size must be passed by S3 URL (CloudFormation limit).
MAX_TEMPLATE_BODY = 51_200
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]


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


# --- reading the commit -----------------------------------------------------


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


# --- deploying ---------------------------------------------------------------


@dataclass
class Settings:
    account_id: str
    home_region: str
    allowed_accounts: list[str]
    allowed_regions: list[str]
    cfn_role_arn: str | None
    admin_role_arn: str | None
    execution_role_name: str | None
    template_bucket: str | None
    poll_seconds: float
    timeout_seconds: float


def check_targets(remediation: Remediation, settings: Settings) -> None:
    manifest = remediation.manifest
    where = remediation.template_path
    if settings.allowed_regions:
        outside = [r for r in manifest["regions"] if r not in settings.allowed_regions]
        if outside:
            raise InputError(
                f"{where}: regions {', '.join(outside)} are not among the pipeline's "
                f"DeploymentRegions ({', '.join(settings.allowed_regions)})"
            )
    if manifest["deployment"] == "stack":
        if manifest["accounts"] != [settings.account_id]:
            raise InputError(
                f"{where}: deployment \"stack\" deploys in the pipeline's own account "
                f"{settings.account_id} only, but the manifest names "
                f"{', '.join(manifest['accounts'])}; use \"stack-set\" for other accounts"
            )
        return
    allowed = {settings.account_id, *settings.allowed_accounts}
    outside = [a for a in manifest["accounts"] if a not in allowed]
    if outside:
        raise InputError(
            f"{where}: accounts {', '.join(outside)} are not among the pipeline's "
            "WorkloadAccounts (nor the pipeline's own account)"
        )
    if not settings.admin_role_arn or not settings.execution_role_name:
        raise InputError(
            f"{where}: deployment \"stack-set\" needs --admin-role-arn and --execution-role-name"
        )


def template_argument(
    remediation: Remediation, settings: Settings, session: boto3.Session
) -> dict[str, str]:
    body = remediation.template_body
    if len(body.encode("utf-8")) <= MAX_TEMPLATE_BODY:
        return {"TemplateBody": body}
    if not settings.template_bucket:
        raise InputError(
            f"{remediation.template_path} is over {MAX_TEMPLATE_BODY} bytes; "
            "pass --template-bucket so it can be deployed from S3"
        )
    key = f"templates/{remediation.name}-{int(time.time())}.yaml"
    session.client("s3").put_object(
        Bucket=settings.template_bucket, Key=key, Body=body.encode("utf-8")
    )
    return {
        "TemplateURL": f"https://{settings.template_bucket}.s3.amazonaws.com/{key}"
    }


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def stack_status(cfn: Any, name: str) -> str | None:
    try:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return stacks[0]["StackStatus"] if stacks else None


def first_failure(cfn: Any, name: str) -> str:
    try:
        events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    except ClientError:
        return ""
    for event in events:
        if event.get("ResourceStatus", "").endswith("FAILED"):
            return f"{event.get('LogicalResourceId')}: {event.get('ResourceStatusReason', '')}"
    return ""


def wait_for(cfn: Any, waiter_name: str, name: str, settings: Settings) -> None:
    delay = max(1, int(settings.poll_seconds))
    try:
        cfn.get_waiter(waiter_name).wait(
            StackName=name,
            WaiterConfig={
                "Delay": delay,
                "MaxAttempts": max(1, int(settings.timeout_seconds / delay)),
            },
        )
    except WaiterError as error:
        reason = first_failure(cfn, name)
        raise DeployError(
            f"stack {name}: {stack_status(cfn, name) or 'gone'}"
            f"{' - ' + reason if reason else ''} ({error})"
        ) from error


def deploy_stack(
    remediation: Remediation, region: str, settings: Settings, session: boto3.Session
) -> str:
    """Creates or updates stack <Name> in one region; returns what was done."""
    cfn = session.client("cloudformation", region_name=region)
    name = remediation.name
    status = stack_status(cfn, name)
    if status and status.endswith("_IN_PROGRESS"):
        raise DeployError(f"stack {name} in {region} is busy ({status}); retry later")
    if status == "ROLLBACK_COMPLETE":
        # A failed first create leaves a stack that can only be deleted.
        cfn.delete_stack(StackName=name, **role(settings))
        wait_for(cfn, "stack_delete_complete", name, settings)
        status = None
    arguments = {
        "StackName": name,
        **template_argument(remediation, settings, session),
        "Parameters": remediation.parameters,
        "Capabilities": CAPABILITIES,
        **role(settings),
    }
    if status is None:
        cfn.create_stack(**arguments)
        wait_for(cfn, "stack_create_complete", name, settings)
        return "created"
    try:
        cfn.update_stack(**arguments)
    except ClientError as error:
        if "No updates are to be performed" in str(error):
            return "unchanged"
        raise
    wait_for(cfn, "stack_update_complete", name, settings)
    return "updated"


def role(settings: Settings) -> dict[str, str]:
    return {"RoleARN": settings.cfn_role_arn} if settings.cfn_role_arn else {}


OPERATION_PREFERENCES = {
    "RegionConcurrencyType": "PARALLEL",
    "FailureToleranceCount": 0,
    "MaxConcurrentPercentage": 100,
}


def wait_for_operation(
    cfn: Any, name: str, operation_id: str, settings: Settings
) -> None:
    deadline = time.monotonic() + settings.timeout_seconds
    while True:
        operation = cfn.describe_stack_set_operation(
            StackSetName=name, OperationId=operation_id
        )["StackSetOperation"]
        status = operation["Status"]
        if status == "SUCCEEDED":
            return
        if status in ("FAILED", "STOPPED"):
            raise DeployError(
                f"StackSet {name} operation {operation_id} {status}: "
                f"{operation_failures(cfn, name, operation_id) or operation.get('StatusReason', '')}"
            )
        if time.monotonic() > deadline:
            raise DeployError(
                f"StackSet {name} operation {operation_id} still {status} after "
                f"{settings.timeout_seconds:.0f} s"
            )
        time.sleep(settings.poll_seconds)


def operation_failures(cfn: Any, name: str, operation_id: str) -> str:
    try:
        results = cfn.list_stack_set_operation_results(
            StackSetName=name, OperationId=operation_id
        )["Summaries"]
    except ClientError:
        return ""
    return "; ".join(
        f"{r.get('Account')}/{r.get('Region')}: {r.get('StatusReason', r.get('Status'))}"
        for r in results
        if r.get("Status") != "SUCCEEDED"
    )


def deploy_stack_set(
    remediation: Remediation, settings: Settings, session: boto3.Session
) -> str:
    """Creates or updates StackSet <Name>, then adds its missing instances."""
    cfn = session.client("cloudformation", region_name=settings.home_region)
    name = remediation.name
    arguments = {
        "StackSetName": name,
        **template_argument(remediation, settings, session),
        "Parameters": remediation.parameters,
        "Capabilities": CAPABILITIES,
        "PermissionModel": "SELF_MANAGED",
        "AdministrationRoleARN": settings.admin_role_arn,
        "ExecutionRoleName": settings.execution_role_name,
    }
    try:
        cfn.describe_stack_set(StackSetName=name)
        exists = True
    except ClientError as error:
        if error_code(error) != "StackSetNotFoundException":
            raise
        exists = False
    if exists:
        operation_id = cfn.update_stack_set(
            **arguments, OperationPreferences=OPERATION_PREFERENCES
        )["OperationId"]
        wait_for_operation(cfn, name, operation_id, settings)
        done = "updated"
    else:
        cfn.create_stack_set(**arguments)
        done = "created"

    existing = {
        (s["Account"], s["Region"])
        for page in cfn.get_paginator("list_stack_instances").paginate(
            StackSetName=name
        )
        for s in page["Summaries"]
    }
    added = 0
    for account in remediation.manifest["accounts"]:
        missing = [
            r for r in remediation.manifest["regions"] if (account, r) not in existing
        ]
        if not missing:
            continue
        operation_id = cfn.create_stack_instances(
            StackSetName=name,
            Accounts=[account],
            Regions=missing,
            OperationPreferences=OPERATION_PREFERENCES,
        )["OperationId"]
        wait_for_operation(cfn, name, operation_id, settings)
        added += len(missing)
    return f"{done}, {added} stack instance(s) added"


def deploy(remediation: Remediation, settings: Settings, session: boto3.Session) -> None:
    check_targets(remediation, settings)
    manifest = remediation.manifest
    if manifest["deployment"] == "stack":
        for region in manifest["regions"]:
            done = deploy_stack(remediation, region, settings, session)
            print(f"{remediation.name}: stack {done} in {settings.account_id}/{region}")
    else:
        done = deploy_stack_set(remediation, settings, session)
        print(
            f"{remediation.name}: StackSet {done} "
            f"({', '.join(manifest['accounts'])} x {', '.join(manifest['regions'])})"
        )


# --- command line ------------------------------------------------------------


def split_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def parse_args(argv: list[str]) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Deploy the remediation templates a commit changes (stack or StackSet)."
    )
    parser.add_argument("--repo", default=".", help="git work tree holding the commit")
    parser.add_argument("--commit", default="HEAD", help="commit to deploy (default HEAD)")
    parser.add_argument(
        "--list-templates",
        action="store_true",
        help="only print the templates of the remediations the commit changes (for Validate)",
    )
    parser.add_argument(
        "--region",
        default=env("AWS_REGION") or env("AWS_DEFAULT_REGION"),
        help="home region: where StackSets are administered (default AWS_REGION)",
    )
    parser.add_argument(
        "--allowed-accounts",
        default=env("WORKLOAD_ACCOUNTS", ""),
        help="comma-separated accounts a StackSet may target besides this one",
    )
    parser.add_argument(
        "--allowed-regions",
        default=env("DEPLOYMENT_REGIONS", ""),
        help="comma-separated regions a remediation may target (empty: any)",
    )
    parser.add_argument("--cfn-role-arn", default=env("CFN_ROLE_ARN") or None)
    parser.add_argument("--admin-role-arn", default=env("STACKSET_ADMIN_ROLE_ARN") or None)
    parser.add_argument(
        "--execution-role-name", default=env("STACKSET_EXECUTION_ROLE_NAME") or None
    )
    parser.add_argument("--template-bucket", default=env("TEMPLATE_BUCKET") or None)
    parser.add_argument("--poll-seconds", type=float, default=10.0)
    parser.add_argument("--timeout-seconds", type=float, default=1800.0)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.list_templates:
        try:
            for name in changed_remediations(args.repo, args.commit):
                print(f"deploy/{name}.yaml")
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    if not args.region:
        print("error: no region: pass --region or set AWS_REGION", file=sys.stderr)
        return 2
    session = boto3.Session(region_name=args.region)
    try:
        remediations = load_remediations(args.repo, args.commit)
        account_id = session.client("sts").get_caller_identity()["Account"]
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    settings = Settings(
        account_id=account_id,
        home_region=args.region,
        allowed_accounts=split_list(args.allowed_accounts),
        allowed_regions=split_list(args.allowed_regions),
        cfn_role_arn=args.cfn_role_arn,
        admin_role_arn=args.admin_role_arn,
        execution_role_name=args.execution_role_name,
        template_bucket=args.template_bucket,
        poll_seconds=args.poll_seconds,
        timeout_seconds=args.timeout_seconds,
    )
    failures = 0
    exit_code = 0
    for remediation in remediations:
        try:
            deploy(remediation, settings, session)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            exit_code = max(exit_code, 2)
            failures += 1
        except (DeployError, ClientError) as error:
            print(f"error: {remediation.template_path}: {error}", file=sys.stderr)
            exit_code = max(exit_code, 1)
            failures += 1
    if failures:
        print(f"{failures} of {len(remediations)} remediation(s) failed", file=sys.stderr)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
