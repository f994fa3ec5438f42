import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  TRUE,
} from './helpers';
import type { CuratedAutomation } from './types';

const KEY = {
  KeyId: param(
    'Id of the customer managed KMS key',
    { from: 'resourceName' },
    PATTERNS.kmsKeyId,
  ),
};

const KEY_ARN = ARN.regional('kms', 'key/${KeyId}');

export const KMS_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'KMS.3',
    description:
      'Cancels the scheduled deletion of the KMS key (the key is left disabled).',
    resourceType: 'AwsKmsKey',
    parameters: KEY,
    steps: [
      apiCall('CancelKeyDeletion', 'kms', 'CancelKeyDeletion', {
        KeyId: '{{ KeyId }}',
      }),
      assertProperty(
        'VerifyKeyNotPendingDeletion',
        'kms',
        'DescribeKey',
        { KeyId: '{{ KeyId }}' },
        '$.KeyMetadata.KeyState',
        ['Disabled'],
      ),
    ],
    permissions: [
      permission(
        ['kms:CancelKeyDeletion', 'kms:DescribeKey'],
        [KEY_ARN],
        'Cancel the deletion of this one key and read its state back.',
      ),
    ],
    caveats: [
      'The key comes back in the Disabled state: nothing can use it until someone who decided to keep it enables it (EnableKey). If the deletion was intended, do not run this; close the finding instead.',
      'The key policy must allow this role (for example through the default statement delegating to IAM policies).',
    ],
  },
  {
    controlId: 'KMS.4',
    description:
      'Turns on automatic rotation of the key material of the KMS key.',
    resourceType: 'AwsKmsKey',
    parameters: KEY,
    steps: [
      apiCall('EnableKeyRotation', 'kms', 'EnableKeyRotation', {
        KeyId: '{{ KeyId }}',
      }),
      assertProperty(
        'VerifyKeyRotation',
        'kms',
        'GetKeyRotationStatus',
        { KeyId: '{{ KeyId }}' },
        '$.KeyRotationEnabled',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['kms:EnableKeyRotation', 'kms:GetKeyRotationStatus'],
        [KEY_ARN],
        'Turn on and read back rotation of this one key.',
      ),
    ],
    caveats: [
      'Only symmetric encryption keys with KMS-generated material support rotation; asymmetric, HMAC, imported-material and custom key store keys make the automation fail without change.',
      'Rotation is transparent to callers (old material stays available for decryption) and adds a monthly charge per rotated key version.',
      'The key policy must allow this role (for example through the default statement delegating to IAM policies).',
    ],
  },
];
