import { Navigate } from 'react-router-dom';
import {
  PageBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';

/** The portal opens on the findings page. */
const homeRedirectPage = PageBlueprint.make({
  name: 'home-redirect',
  params: {
    path: '/',
    loader: async () => <Navigate to="/securityhub" replace />,
  },
});

export const homeRedirectModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homeRedirectPage],
});
