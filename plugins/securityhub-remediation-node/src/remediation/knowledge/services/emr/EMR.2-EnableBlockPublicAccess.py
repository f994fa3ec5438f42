import boto3


def handler(events, context):
    emr = boto3.client('emr')
    current = emr.get_block_public_access_configuration()['BlockPublicAccessConfiguration']
    configuration = {
        'BlockPublicSecurityGroupRules': True,
        'PermittedPublicSecurityGroupRuleRanges':
            current.get('PermittedPublicSecurityGroupRuleRanges', []),
    }
    emr.put_block_public_access_configuration(BlockPublicAccessConfiguration=configuration)
    return {'PermittedRanges': len(configuration['PermittedPublicSecurityGroupRuleRanges'])}
