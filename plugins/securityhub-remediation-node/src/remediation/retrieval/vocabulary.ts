/**
 * Words people use for security concepts, mapped to the words the control
 * catalog uses. General vocabulary only: each entry is a concept, never a
 * particular query. Phrases match on word boundaries, case-insensitively,
 * with an optional plural `s`.
 */
export interface ConceptEntry {
  /** Ways people say it, comma-separated (one line per concept). */
  phrases: string;
  /** Catalog words the concept is written with. */
  catalogTerms: string;
}

export const CONCEPTS: readonly ConceptEntry[] = [
  {
    phrases:
      'plain http, plaintext http, unencrypted transport, cleartext, clear text traffic, in transit, in flight, over the wire, insecure transport, without tls, without ssl, no tls, no ssl, tls, ssl, https, http, secure transport, port 80, traffic, talks to, talk to, connections, over the network',
    catalogTerms: 'ssl tls https encrypted transit traffic',
  },
  {
    phrases:
      'public, publicly, internet facing, open to the internet, open to the world, anyone on the internet, anyone can, anonymous, world readable, world writable, exposed, shared with everyone, from the internet, reachable from anywhere, by anyone, anyone, strangers, outsiders, shared publicly',
    catalogTerms: 'public access publicly accessible private',
  },
  {
    phrases:
      'mfa, 2fa, two factor, second factor, multi factor, multifactor, otp, authenticator app, security key, yubikey, hardware token',
    catalogTerms: 'mfa',
  },
  {
    phrases:
      'rotate, rotation, rotated, rotating, never changed, old key, stale key, key age',
    catalogTerms: 'rotation rotated',
  },
  {
    phrases:
      'audit trail, audit log, logging, logs, log, no record, who did what, forensics, access log',
    catalogTerms: 'logging log logs audit',
  },
  {
    phrases: 'unencrypted, not encrypted, encrypt, encryption, plaintext',
    catalogTerms: 'encrypted encryption',
  },
  {
    phrases:
      'encryption at rest, at rest, stored unencrypted, plaintext storage, disk encryption, sse, storage encryption, on disk',
    catalogTerms: 'encrypted rest',
  },
  {
    phrases:
      'customer managed key, customer managed kms key, customer master key, own key',
    catalogTerms: 'cmk customer managed kms keys',
  },
  {
    phrases:
      'each other, between nodes, node to node, inter node, internode, between brokers',
    catalogTerms: 'between nodes among broker',
  },
  {
    phrases: 'redirect, redirecting, port 80',
    catalogTerms: 'redirect http https',
  },
  {
    phrases: 'backup, backed up, point in time recovery, pitr, restore',
    catalogTerms: 'backup backups retention recovery',
  },
  {
    phrases:
      'accidental delete, accidentally deleted, accidental deletion, delete protection, termination protection, can be deleted, could be deleted, safety toggle, safety switch, safety flag',
    catalogTerms: 'deletion protection',
  },
  {
    phrases:
      'single az, one az, one zone, single zone, high availability, zone outage, az outage, multi az, multiaz, no standby, standby instance, failover replica',
    catalogTerms: 'multiple availability zones multi az',
  },
  {
    phrases: 'ssh, port 22',
    catalogTerms: 'ingress port 22',
  },
  {
    phrases: 'rdp, remote desktop, port 3389',
    catalogTerms: 'ingress port 3389',
  },
  {
    phrases: 'remote admin, admin ports, management ports, remote access',
    catalogTerms: 'remote server administration ports',
  },
  {
    phrases:
      'open ports, wide open, any ip, from anywhere, all ips, unrestricted, 0.0.0.0/0, anywhere',
    catalogTerms: 'unrestricted ingress',
  },
  {
    phrases: 'root account, root login, root user, account owner',
    catalogTerms: 'root user',
  },
  {
    phrases:
      'weak password, password complexity, password length, password rules, password requirements',
    catalogTerms: 'password policies strong',
  },
  {
    phrases: 'object versions, previous versions, undelete, version history',
    catalogTerms: 'versioning',
  },
  {
    phrases:
      'admin access, administrator access, star policy, wildcard, full access, god mode, too permissive, overly permissive',
    catalogTerms: 'administrative privileges full wildcard',
  },
  {
    phrases:
      'imds, imdsv1, metadata endpoint, metadata service, instance metadata, ssrf, hop limit',
    catalogTerms: 'instance metadata service imdsv2',
  },
  {
    phrases: 'network traffic log, traffic logging, packet log, flow log',
    catalogTerms: 'flow logging vpc',
  },
  {
    phrases:
      'patch, patched, patching, auto upgrade, engine update, minor version, minor upgrade',
    catalogTerms: 'automatic minor version upgrade patch',
  },
  {
    phrases:
      'hardcoded credential, hard coded credential, secrets in env, env var, environment variable, credentials in, password in',
    catalogTerms: 'credentials clear text environment variables secrets',
  },
  {
    phrases: 'web application firewall, waf, web acl, layer 7 protection',
    catalogTerms: 'waf web acl',
  },
  {
    phrases:
      'default username, default user name, master username, admin username, default admin, default database name, default db name',
    catalogTerms: 'default admin username custom administrator',
  },
  {
    phrases: 'tag, tags, tagging, untagged, labels, cost allocation',
    catalogTerms: 'tagged tags',
  },
  {
    phrases:
      'stale, orphaned, leftover, unused, not attached, dangling, nobody uses, not used',
    catalogTerms: 'unused removed',
  },
  {
    phrases:
      'privileged container, runs as root, privileged mode, docker socket, host privileges, host devices, all devices of the host',
    catalogTerms: 'privileged non privileged',
  },
  {
    phrases:
      'deprecated runtime, end of life, eol, outdated, old version, unsupported version, out of support',
    catalogTerms: 'supported runtimes version latest',
  },
  {
    phrases: 'vulnerability scan, cve scan, scan on push, image scan',
    catalogTerms: 'image scanning',
  },
  {
    phrases:
      'expired cert, expiring cert, cert renewal, certificate expiry, expired certificate',
    catalogTerms: 'certificates renewed expiration expired',
  },
  {
    phrases: 'threat detection, intrusion detection, malware scanning',
    catalogTerms: 'guardduty protection monitoring',
  },
  {
    phrases:
      'disaster recovery, dr copy, another region, second region, other region',
    catalogTerms: 'cross region replication',
  },
  {
    phrases:
      'expire objects, expire old objects, lifecycle rule, cleanup rule, archive old objects',
    catalogTerms: 'lifecycle configurations policies',
  },
  {
    phrases: 'alert, alerting, notify, notification, get paged',
    catalogTerms: 'notifications alarm action',
  },
  {
    phrases: 'keep logs, retention, kept for, retain',
    catalogTerms: 'retention period retained',
  },
  {
    phrases: 'worm, immutable, cannot be overwritten, overwrite',
    catalogTerms: 'object lock immutability',
  },
  {
    phrases: 'access control list, bucket acl, object acl',
    catalogTerms: 'acls access control lists',
  },
  {
    phrases: 'tracing, distributed tracing, traces',
    catalogTerms: 'x ray tracing',
  },
  {
    phrases:
      'api key, login, sign in, signin, authn, unauthenticated, no auth, without auth',
    catalogTerms: 'authentication authorization authenticated',
  },
  // Abbreviations.
  { phrases: 'docs, doc', catalogTerms: 'documents' },
  { phrases: 'creds, cred', catalogTerms: 'credentials' },
  { phrases: 'perms, privs', catalogTerms: 'permissions privileges' },
  { phrases: 'cert, certs', catalogTerms: 'certificates' },
  { phrases: 'repo, repos', catalogTerms: 'repositories' },
  { phrases: 'env, envs', catalogTerms: 'environment' },
  { phrases: 'pwd, passwd, pw', catalogTerms: 'password' },
  { phrases: 'config', catalogTerms: 'configuration configured' },
  {
    phrases: 'ipv6',
    catalogTerms: 'anyipv6',
  },
  {
    phrases: 'ipv4',
    catalogTerms: 'anyipv4',
  },
  {
    phrases:
      'tls 1.0, tls 1.1, tlsv1, tls1.0, tls1.1, sslv3, sslv2, ssl 3, rc4, 3des, weak cipher, old cipher, legacy cipher, cipher suite, ciphers, outdated tls, legacy tls, old tls, tls version, tls policy, ssl policy, ssl negotiation',
    catalogTerms: 'recommended security policies predefined protocols ciphers',
  },
  {
    phrases:
      'all regions, every region, each region, multi region, multiregion, single region, one region, only one region, only captures, only covers, regional only',
    catalogTerms: 'multi region regions',
  },
  {
    phrases:
      'failover, fail over, failed over, fails over, primary died, primary node, promote replica, replica promotion',
    catalogTerms: 'automatic failover',
  },
  {
    phrases:
      'rewind, backtrack, roll back the cluster, rollback in place, undo a bad, go back in time',
    catalogTerms: 'backtracking',
  },
  {
    phrases:
      'terraform destroy, dropped the table, dropped a table, deleted by mistake, deleted by accident, nothing stopped, nothing prevented',
    catalogTerms: 'deletion protection',
  },
  {
    phrases:
      'no snapshots, automated snapshots, automatic snapshots, snapshot retention, backup retention, retention is 0, retention of 0',
    catalogTerms: 'automatic backups backup retention',
  },
  {
    phrases:
      "been used, not used in, inactive, dormant, idle for, days ago, in 90 days, in 45 days, logged in since, not logged in, has not logged in, hasn't logged in, hasn't used, haven't used, since last year",
    catalogTerms: 'unused credentials days disabled',
  },
  {
    phrases:
      'password1, simple password, easy password, guessable, password never expires, never expires, password expiry, password reuse, reuse passwords',
    catalogTerms: 'password policies strong expire reuse',
  },
  {
    phrases:
      'principal is *, principal *, anybody can, everyone can, any aws account, any account can',
    catalogTerms: 'public access policy',
  },
  {
    phrases:
      'without any authentication, without authentication, no authentication, anonymous access, anonymous clients, unauthenticated access',
    catalogTerms: 'unauthenticated access',
  },
  {
    phrases:
      'no credentials, without credentials, without signing in, object url, download objects, read objects, list objects, browse the bucket',
    catalogTerms: 'public read access',
  },
  {
    phrases:
      'block public access, bpa, account level, account-level, account wide, account-wide',
    catalogTerms: 'block public access settings',
  },
  {
    phrases:
      'by default, default encryption, encrypted by default, unless someone, new volumes, every new',
    catalogTerms: 'default encryption',
  },
  {
    phrases:
      'which ips, which ip, ip addresses talked, who talked, talked to, connection records, network forensics',
    catalogTerms: 'flow logging vpc',
  },
  {
    phrases:
      'investigate, investigation, incident, nothing to investigate, no visibility',
    catalogTerms: 'logging log',
  },
  {
    phrases:
      'plain tcp, tcp listener, tls termination, terminate tls, tls is not terminated, not terminated',
    catalogTerms: 'secure protocols listeners encrypt transit',
  },
  {
    phrases:
      'service wide wildcard, service-wide wildcard, service wildcard, wildcard actions, per service wildcard',
    catalogTerms: 'wildcard actions services',
  },
  {
    phrases:
      'shut down, shutdown, powered off, switched off, been stopped, stopped since, stopped for',
    catalogTerms: 'stopped removed',
  },
  {
    phrases:
      'scheduled for deletion, scheduled to be deleted, scheduled to be removed, pending deletion, pending removal, about to be deleted',
    catalogTerms: 'deleted unintentionally deletion',
  },
  {
    phrases:
      'in-flight requests, in flight requests, finish before, drain, draining, deregistered, deregistration',
    catalogTerms: 'connection draining',
  },
  {
    phrases:
      'data plane, data events, object level activity, object-level activity',
    catalogTerms: 'protection data events',
  },
  {
    phrases:
      'every new volume, new volumes, every time someone creates, whole region, region wide, region-wide, make that automatic, on by default',
    catalogTerms: 'default',
  },
  {
    phrases:
      'download, downloaded, downloading, can read, list files, list objects, read access',
    catalogTerms: 'read',
  },
  {
    phrases:
      'upload, uploaded, uploading, can write, put objects, overwrite, write access',
    catalogTerms: 'write',
  },
  {
    phrases:
      'rotation failed, failed rotation, rotation attempt failed, rotation error, rotation errors, rotation succeed, rotation succeeds, complete rotation, rotate successfully',
    catalogTerms: 'successfully',
  },
  {
    phrases:
      'access_key_1_active, access_key_2_active, root access key, root user has an access key, root has access keys',
    catalogTerms: 'root user access key',
  },
  {
    phrases:
      'get a public address, gets a public address, auto-assign, auto assign, public ip on launch, dropped into the subnet, launched into the subnet',
    catalogTerms: 'automatically assign public ip subnets',
  },
  {
    phrases:
      'copy and unload, unload to s3, leave our vpc, leaves the vpc, public internet path, over the public internet',
    catalogTerms: 'enhanced vpc routing',
  },
  {
    phrases:
      'without the vpn, without vpn, from home, from my home, from my laptop, from outside the vpc',
    catalogTerms: 'public endpoint publicly accessible',
  },
  {
    phrases:
      'no credentials, without credentials, no auth, without auth, unauthenticated, without authentication',
    catalogTerms: 'unauthenticated access authentication',
  },
  {
    phrases:
      'regardless of zone, regardless of which zone, across zones, evenly across, cross zone, cross-zone',
    catalogTerms: 'cross zone load balancing',
  },
  {
    phrases:
      'auto-rotation, auto rotation, automatic rotation, rotation configured, rotation enabled, rotation turned on, rotation lambda',
    catalogTerms: 'automatic rotation enabled',
  },
  {
    phrases:
      'per-user permissions, per user permissions, per-role permissions, per role permissions, fine grained, fine-grained, fgac',
    catalogTerms: 'fine grained access control',
  },
  {
    phrases:
      'shared a snapshot, shared the snapshot, snapshot shared, shared a manual db snapshot, snapshot with all, public snapshot, snapshot public',
    catalogTerms: 'snapshot private',
  },
  {
    phrases: 'same az as each, in the same az as, one az is hot',
    catalogTerms: 'cross zone load balancing',
  },
];

/**
 * Concepts people write as symbols rather than words: what the catalog calls
 * them. Matched on the raw query text.
 */
export const PATTERN_CONCEPTS: ReadonlyArray<{
  pattern: RegExp;
  catalogTerms: string;
}> = [
  // An Availability Zone name (us-east-1a): the question is about zones.
  {
    pattern: /\b[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]\b/i,
    catalogTerms: 'multiple availability zones',
  },
  // "Action": "*" / Resource "*": full administrative rights.
  {
    pattern: /\b(?:action|resource)s?["'\s:=[]*\*/i,
    catalogTerms: 'full administrative privileges',
  },
  // s3:* / ec2:*: every action of one service.
  {
    pattern: /\b[a-z0-9-]+:\*/i,
    catalogTerms: 'wildcard actions services',
  },
];

export { SERVICE_NICKNAMES, type ServiceNickname } from './serviceNicknames';
