import boto3

from handler_testing import HandlerTestCase

RAISE = 'rds/RDS.11-RaiseBackupRetention.py'
VERIFY = 'rds/RDS.11-VerifyBackupRetention.py'
EVENTS = {'Identifier': 'orders', 'MinimumDays': '7'}


class BackupRetentionTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.rds = boto3.client('rds')

    def create(self, retention):
        self.rds.create_db_instance(
            DBInstanceIdentifier='orders', DBInstanceClass='db.t3.micro', Engine='postgres',
            MasterUsername='admin_user', MasterUserPassword='not-a-secret-1',
            AllocatedStorage=20, BackupRetentionPeriod=retention)

    def retention(self):
        instance = self.rds.describe_db_instances(DBInstanceIdentifier='orders')['DBInstances'][0]
        return instance['BackupRetentionPeriod']

    def test_raises_a_short_retention_to_the_minimum(self):
        self.create(1)
        self.assertEqual(self.run_handler(RAISE, EVENTS), {'Changed': True, 'BackupRetentionPeriod': 7})
        self.assertEqual(self.retention(), 7)
        self.assertEqual(self.run_handler(VERIFY, EVENTS), {'Current': 7})

    def test_never_lowers_a_longer_retention(self):
        self.create(14)
        self.assertEqual(self.run_handler(RAISE, EVENTS), {'Changed': False, 'BackupRetentionPeriod': 14})
        self.assertEqual(self.retention(), 14)

    def test_verification_fails_below_the_minimum(self):
        self.create(1)
        self.assert_fails_without_waiting(VERIFY, EVENTS, 'Backup retention of orders is 1 days')
