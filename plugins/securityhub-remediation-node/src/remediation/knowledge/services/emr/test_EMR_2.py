import boto3

from handler_testing import HandlerTestCase

ENABLE = 'emr/EMR.2-EnableBlockPublicAccess.py'


class BlockPublicAccessTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.emr = boto3.client('emr')

    def configuration(self):
        return self.emr.get_block_public_access_configuration()['BlockPublicAccessConfiguration']

    def test_turns_it_on_keeping_the_permitted_ranges(self):
        self.emr.put_block_public_access_configuration(BlockPublicAccessConfiguration={
            'BlockPublicSecurityGroupRules': False,
            'PermittedPublicSecurityGroupRuleRanges': [{'MinRange': 22, 'MaxRange': 22}],
        })
        self.assertEqual(self.run_handler(ENABLE, {}), {'PermittedRanges': 1})
        configuration = self.configuration()
        self.assertTrue(configuration['BlockPublicSecurityGroupRules'])
        self.assertEqual(configuration['PermittedPublicSecurityGroupRuleRanges'],
                         [{'MinRange': 22, 'MaxRange': 22}])

    def test_turns_it_on_where_nothing_is_configured(self):
        self.assertEqual(self.run_handler(ENABLE, {}), {'PermittedRanges': 0})
        self.assertTrue(self.configuration()['BlockPublicSecurityGroupRules'])
