import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  BackendRequestError,
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  SecurityHubRemediationsClient,
} from '@internal/plugin-securityhub-remediation-common';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';

/** What every action of this module needs from the backend. */
export interface SecurityHubActionDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** The part of an action context that says who runs the task. */
interface InitiatorContext {
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/**
 * A token for the securityhub-remediation backend on behalf of the user who
 * runs the template, so the backend applies that user's permissions and
 * per-account scope, never the scaffolder's own identity.
 */
export async function initiatorToken(
  auth: AuthService,
  ctx: InitiatorContext,
): Promise<string> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  });
  return token;
}

/** The typed remediations client, sending the initiator's token. */
export async function remediationsClientFor(
  deps: SecurityHubActionDeps,
  ctx: InitiatorContext,
): Promise<SecurityHubRemediationsClient> {
  const token = await initiatorToken(deps.auth, ctx);
  return new SecurityHubRemediationsClient({
    discoveryApi: deps.discovery,
    fetchApi: {
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string> | undefined),
            Authorization: `Bearer ${token}`,
          },
        }),
    },
  });
}

/** The portal page of one remediation (relative, so it works behind any host). */
export function remediationUrlOf(remediationId: string): string {
  return `/securityhub/remediations/${encodeURIComponent(remediationId)}`;
}

/** What a failed call was about, for the error messages. */
export interface FailedCall {
  /** `stage the remediation of finding <id>` */
  doing: string;
  /** `Finding <id>` or `Remediation <id>`: the subject of a 404. */
  subject: string;
  /** `stage Security Hub remediations`: the subject of a 403. */
  permission: string;
}

/**
 * Turns a failed backend call into an error a person can act on, named so
 * that a dry-run answers with the backend's 4xx rather than 500. An abort of
 * the task passes through unchanged, so the scaffolder sees a cancel.
 */
export function describeCallError(
  error: unknown,
  call: FailedCall,
  signal?: AbortSignal,
): Error {
  if (signal?.aborted) return asError(error);
  if (error instanceof BackendRequestError) {
    switch (error.statusCode) {
      case 404:
        return new NotFoundError(
          `${call.subject} was not found, or it is not in your scope (you may not read findings of its account)`,
        );
      case 403:
        return new NotAllowedError(
          `You are not allowed to ${call.permission}: ${error.message}`,
        );
      // The backend's own message says what is in the way (an open
      // remediation, a changed template, a PASSED finding…).
      case 400:
        return new InputError(`Could not ${call.doing}: ${error.message}`);
      case 409:
        return new ConflictError(`Could not ${call.doing}: ${error.message}`);
      default:
        return new Error(
          `Could not ${call.doing}: the backend answered ${error.statusCode}: ${error.message}`,
        );
    }
  }
  if (error instanceof SyntaxError) {
    // A proxy or a wrong discovery target answering 200 with a page.
    return new Error(
      `Could not ${call.doing}: the Security Hub remediation API answered with invalid JSON (${error.message})`,
    );
  }
  return new Error(
    `Could not ${
      call.doing
    }: the Security Hub remediation API could not be reached (${
      asError(error).message
    })`,
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
