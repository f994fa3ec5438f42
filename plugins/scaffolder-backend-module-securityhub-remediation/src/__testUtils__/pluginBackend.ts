import http from 'http';
import type { AddressInfo } from 'net';

/** Where the plugin's routes live, as discovery answers it. */
export const BASE_PATH = '/api/securityhub-remediation';

export type Answer = { status: number; body: unknown };

/** A request as the fake backend received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

/** An error body as Backstage's error handler writes it. */
export function errorAnswer(
  status: number,
  name: string,
  message: string,
): Answer {
  return { status, body: { error: { name, message } } };
}

/**
 * A real HTTP server standing in for the plugin's backend: every request is
 * read whole, recorded and answered with JSON by the subclass.
 */
export abstract class PluginBackend {
  readonly requests: RecordedRequest[] = [];
  private server?: http.Server;
  private port = 0;

  protected abstract answer(request: RecordedRequest): Answer;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const answer = this.answer(recorded);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** The DiscoveryService the actions get. */
  get discovery() {
    const url = () => `http://127.0.0.1:${this.port}${BASE_PATH}`;
    return {
      getBaseUrl: async () => url(),
      getExternalBaseUrl: async () => url(),
    };
  }
}
