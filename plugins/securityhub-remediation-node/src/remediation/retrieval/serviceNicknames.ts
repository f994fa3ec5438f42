/** Part of the retrieval vocabulary (see vocabulary.ts): service nicknames. */
/**
 * Nicknames of services. `boost` marks names specific enough to prefer that
 * service's controls; generic words (instance, key) only expand the query.
 */
export interface ServiceNickname {
  service: string;
  /** Comma-separated nicknames. */
  phrases: string;
  catalogTerms: string;
  boost: boolean;
}

export const SERVICE_NICKNAMES: readonly ServiceNickname[] = [
  {
    service: 'S3',
    phrases: 'bucket, s3, object storage',
    catalogTerms: 's3 buckets',
    boost: true,
  },
  {
    service: 'EC2',
    phrases: 'security group, sg, firewall rule, inbound rule',
    catalogTerms: 'ec2 security groups ingress',
    boost: true,
  },
  {
    service: 'EC2',
    phrases:
      'vm, virtual machine, server, ebs, elastic ip, ami, subnet, nacl, network acl, ec2, data disk, disk',
    catalogTerms: 'ec2',
    boost: true,
  },
  {
    service: 'RDS',
    phrases:
      'db, database, postgres, postgresql, mysql, mariadb, aurora, sql server, rds',
    catalogTerms: 'rds db',
    boost: true,
  },
  {
    service: 'IAM',
    phrases: 'iam, iam user, iam role, console user, access key',
    catalogTerms: 'iam',
    boost: true,
  },
  {
    service: 'DMS',
    phrases: 'database migration, replication instance',
    catalogTerms: 'dms database migration',
    boost: true,
  },
  {
    service: 'ELB',
    phrases: 'load balancer, alb, nlb, clb, elb',
    catalogTerms: 'load balancer elb',
    boost: true,
  },
  {
    service: 'Lambda',
    phrases: 'lambda, function, serverless function',
    catalogTerms: 'lambda functions',
    boost: true,
  },
  {
    service: 'CloudTrail',
    phrases: 'cloudtrail, trail, api activity log',
    catalogTerms: 'cloudtrail trail',
    boost: true,
  },
  {
    service: 'KMS',
    phrases: 'kms, cmk, encryption key',
    catalogTerms: 'kms keys',
    boost: true,
  },
  {
    service: 'Opensearch',
    phrases: 'opensearch, search cluster, search domain',
    catalogTerms: 'opensearch domains',
    boost: true,
  },
  {
    service: 'ES',
    phrases: 'elasticsearch, elastic search',
    catalogTerms: 'elasticsearch domains',
    boost: true,
  },
  {
    service: 'ECS',
    phrases: 'container, task definition, fargate, ecs',
    catalogTerms: 'ecs containers task',
    boost: true,
  },
  {
    service: 'EKS',
    phrases: 'kubernetes, k8s, eks, kubectl',
    catalogTerms: 'eks kubernetes cluster',
    boost: true,
  },
  {
    service: 'ECR',
    phrases: 'registry, container image, docker image, ecr repo',
    catalogTerms: 'ecr repositories image',
    boost: true,
  },
  {
    service: 'SecretsManager',
    phrases: 'secret, secrets manager',
    catalogTerms: 'secrets manager',
    boost: true,
  },
  {
    service: 'DynamoDB',
    phrases: 'dynamo, dynamodb, ddb, nosql table',
    catalogTerms: 'dynamodb tables',
    boost: true,
  },
  {
    service: 'CloudFront',
    phrases: 'cdn, cloudfront, distribution, distro, edge',
    catalogTerms: 'cloudfront distributions',
    boost: true,
  },
  {
    service: 'SNS',
    phrases: 'sns, topic, pub sub',
    catalogTerms: 'sns topics',
    boost: true,
  },
  {
    service: 'SQS',
    phrases: 'sqs, queue',
    catalogTerms: 'sqs queues',
    boost: true,
  },
  {
    service: 'ElastiCache',
    phrases: 'redis, memcached, cache cluster, elasticache, valkey',
    catalogTerms: 'elasticache',
    boost: true,
  },
  {
    service: 'RedshiftServerless',
    phrases: 'redshift serverless, serverless workgroup, redshift workgroup',
    catalogTerms: 'redshift serverless workgroups',
    boost: true,
  },
  {
    service: 'Redshift',
    phrases: 'redshift, data warehouse, warehouse',
    catalogTerms: 'redshift clusters',
    boost: true,
  },
  {
    service: 'DocumentDB',
    phrases: 'docdb, documentdb, mongo, mongodb',
    catalogTerms: 'documentdb clusters',
    boost: true,
  },
  {
    service: 'SSM',
    phrases: 'systems manager, ssm, ssm agent, fleet manager',
    catalogTerms: 'systems manager ssm',
    boost: true,
  },
  {
    service: 'APIGateway',
    phrases: 'api gateway, apigw, rest api, http api',
    catalogTerms: 'api gateway',
    boost: true,
  },
  {
    service: 'CloudWatch',
    phrases: 'cloudwatch, log group, metric filter, alarm',
    catalogTerms: 'cloudwatch',
    boost: true,
  },
  {
    service: 'EFS',
    phrases: 'efs, nfs, file share, shared file system',
    catalogTerms: 'efs file system',
    boost: true,
  },
  {
    service: 'SageMaker',
    phrases: 'sagemaker, notebook, jupyter, ml model',
    catalogTerms: 'sagemaker notebook',
    boost: true,
  },
  {
    service: 'Cognito',
    phrases: 'cognito, user pool, identity pool',
    catalogTerms: 'cognito user pools',
    boost: true,
  },
  {
    service: 'CodeBuild',
    phrases: 'codebuild, build project, ci build, build job',
    catalogTerms: 'codebuild project',
    boost: true,
  },
  {
    service: 'MSK',
    phrases: 'kafka, msk',
    catalogTerms: 'msk clusters',
    boost: true,
  },
  {
    service: 'MQ',
    phrases: 'rabbitmq, activemq, message broker, amazon mq',
    catalogTerms: 'mq brokers',
    boost: true,
  },
  {
    service: 'GuardDuty',
    phrases:
      'guardduty, guard duty, gd, threat detection, threat findings, crypto mining, cryptomining',
    catalogTerms: 'guardduty',
    boost: true,
  },
  {
    service: 'Kinesis',
    phrases: 'kinesis, data stream',
    catalogTerms: 'kinesis streams',
    boost: true,
  },
  {
    service: 'DataFirehose',
    phrases:
      'firehose, kinesis firehose, kinesis data firehose, data firehose, delivery stream',
    catalogTerms: 'firehose delivery streams',
    boost: true,
  },
  {
    service: 'Transfer',
    phrases: 'sftp, ftps, transfer family, sftp server, ftp server',
    catalogTerms: 'transfer family servers',
    boost: true,
  },
  {
    service: 'Neptune',
    phrases: 'neptune, graph database, graph db',
    catalogTerms: 'neptune',
    boost: true,
  },
  {
    service: 'AutoScaling',
    phrases: 'auto scaling, autoscaling, asg, launch configuration',
    catalogTerms: 'auto scaling group',
    boost: true,
  },
  {
    service: 'Config',
    phrases: 'aws config, config recorder, configuration recorder',
    catalogTerms: 'config recording',
    boost: true,
  },
  {
    service: 'ACM',
    phrases: 'acm, certificate manager, tls cert',
    catalogTerms: 'acm certificates',
    boost: true,
  },
  {
    service: 'Backup',
    phrases: 'aws backup, backup vault, recovery point',
    catalogTerms: 'backup',
    boost: true,
  },
  {
    service: 'StepFunctions',
    phrases: 'step functions, state machine',
    catalogTerms: 'step functions state machines',
    boost: true,
  },
];
