"""Deploys a remediation with CloudFormation: a stack in this account, or a
self-managed StackSet with stack instances in the manifest's accounts and
regions, with the template's parameters. Every step is idempotent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError, WaiterError

from remediation_commit import DeployError, InputError, Remediation

# Templates above this size must be passed by S3 URL (CloudFormation limit).
MAX_TEMPLATE_BODY = 51_200
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]



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
