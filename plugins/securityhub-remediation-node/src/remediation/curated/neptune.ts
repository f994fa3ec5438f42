import { TRUE } from './helpers';
import {
  CLUSTER,
  rdsBackupRetention,
  rdsLogExports,
  rdsSetting,
  snapshotPrivate,
} from './rdsFamily';
import type { CuratedAutomation } from './types';

export const NEPTUNE_AUTOMATIONS: CuratedAutomation[] = [
  rdsLogExports({
    controlId: 'Neptune.2',
    service: 'neptune',
    target: CLUSTER,
    logTypes: ['audit'],
    engine: 'Neptune',
    caveats: [
      'Audit events are only written when auditing is on (neptune_enable_audit_log=1 in the DB cluster parameter group); this automation does not change the parameter group.',
    ],
  }),
  snapshotPrivate({
    controlId: 'Neptune.3',
    service: 'neptune',
    cluster: true,
  }),
  rdsSetting({
    controlId: 'Neptune.4',
    service: 'neptune',
    target: CLUSTER,
    description: 'Turns on deletion protection of the Neptune DB cluster.',
    change: { DeletionProtection: true },
    property: 'DeletionProtection',
    desiredValues: TRUE,
    caveats: [
      'Deleting the cluster (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  }),
  rdsBackupRetention({
    controlId: 'Neptune.5',
    service: 'neptune',
    target: CLUSTER,
    minimumDays: 7,
  }),
  rdsSetting({
    controlId: 'Neptune.7',
    service: 'neptune',
    target: CLUSTER,
    description:
      'Turns on IAM database authentication for the Neptune DB cluster.',
    change: { EnableIAMDatabaseAuthentication: true },
    property: 'IAMDatabaseAuthenticationEnabled',
    desiredValues: TRUE,
    caveats: [
      'Every connection must then be signed with Signature Version 4: clients that connect without IAM signing are refused. Update them first.',
    ],
  }),
  rdsSetting({
    controlId: 'Neptune.8',
    service: 'neptune',
    target: CLUSTER,
    description:
      'Configures the Neptune DB cluster to copy its tags to snapshots.',
    change: { CopyTagsToSnapshot: true },
    property: 'CopyTagsToSnapshot',
    desiredValues: TRUE,
    caveats: [
      'Tags of the cluster are copied to snapshots taken from now on; existing snapshots are unchanged.',
    ],
  }),
];
