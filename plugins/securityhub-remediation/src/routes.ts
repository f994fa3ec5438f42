import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the portal-wide findings page (legacy frontend system). @public */
export const rootRouteRef = createRouteRef({
  id: 'securityhub-remediation',
});
