import boto3

from handler_testing import HandlerTestCase

SET_POLICY = 'elb/ELB.17-SetSslPolicy.py'
VERIFY_ATTRIBUTE = 'elb/VerifyLoadBalancerAttribute.py'
RECOMMENDED = 'ELBSecurityPolicy-TLS13-1-2-2021-06'


class LoadBalancerTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        ec2 = boto3.client('ec2')
        vpc_id = ec2.describe_vpcs()['Vpcs'][0]['VpcId']
        subnets = ec2.describe_subnets(Filters=[{'Name': 'vpc-id', 'Values': [vpc_id]}])['Subnets']
        self.elbv2 = boto3.client('elbv2')
        self.load_balancer = self.elbv2.create_load_balancer(
            Name='web', Subnets=[subnet['SubnetId'] for subnet in subnets[:2]],
        )['LoadBalancers'][0]['LoadBalancerArn']
        target_group = self.elbv2.create_target_group(
            Name='web', Protocol='HTTP', Port=80, VpcId=vpc_id)['TargetGroups'][0]['TargetGroupArn']
        certificate = boto3.client('acm').request_certificate(DomainName='example.com')['CertificateArn']
        forward = [{'Type': 'forward', 'TargetGroupArn': target_group}]
        self.https = self.elbv2.create_listener(
            LoadBalancerArn=self.load_balancer, Protocol='HTTPS', Port=443,
            Certificates=[{'CertificateArn': certificate}], SslPolicy='ELBSecurityPolicy-2016-08',
            DefaultActions=forward)['Listeners'][0]['ListenerArn']
        self.http = self.elbv2.create_listener(
            LoadBalancerArn=self.load_balancer, Protocol='HTTP', Port=80,
            DefaultActions=forward)['Listeners'][0]['ListenerArn']

    def policy(self):
        return self.elbv2.describe_listeners(ListenerArns=[self.https])['Listeners'][0]['SslPolicy']

    def test_sets_the_recommended_policy_once(self):
        events = {'ListenerArn': self.https, 'SslPolicy': RECOMMENDED, 'Accepted': [RECOMMENDED]}
        self.assertEqual(self.run_handler(SET_POLICY, events), {'Changed': True, 'SslPolicy': RECOMMENDED})
        self.assertEqual(self.policy(), RECOMMENDED)
        self.assertEqual(self.run_handler(SET_POLICY, events), {'Changed': False, 'SslPolicy': RECOMMENDED})

    def test_refuses_a_listener_without_tls(self):
        events = {'ListenerArn': self.http, 'SslPolicy': RECOMMENDED, 'Accepted': [RECOMMENDED]}
        with self.assertRaisesRegex(Exception, 'HTTP listener, which has no security policy'):
            self.run_handler(SET_POLICY, events)

    def test_verifies_a_load_balancer_attribute(self):
        events = {'LoadBalancerArn': self.load_balancer, 'Key': 'deletion_protection.enabled',
                  'Accepted': ['true']}
        with self.assertRaisesRegex(Exception, 'deletion_protection.enabled is false'):
            self.run_handler(VERIFY_ATTRIBUTE, events)
        self.elbv2.modify_load_balancer_attributes(LoadBalancerArn=self.load_balancer, Attributes=[
            {'Key': 'deletion_protection.enabled', 'Value': 'true'}])
        self.assertEqual(self.run_handler(VERIFY_ATTRIBUTE, events), {'Value': 'true'})
