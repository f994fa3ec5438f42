import boto3

from handler_testing import HandlerTestCase

RAISE = 'redshift/Redshift.3-RaiseSnapshotRetention.py'
VERIFY = 'redshift/Redshift.3-VerifySnapshotRetention.py'


class SnapshotRetentionTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.redshift = boto3.client('redshift')
        self.redshift.create_cluster(
            ClusterIdentifier='warehouse', NodeType='dc2.large', MasterUsername='admin',
            MasterUserPassword='NotASecret1', AutomatedSnapshotRetentionPeriod=1)

    def retention(self):
        cluster = self.redshift.describe_clusters(ClusterIdentifier='warehouse')['Clusters'][0]
        return cluster['AutomatedSnapshotRetentionPeriod']

    def test_raises_a_short_retention_to_the_minimum(self):
        events = {'ClusterIdentifier': 'warehouse', 'MinimumDays': '7'}
        self.assertEqual(self.run_handler(RAISE, events), {'Changed': True, 'RetentionDays': 7})
        self.assertEqual(self.retention(), 7)
        self.assertEqual(self.run_handler(VERIFY, {'Identifier': 'warehouse', 'MinimumDays': '7'}),
                         {'Current': 7})
        # Already long enough: left as is.
        self.assertEqual(self.run_handler(RAISE, events), {'Changed': False, 'RetentionDays': 7})

    def test_verification_fails_below_the_minimum(self):
        self.assert_fails_without_waiting(
            VERIFY, {'Identifier': 'warehouse', 'MinimumDays': '7'},
            'Automated snapshot retention of warehouse is 1 days')
