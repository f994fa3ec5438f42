import boto3

from handler_testing import HandlerTestCase

REVOKE = 'ec2/EC2.2-RevokeDefaultSecurityGroupRules.py'
VERIFY = 'ec2/EC2.2-VerifyDefaultSecurityGroupEmpty.py'


class DefaultSecurityGroupTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.ec2 = boto3.client('ec2')
        vpc = self.ec2.describe_vpcs(Filters=[{'Name': 'is-default', 'Values': ['true']}])['Vpcs'][0]
        self.vpc_id = vpc['VpcId']
        self.group_id = self.ec2.describe_security_groups(Filters=[
            {'Name': 'vpc-id', 'Values': [self.vpc_id]},
            {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]['GroupId']
        self.ec2.authorize_security_group_ingress(GroupId=self.group_id, IpPermissions=[
            {'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])

    def rules(self):
        group = self.ec2.describe_security_groups(GroupIds=[self.group_id])['SecurityGroups'][0]
        return group.get('IpPermissions', []), group.get('IpPermissionsEgress', [])

    def test_revokes_every_rule_of_the_default_group(self):
        ingress, egress = self.rules()
        self.assertEqual((len(ingress), len(egress)), (1, 1))
        result = self.run_handler(REVOKE, {'GroupId': self.group_id})
        self.assertEqual(result, {'RevokedIngress': 1, 'RevokedEgress': 1})
        self.assertEqual(self.rules(), ([], []))
        self.assertEqual(self.run_handler(VERIFY, {'GroupId': self.group_id}), {'Verified': True})

    def test_refuses_a_group_that_is_not_default(self):
        other = self.ec2.create_security_group(
            GroupName='web', Description='web', VpcId=self.vpc_id)['GroupId']
        with self.assertRaisesRegex(Exception, 'is not a default security group'):
            self.run_handler(REVOKE, {'GroupId': other})

    def test_verification_fails_while_rules_remain(self):
        with self.assertRaisesRegex(Exception, r'still has 2 rule\(s\)'):
            self.run_handler(VERIFY, {'GroupId': self.group_id})
