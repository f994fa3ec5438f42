import { TRUE } from './helpers';
import {
  CLUSTER,
  rdsBackupRetention,
  rdsLogExports,
  rdsSetting,
  snapshotPrivate,
} from './rdsFamily';
import type { CuratedAutomation } from './types';

export const DOCUMENTDB_AUTOMATIONS: CuratedAutomation[] = [
  rdsBackupRetention({
    controlId: 'DocumentDB.2',
    service: 'docdb',
    target: CLUSTER,
    minimumDays: 7,
  }),
  rdsLogExports({
    controlId: 'DocumentDB.4',
    service: 'docdb',
    target: CLUSTER,
    logTypes: ['audit'],
    engine: 'DocumentDB',
    caveats: [
      'Audit events are only written when auditing is on (audit_logs in the cluster parameter group); this automation does not change the parameter group.',
    ],
  }),
  snapshotPrivate({
    controlId: 'DocumentDB.3',
    service: 'docdb',
    cluster: true,
  }),
  rdsSetting({
    controlId: 'DocumentDB.5',
    service: 'docdb',
    target: CLUSTER,
    description: 'Turns on deletion protection of the DocumentDB cluster.',
    change: { DeletionProtection: true },
    property: 'DeletionProtection',
    desiredValues: TRUE,
    caveats: [
      'Deleting the cluster (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  }),
];
