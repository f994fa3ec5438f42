import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import type { JsonObject } from '@backstage/types';
import authPlugin from '@backstage/plugin-auth-backend';
import { authModuleLocalUsersProvider } from './localUsersAuth';

async function startAuth(provider: JsonObject) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleLocalUsersProvider,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { localUsers: provider } },
        },
      }),
    ],
  });
  return server;
}

function tokenClaims(token: string) {
  const payload = token.split('.')[1];
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

const users = [
  {
    name: 'approver',
    userEntityRef: 'user:default/dana.ops',
    ownershipEntityRefs: [
      'user:default/dana.ops',
      'group:default/secops-approvers',
    ],
  },
  { name: 'reader', userEntityRef: 'user:default/sam' },
];

describe('localUsers sign-in', () => {
  it('signs in as the named user with their groups', async () => {
    const server = await startAuth({
      dangerouslyAllowOutsideDevelopment: true,
      users,
    });
    const res = await request(server)
      .get('/api/auth/localUsers/refresh?user=approver')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(res.status).toBe(200);
    const { token, identity } = res.body.backstageIdentity;
    expect(tokenClaims(token).sub).toBe('user:default/dana.ops');
    expect(identity.ownershipEntityRefs).toEqual([
      'user:default/dana.ops',
      'group:default/secops-approvers',
    ]);

    const reader = await request(server)
      .get('/api/auth/localUsers/refresh?user=reader')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(reader.body.backstageIdentity.identity.ownershipEntityRefs).toEqual([
      'user:default/sam',
    ]);
  });

  it('refuses an unknown name, naming the configured ones', async () => {
    const server = await startAuth({
      dangerouslyAllowOutsideDevelopment: true,
      users,
    });
    const res = await request(server)
      .get('/api/auth/localUsers/refresh?user=mallory')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('approver, reader');
  });

  it('refuses outside development unless explicitly allowed', async () => {
    const server = await startAuth({ users });
    const res = await request(server)
      .get('/api/auth/localUsers/refresh?user=approver')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('development only');
  });
});
