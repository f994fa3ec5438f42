import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/config';
import {
  parseSseBody,
  type ChatEvent,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationPlugin } from '../plugin';

const API = '/api/securityhub-remediation/v1/chat';

/**
 * Starts the backend with `securityHubRemediation` config, asks one question
 * in a new conversation, stops the backend, and returns the streamed events
 * and the answer's text.
 */
export async function chatThroughBackend(
  securityHubRemediation: JsonObject,
  message: string,
  extraFeatures: ServiceFactory[] = [],
): Promise<{ events: ChatEvent[]; text: string }> {
  const backend = await startTestBackend({
    features: [
      securityHubRemediationPlugin,
      mockServices.rootConfig.factory({ data: { securityHubRemediation } }),
      ...extraFeatures,
    ],
  });
  try {
    const auth = { Authorization: mockCredentials.user.header() };
    const created = await request(backend.server)
      .post(`${API}/conversations`)
      .set(auth)
      .send({});
    if (created.status !== 201) {
      throw new Error(`create answered ${created.status}: ${created.text}`);
    }
    const res = await request(backend.server)
      .post(`${API}/conversations/${created.body.id}/messages`)
      .set(auth)
      .send({ message });
    if (res.status !== 200) {
      throw new Error(`message answered ${res.status}: ${res.text}`);
    }
    const events = parseSseBody(res.text);
    const text = events
      .map(e => (e.type === 'text' ? e.text : JSON.stringify(e)))
      .join('');
    return { events, text };
  } finally {
    await backend.stop();
  }
}
