import { assertProperty, fixed, permission, script, TRUE } from './helpers';
import type { CuratedAutomation } from './types';

const REQUIRED_FLAGS = [
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'RequireSymbols',
  'RequireNumbers',
];

// UpdateAccountPasswordPolicy replaces the whole policy: read it first and
// never weaken a setting that is already stricter than ours.
const PASSWORD_POLICY_SCRIPT = `
import boto3

REQUIRED_FLAGS = ${JSON.stringify(REQUIRED_FLAGS).replace(/"/g, "'")}


def handler(events, context):
    iam = boto3.client('iam')
    try:
        current = iam.get_account_password_policy()['PasswordPolicy']
    except iam.exceptions.NoSuchEntityException:
        current = {}
    policy = dict((flag, True) for flag in REQUIRED_FLAGS)
    policy['MinimumPasswordLength'] = max(
        int(events['MinimumPasswordLength']), current.get('MinimumPasswordLength', 0))
    policy['PasswordReusePrevention'] = max(
        int(events['PasswordReusePrevention']), current.get('PasswordReusePrevention', 0))
    policy['AllowUsersToChangePassword'] = current.get('AllowUsersToChangePassword', True)
    if current.get('MaxPasswordAge'):
        policy['MaxPasswordAge'] = current['MaxPasswordAge']
    if current.get('HardExpiry') is not None:
        policy['HardExpiry'] = current['HardExpiry']
    iam.update_account_password_policy(**policy)
    return {'MinimumPasswordLength': policy['MinimumPasswordLength']}
`;

export const IAM_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'IAM.7',
    description:
      'Sets the account password policy to require upper and lower case letters, numbers and symbols, at least 14 characters and no reuse of the last 24 passwords, keeping any stricter existing setting.',
    resourceType: 'AwsAccount',
    parameters: {
      MinimumPasswordLength: fixed(
        'Minimum password length (an existing longer minimum is kept)',
        14,
      ),
      PasswordReusePrevention: fixed(
        'Number of previous passwords that cannot be reused (an existing higher number is kept)',
        24,
      ),
    },
    steps: [
      script('UpdatePasswordPolicy', PASSWORD_POLICY_SCRIPT, {
        MinimumPasswordLength: '{{ MinimumPasswordLength }}',
        PasswordReusePrevention: '{{ PasswordReusePrevention }}',
      }),
      ...REQUIRED_FLAGS.map(flag =>
        assertProperty(
          `Verify${flag}`,
          'iam',
          'GetAccountPasswordPolicy',
          {},
          `$.PasswordPolicy.${flag}`,
          TRUE,
        ),
      ),
    ],
    permissions: [
      permission(
        ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'],
        ['*'],
        'Read, update and verify the account password policy; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Applies to the next password set or changed by each IAM user; existing passwords keep working. Users who change passwords must meet the new rules.',
      'Password expiry (MaxPasswordAge, HardExpiry) is left as it was.',
    ],
  },
];
