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

export const CLOUDTRAIL_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'CloudTrail.4',
    description: 'Turns on log file integrity validation for the trail.',
    resourceType: 'AwsCloudTrailTrail',
    parameters: {
      TrailArn: param(
        'ARN of the trail',
        { from: 'resourceId' },
        PATTERNS.trailArn,
      ),
    },
    steps: [
      apiCall('EnableLogFileValidation', 'cloudtrail', 'UpdateTrail', {
        Name: '{{ TrailArn }}',
        EnableLogFileValidation: true,
      }),
      assertProperty(
        'VerifyLogFileValidation',
        'cloudtrail',
        'GetTrail',
        { Name: '{{ TrailArn }}' },
        '$.Trail.LogFileValidationEnabled',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['cloudtrail:UpdateTrail', 'cloudtrail:GetTrail'],
        [ARN.param('TrailArn')],
        'Update and read back this one trail.',
      ),
    ],
    caveats: [
      'Must run in the Region where the trail was created (its home Region); an organization trail can only be updated from the management account or delegated administrator.',
      'CloudTrail starts writing hourly digest files next to the log files in the trail bucket.',
    ],
  },
];
