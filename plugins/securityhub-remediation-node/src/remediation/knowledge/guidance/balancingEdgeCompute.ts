import type { GuidanceEntry } from './entry';
import { entry as g } from './entry';

/** ELB, CloudFront, Lambda, Auto Scaling, ECS, EKS. */
export const BALANCING_EDGE_COMPUTE_GUIDANCE: readonly GuidanceEntry[] = [
  g(
    'ELB.1',
    'Redirect HTTP to HTTPS on the ALB.',
    'Make sure an HTTPS listener with an ACM certificate exists.',
    'Change the HTTP listener default action to a 301 redirect to HTTPS.',
  ),
  g(
    'ELB.2',
    'Use ACM certificates on Classic Load Balancers.',
    'Import or request the certificate in ACM.',
    'Replace the IAM server certificate on the SSL listeners.',
  ),
  g(
    'ELB.3',
    'Terminate TLS on Classic Load Balancer listeners.',
    'Add HTTPS/SSL listeners with an ACM certificate.',
    'Remove plain HTTP/TCP listeners or redirect at the application.',
  ),
  g(
    'ELB.4',
    'Drop invalid HTTP headers at the ALB.',
    'Set routing.http.drop_invalid_header_fields.enabled to true.',
    'Check that clients do not depend on non-standard header names.',
  ),
  g(
    'ELB.5',
    'Turn on load balancer access logs.',
    'Prepare a log bucket with the ELB delivery policy for the Region.',
    'Enable access logs with a per-load-balancer prefix.',
  ),
  g(
    'ELB.6',
    'Enable deletion protection on the load balancer.',
    'Set deletion_protection.enabled to true.',
    'Teach teardown pipelines to disable it explicitly.',
  ),
  g(
    'ELB.7',
    'Enable connection draining on Classic Load Balancers.',
    'Turn on connection draining with a timeout that fits request duration (e.g. 300s).',
  ),
  g(
    'ELB.8',
    'Use a strong predefined TLS policy on CLB SSL listeners.',
    'Switch listeners to ELBSecurityPolicy-TLS-1-2-2017-01 or newer.',
    'Test older clients before switching.',
  ),
  g(
    'ELB.9',
    'Enable cross-zone load balancing on CLBs.',
    'Turn on cross-zone load balancing in the load balancer attributes.',
  ),
  g(
    'ELB.12',
    'Use defensive or strictest desync mitigation on ALBs.',
    'Set routing.http.desync_mitigation_mode to defensive.',
    'Only use strictest after confirming clients send RFC-compliant requests.',
  ),
  g(
    'ELB.14',
    'Use defensive or strictest desync mitigation on CLBs.',
    'Set the desync mitigation mode attribute to defensive.',
  ),
  g(
    'CloudFront.1',
    'Configure a default root object.',
    'Set DefaultRootObject (for example index.html) on the distribution.',
  ),
  g(
    'CloudFront.3',
    'Require HTTPS between viewers and CloudFront.',
    'Set each cache behavior viewer protocol policy to redirect-to-https or https-only.',
  ),
  g(
    'CloudFront.4',
    'Configure origin failover.',
    'Add a secondary origin in another Region.',
    'Create an origin group with failover status codes and use it in the cache behaviors.',
  ),
  g(
    'CloudFront.5',
    'Enable standard logging on the distribution.',
    'Prepare a log bucket that allows ACLs for CloudFront log delivery.',
    'Enable logging with a per-distribution prefix.',
  ),
  g(
    'CloudFront.6',
    'Associate a WAF web ACL with the distribution.',
    'Create a global (us-east-1) web ACL with AWS managed rule groups.',
    'Associate it and watch metrics in count mode before blocking.',
  ),
  g(
    'CloudFront.9',
    'Encrypt traffic to custom origins.',
    'Set origin protocol policy to https-only.',
    'Make sure the origin presents a valid certificate for its host name.',
  ),
  g(
    'CloudFront.10',
    'Stop using SSLv3 to origins.',
    'Remove SSLv3 from the origin SSL protocols and keep TLSv1.2.',
  ),
  g(
    'CloudFront.12',
    'Point S3 origins at existing buckets.',
    'Find origins whose bucket was deleted.',
    'Recreate the bucket in your account or remove the origin, to prevent bucket takeover.',
  ),
  g(
    'CloudFront.13',
    'Use origin access control for S3 origins.',
    'Create an OAC and attach it to the S3 origin.',
    'Update the bucket policy to allow only the distribution, then remove any OAI.',
  ),
  g(
    'Lambda.1',
    'Remove public access from the function policy.',
    'Inspect the resource policy for Principal "*" without a source condition.',
    'Remove the statement or add aws:SourceArn / aws:SourceAccount conditions.',
  ),
  g(
    'Lambda.2',
    'Move the function to a supported runtime.',
    'Pick the latest runtime of the same language.',
    'Update dependencies, test and deploy through the pipeline.',
  ),
  g(
    'Lambda.3',
    'Run the function inside a VPC.',
    'Choose private subnets and a security group.',
    'Add VPC endpoints or NAT for AWS API access, then update the function configuration.',
  ),
  g(
    'Lambda.5',
    'Spread VPC functions over several AZs.',
    'Add subnets in at least two Availability Zones to the function VPC config.',
  ),
  g(
    'AutoScaling.1',
    'Use ELB health checks in Auto Scaling groups.',
    'Set the health check type to ELB with a realistic grace period.',
  ),
  g(
    'AutoScaling.3',
    'Require IMDSv2 in launch configurations.',
    'Replace the launch configuration with a launch template that sets HttpTokens=required.',
    'Roll the group with an instance refresh.',
  ),
  g(
    'ECS.1',
    'Use safe networking mode and users in task definitions.',
    'Avoid host networking, or set a non-root user and privileged false when it is needed.',
    'Register a new revision and update services.',
  ),
  g(
    'ECS.2',
    'Stop ECS services assigning public IPs.',
    'Set assignPublicIp to DISABLED and run tasks in private subnets with NAT or endpoints.',
  ),
  g(
    'ECS.4',
    'Run containers unprivileged.',
    'Set privileged to false in container definitions and register a new revision.',
  ),
  g(
    'ECS.5',
    'Give containers read-only root filesystems.',
    'Set readonlyRootFilesystem true and mount writable volumes where the app writes.',
  ),
  g(
    'ECS.8',
    'Keep secrets out of environment variables.',
    'Move credentials to Secrets Manager or Parameter Store.',
    'Reference them through the secrets field of the container definition.',
  ),
  g(
    'ECS.12',
    'Enable Container Insights on the cluster.',
    'Set the containerInsights cluster setting to enabled.',
  ),
  g(
    'EKS.1',
    'Make the EKS API endpoint private.',
    'Enable private endpoint access.',
    'Disable public access, or restrict it to known CIDRs during transition.',
  ),
  g(
    'EKS.2',
    'Upgrade EKS to a supported Kubernetes version.',
    'Check deprecated APIs and add-on compatibility.',
    'Upgrade one minor version at a time, then node groups and add-ons.',
  ),
  g(
    'EKS.3',
    'Encrypt Kubernetes secrets with KMS.',
    'Associate a KMS key with the cluster for secrets envelope encryption.',
  ),
  g(
    'EKS.8',
    'Enable EKS audit logging.',
    'Turn on the audit control plane log type to CloudWatch Logs.',
  ),
];
