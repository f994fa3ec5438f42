import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/** One person of the local demo, as `auth.providers.localUsers.users` lists them. */
export interface LocalUser {
  /** Name to pick the user by, e.g. `approver`. */
  name: string;
  /** Their user entity ref, e.g. `user:default/dana.ops`. */
  userEntityRef: string;
  /** Groups (and the user) they count as, e.g. an approvers group. */
  ownershipEntityRefs: string[];
}

export function readLocalUsers(config: Config): LocalUser[] {
  return (config.getOptionalConfigArray('users') ?? []).map(user => {
    const userEntityRef = user.getString('userEntityRef');
    return {
      name: user.getString('name'),
      userEntityRef,
      ownershipEntityRefs: user.getOptionalStringArray(
        'ownershipEntityRefs',
      ) ?? [userEntityRef],
    };
  });
}

/**
 * Like the guest provider, a sign-in for development only, but for several
 * named people: `GET /api/auth/localUsers/refresh?user=<name>` signs in as
 * one of `auth.providers.localUsers.users`. It lets a single local portal
 * show what two people see, such as a submitter and an approver. Refused
 * outside development unless `dangerouslyAllowOutsideDevelopment` is set.
 */
export const localUsersAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (user: LocalUser) => ({
    profile: { displayName: user.name },
  }),
  initialize({ config }) {
    const allowed =
      process.env.NODE_ENV === 'development' ||
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
    return { allowed, users: readLocalUsers(config) };
  },
  async authenticate({ req }, { allowed, users }) {
    if (!allowed) {
      throw new NotAllowedError(
        'The localUsers sign-in is for development only; set auth.providers.localUsers.dangerouslyAllowOutsideDevelopment to use it elsewhere',
      );
    }
    const name = req.query.user;
    const user = users.find(u => u.name === name);
    if (!user) {
      throw new NotFoundError(
        `No local user named ${JSON.stringify(name ?? '')}; configured: ${users
          .map(u => u.name)
          .join(', ')}`,
      );
    }
    return { result: user };
  },
});

/** Registers the `localUsers` sign-in provider with the auth backend. */
export const authModuleLocalUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'localUsers',
          factory: createProxyAuthProviderFactory({
            authenticator: localUsersAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.issueToken({
                claims: {
                  sub: result.userEntityRef,
                  ent: result.ownershipEntityRefs,
                },
              }),
          }),
        });
      },
    });
  },
});
