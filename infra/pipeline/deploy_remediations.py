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
import os
import sys

import boto3
from botocore.exceptions import ClientError

from cloudformation_deploy import Settings, deploy
from remediation_commit import (
    DeployError,
    InputError,
    changed_remediations,
    load_remediations,
)

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
