import {
  ApiBlueprint,
  coreExtensionData,
  type AnyApiFactory,
  type ExtensionDefinition,
} from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import securityHubRemediationPlugin from './alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { findingsTestApis, mockFindingsApi } from './__testUtils__/fixtures';
import {
  REMEDIATION_ID,
  fakeRemediationsApi,
  verifiedDetail,
} from './__testUtils__/fakeRemediationsApi';
import { LOCAL_MODE_BANNER } from './components/RemediationTimeline';

// The plugin's declared type keeps extension ids open (see alpha.tsx), so the
// tester gets an untyped definition; the data refs below restore the types.
const extension = (id: string) =>
  securityHubRemediationPlugin.getExtension(id) as ExtensionDefinition<any>;

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'payments-prod', annotations },
});

describe('securityhub-remediation frontend plugin', () => {
  it('installs its extensions under their stable ids', () => {
    for (const id of [
      'api:securityhub-remediation',
      'api:securityhub-remediation/chat',
      'api:securityhub-remediation/remediations',
      'api:securityhub-remediation/trends',
      'page:securityhub-remediation',
      'page:securityhub-remediation/remediations',
      'entity-content:securityhub-remediation',
      'entity-card:securityhub-remediation/summary',
      'scaffolder-form-field:securityhub-remediation/finding-picker',
      'scaffolder-form-field:securityhub-remediation/remediation-review',
    ]) {
      expect(() => securityHubRemediationPlugin.getExtension(id)).not.toThrow();
    }
    expect(() =>
      securityHubRemediationPlugin.getExtension(
        'page:securityhub-remediation/x',
      ),
    ).toThrow();
  });

  it('provides the findings API', () => {
    const tester = createExtensionTester(
      extension('api:securityhub-remediation'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory) as AnyApiFactory;
    expect(factory.api.id).toBe('plugin.securityhub-remediation.findings');
  });

  it('provides the chat API', () => {
    const tester = createExtensionTester(
      extension('api:securityhub-remediation/chat'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory) as AnyApiFactory;
    expect(factory.api.id).toBe('plugin.securityhub-remediation.chat');
  });

  it('provides the remediations API', () => {
    const tester = createExtensionTester(
      extension('api:securityhub-remediation/remediations'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory) as AnyApiFactory;
    expect(factory.api.id).toBe('plugin.securityhub-remediation.remediations');
  });

  it('mounts the remediations page at /securityhub/remediations', () => {
    const tester = createExtensionTester(
      extension('page:securityhub-remediation/remediations'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/securityhub/remediations',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Remediations');
  });

  it('provides both scaffolder fields by name', async () => {
    const names = [];
    for (const id of ['finding-picker', 'remediation-review']) {
      const tester = createExtensionTester(
        extension(`scaffolder-form-field:securityhub-remediation/${id}`),
      );
      const loader = tester.get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ) as () => Promise<unknown>;
      // The field is opaque; its options carry the name the template uses.
      const field = (await loader()) as unknown as {
        $$type: string;
        name?: string;
      };
      expect(field.$$type).toBe('@backstage/scaffolder/FormField');
      names.push(JSON.stringify(field));
    }
    expect(names.join()).toContain('SecurityHubFindingPicker');
    expect(names.join()).toContain('SecurityHubRemediationReview');
  });

  it('renders a remediation timeline at /securityhub/remediations/:id', async () => {
    const remediations = fakeRemediationsApi({
      get: jest.fn(async () => verifiedDetail()),
    });
    renderTestApp({
      features: [securityHubRemediationPlugin],
      initialRouteEntries: [`/securityhub/remediations/${REMEDIATION_ID}`],
      apis: findingsTestApis(mockFindingsApi(), undefined, remediations),
    });

    expect(await screen.findByText(LOCAL_MODE_BANNER)).toBeInTheDocument();
    expect(remediations.get).toHaveBeenCalledWith(
      REMEDIATION_ID,
      expect.any(AbortSignal),
    );
  });

  it('mounts the page at /securityhub with a titled nav entry', () => {
    const tester = createExtensionTester(
      extension('page:securityhub-remediation'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/securityhub');
    expect(tester.get(coreExtensionData.title)).toBe('Security Hub');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('shows the entity tab only for annotated entities', () => {
    const tester = createExtensionTester(
      extension('entity-content:securityhub-remediation'),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Security Hub',
    );
    const filter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    ) as (entity: Entity) => boolean;
    expect(
      filter(entity({ 'aws.amazon.com/account-id': '111122223333' })),
    ).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('shows the Overview card on entities matched by account, tags or ARN prefixes', () => {
    const tester = createExtensionTester(
      extension('entity-card:securityhub-remediation/summary'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction) as (
      entity: Entity,
    ) => boolean;
    expect(
      filter(entity({ 'aws.amazon.com/account-id': '111122223333' })),
    ).toBe(true);
    expect(
      filter(
        entity({ 'aws.amazon.com/securityhub-resource-tags': 'app=ledger' }),
      ),
    ).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('renders the findings page at /securityhub in an app', async () => {
    const api = mockFindingsApi();
    renderTestApp({
      features: [securityHubRemediationPlugin],
      initialRouteEntries: ['/securityhub?severity=CRITICAL'],
      apis: findingsTestApis(api),
    });

    expect(
      await screen.findByText(
        'Hardware MFA should be enabled for the root user',
      ),
    ).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalledWith({ severity: ['CRITICAL'] });
  });
});
