"""Shared set-up of the handler tests beside the handlers (s3/test_S3_5.py…).

Run them all from this folder with:
    python3 -m unittest discover -s . -t . -p 'test_*.py'
A service folder holding tests needs an (empty) __init__.py to be discovered.
"""
import importlib.util
import os
import re
import unittest
from unittest import mock

from moto import mock_aws

SERVICES = os.path.dirname(os.path.abspath(__file__))

FAKE_ENVIRONMENT = {
    'AWS_ACCESS_KEY_ID': 'testing',
    'AWS_SECRET_ACCESS_KEY': 'testing',
    'AWS_SESSION_TOKEN': 'testing',
    'AWS_DEFAULT_REGION': 'us-east-1',
    'AWS_CONFIG_FILE': os.devnull,
    'AWS_SHARED_CREDENTIALS_FILE': os.devnull,
}


def load_handler(path):
    """The handler function of a script, by its path under services/ (s3/S3.5-….py)."""
    name = 'handler_' + re.sub(r'\W', '_', path)
    spec = importlib.util.spec_from_file_location(name, os.path.join(SERVICES, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


class HandlerTestCase(unittest.TestCase):
    """Each test runs inside moto with fake credentials in us-east-1."""

    def setUp(self):
        environment = mock.patch.dict(os.environ, FAKE_ENVIRONMENT)
        environment.start()
        self.addCleanup(environment.stop)
        aws = mock_aws()
        aws.start()
        self.addCleanup(aws.stop)

    def run_handler(self, path, events):
        return load_handler(path)(events, None)

    def assert_fails_without_waiting(self, path, events, message):
        """A verification that polls must raise when the setting never shows."""
        with mock.patch('time.sleep'):
            with self.assertRaisesRegex(Exception, message):
                self.run_handler(path, events)
