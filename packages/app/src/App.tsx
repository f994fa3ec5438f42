import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import securityHubRemediationPlugin from '@internal/plugin-securityhub-remediation/alpha';
import { navModule } from './modules/nav';
import { homeRedirectModule } from './modules/homeRedirect';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    orgPlugin,
    userSettingsPlugin,
    securityHubRemediationPlugin,
    navModule,
    homeRedirectModule,
  ],
});
