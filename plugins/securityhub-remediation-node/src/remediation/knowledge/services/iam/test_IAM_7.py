import boto3

from handler_testing import HandlerTestCase

UPDATE = 'iam/IAM.7-UpdatePasswordPolicy.py'
EVENTS = {'MinimumPasswordLength': '14', 'PasswordReusePrevention': '24'}


class PasswordPolicyTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.iam = boto3.client('iam')

    def policy(self):
        return self.iam.get_account_password_policy()['PasswordPolicy']

    def test_sets_a_policy_where_there_is_none(self):
        self.assertEqual(self.run_handler(UPDATE, EVENTS), {'MinimumPasswordLength': 14})
        policy = self.policy()
        self.assertEqual(policy['MinimumPasswordLength'], 14)
        self.assertEqual(policy['PasswordReusePrevention'], 24)
        for flag in ('RequireUppercaseCharacters', 'RequireLowercaseCharacters',
                     'RequireSymbols', 'RequireNumbers'):
            self.assertTrue(policy[flag], flag)

    def test_never_weakens_a_stricter_setting(self):
        self.iam.update_account_password_policy(
            MinimumPasswordLength=20, PasswordReusePrevention=5, MaxPasswordAge=90,
            AllowUsersToChangePassword=False)
        self.assertEqual(self.run_handler(UPDATE, EVENTS), {'MinimumPasswordLength': 20})
        policy = self.policy()
        self.assertEqual(policy['MinimumPasswordLength'], 20)
        self.assertEqual(policy['PasswordReusePrevention'], 24)
        self.assertEqual(policy['MaxPasswordAge'], 90)
        self.assertFalse(policy['AllowUsersToChangePassword'])
