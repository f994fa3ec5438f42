import {
  apiCall,
  ARN,
  param,
  permission,
  TRUE,
  waitForProperty,
} from './helpers';
import type { AutomationStep, CuratedAutomation } from './types';

// OpenSearch Service answers to two botocore services: `opensearch`
// (UpdateDomainConfig/DescribeDomain, resource type AwsOpenSearchServiceDomain)
// and the legacy `es` (UpdateElasticsearchDomainConfig/
// DescribeElasticsearchDomain, AwsElasticsearchDomain). Both use the `es:`
// IAM prefix and the `arn:…:es:<region>:<account>:domain/<name>` ARN.

interface Flavour {
  service: 'opensearch' | 'es';
  resourceType: 'AwsOpenSearchServiceDomain' | 'AwsElasticsearchDomain';
  updateApi: 'UpdateDomainConfig' | 'UpdateElasticsearchDomainConfig';
  describeApi: 'DescribeDomain' | 'DescribeElasticsearchDomain';
  /** JSONPath of the described domain. */
  status: string;
  noun: string;
}

const OPENSEARCH: Flavour = {
  service: 'opensearch',
  resourceType: 'AwsOpenSearchServiceDomain',
  updateApi: 'UpdateDomainConfig',
  describeApi: 'DescribeDomain',
  status: '$.DomainStatus',
  noun: 'OpenSearch Service domain',
};

const ELASTICSEARCH: Flavour = {
  service: 'es',
  resourceType: 'AwsElasticsearchDomain',
  updateApi: 'UpdateElasticsearchDomainConfig',
  describeApi: 'DescribeElasticsearchDomain',
  status: '$.DomainStatus',
  noun: 'Elasticsearch domain',
};

const LATEST_TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

const BLUE_GREEN_CAVEAT =
  'The change runs as a blue/green deployment: the domain stays available, but the deployment copies every shard to new nodes, which takes from minutes to hours and adds load meanwhile. It fails without change while another configuration change is in progress.';

function domainSetting(options: {
  controlId: string;
  flavour: Flavour;
  description: string;
  /** Update inputs besides DomainName. */
  change: Record<string, unknown>;
  /** Properties of the described domain and their desired values. */
  verify: Array<{ property: string; desiredValues: string[] }>;
  caveats: string[];
}): CuratedAutomation {
  const { flavour } = options;
  const name = { DomainName: '{{ DomainName }}' };
  const verifications: AutomationStep[] = options.verify.map(check =>
    waitForProperty(
      `Verify${check.property.split('.').join('')}`,
      flavour.service,
      flavour.describeApi,
      name,
      `${flavour.status}.${check.property}`,
      check.desiredValues,
      3600,
    ),
  );
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: flavour.resourceType,
    parameters: {
      DomainName: param(
        `Name of the ${flavour.noun}`,
        {
          from: 'resourceDetail',
          path: `${flavour.resourceType}.DomainName`,
        },
        '^[a-z][a-z0-9-]{2,27}$',
      ),
    },
    steps: [
      apiCall('UpdateDomainConfig', flavour.service, flavour.updateApi, {
        ...name,
        ...options.change,
      }),
      ...verifications,
    ],
    permissions: [
      permission(
        [`es:${flavour.updateApi}`, `es:${flavour.describeApi}`],
        [ARN.regional('es', 'domain/${DomainName}')],
        'Change and read back the configuration of this one domain.',
      ),
    ],
    caveats: options.caveats,
  };
}

function nodeToNodeEncryption(
  controlId: string,
  flavour: Flavour,
): CuratedAutomation {
  return domainSetting({
    controlId,
    flavour,
    description: `Turns on node-to-node encryption of the ${flavour.noun}.`,
    change: { NodeToNodeEncryptionOptions: { Enabled: true } },
    verify: [
      { property: 'NodeToNodeEncryptionOptions.Enabled', desiredValues: TRUE },
    ],
    caveats: [
      BLUE_GREEN_CAVEAT,
      'Supported on OpenSearch and on Elasticsearch 6.7 or later; older versions make the automation fail without change (upgrade first). Once on, node-to-node encryption cannot be turned off.',
    ],
  });
}

function latestTlsPolicy(
  controlId: string,
  flavour: Flavour,
): CuratedAutomation {
  return domainSetting({
    controlId,
    flavour,
    description: `Requires HTTPS with the ${LATEST_TLS_POLICY} TLS security policy on the endpoint of the ${flavour.noun}.`,
    change: {
      DomainEndpointOptions: {
        EnforceHTTPS: true,
        TLSSecurityPolicy: LATEST_TLS_POLICY,
      },
    },
    verify: [
      { property: 'DomainEndpointOptions.EnforceHTTPS', desiredValues: TRUE },
      {
        property: 'DomainEndpointOptions.TLSSecurityPolicy',
        desiredValues: [LATEST_TLS_POLICY],
      },
    ],
    caveats: [
      'Clients calling the endpoint over plain HTTP, with TLS 1.0/1.1, or without a forward-secrecy cipher suite lose access; current SDKs, browsers and OpenSearch clients are unaffected.',
      'Custom endpoint settings are kept; only HTTPS enforcement and the TLS policy change.',
    ],
  });
}

export const OPENSEARCH_AUTOMATIONS: CuratedAutomation[] = [
  nodeToNodeEncryption('ES.3', ELASTICSEARCH),
  latestTlsPolicy('ES.8', ELASTICSEARCH),
  nodeToNodeEncryption('Opensearch.3', OPENSEARCH),
  latestTlsPolicy('Opensearch.8', OPENSEARCH),
];
