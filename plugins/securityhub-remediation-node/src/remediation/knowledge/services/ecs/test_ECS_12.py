import boto3

from handler_testing import HandlerTestCase

VERIFY = 'ecs/ECS.12-VerifyContainerInsights.py'


class ContainerInsightsTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.ecs = boto3.client('ecs')

    def test_passes_when_container_insights_is_on(self):
        arn = self.ecs.create_cluster(clusterName='apps', settings=[
            {'name': 'containerInsights', 'value': 'enabled'}])['cluster']['clusterArn']
        self.assertEqual(self.run_handler(VERIFY, {'ClusterArn': arn}), {'ContainerInsights': 'enabled'})

    def test_fails_when_container_insights_is_off(self):
        arn = self.ecs.create_cluster(clusterName='apps', settings=[
            {'name': 'containerInsights', 'value': 'disabled'}])['cluster']['clusterArn']
        with self.assertRaisesRegex(Exception, 'containerInsights is disabled'):
            self.run_handler(VERIFY, {'ClusterArn': arn})
