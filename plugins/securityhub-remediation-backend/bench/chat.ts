/**
 * Chat benchmark: the backend's chat route (the plugin router, as the
 * backend mounts it, with the root router's compression) proxying a Bedrock
 * named agent that is the wire-level fake Bedrock agent runtime (real
 * event-stream frames through the real SDK client), and the local agent.
 * Prints tables and writes bench/results/chat.json at the repository root.
 *
 *   yarn bench:chat            (repository root)
 */
import os from 'os';
import path from 'path';
import type { ChatEvent } from '@internal/plugin-securityhub-remediation-common';
import {
  BedrockNamedAgent,
  LocalRemediationAgent,
  type RemediationAgent,
} from '@internal/plugin-securityhub-remediation-node';
// Benchmark-only helpers of the node package, not part of its public API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  fakeBedrockClient,
  startFakeBedrockAgentRuntime,
  type FakeFrame,
  type FakeRequest,
} from '../../securityhub-remediation-node/src/testUtils';
import {
  ask,
  createConversation,
  httpAgent,
  startBackend,
} from './chatBackend';
import { percentiles, printTable, round, writeResults } from './stats';

const TARGETS = {
  proxyOverheadP95Ms: 5,
  firstEventMs: 100,
  concurrentConversations: 50,
  localAnswerP95Ms: 300,
};
const CHUNKS = Number(process.env.BENCH_CHAT_CHUNKS ?? 1000);
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/chat.json',
);
function chunkFrames(
  count: number,
  pauseMs: number,
  label = 'chunk',
): FakeFrame[] {
  const frames: FakeFrame[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && pauseMs > 0) frames.push({ pauseMs });
    frames.push({
      chunk: { text: `[${label} ${String(i).padStart(4, '0')}] ` },
    });
  }
  return frames;
}

async function main() {
  const started = performance.now();
  const fake = await startFakeBedrockAgentRuntime();
  const bedrock = new BedrockNamedAgent({
    client: fakeBedrockClient(fake, { maxSockets: 200 }),
    agentId: 'AGENT12345',
    agentAliasId: 'TSTALIASID',
  });
  const local = new LocalRemediationAgent();
  let agent: RemediationAgent = bedrock;
  const backend = await startBackend(() => agent);

  // 1. Proxy overhead per chunk: frame written by the upstream -> SSE event read by the client.
  const written = new Map<string, number>();
  fake.onFrameWritten = frame => {
    if ('chunk' in frame && frame.chunk.text)
      written.set(frame.chunk.text, performance.now());
  };
  fake.script(chunkFrames(CHUNKS, 1));
  const overheads: number[] = [];
  {
    const id = await createConversation(backend.base);
    const events = await ask(
      backend.base,
      id,
      { message: 'Explain S3.5' },
      (event, at) => {
        if (event.type !== 'text') return;
        const sentAt = written.get(event.text);
        if (sentAt !== undefined) overheads.push(at - sentAt);
      },
    );
    const last = events[events.length - 1];
    if (last.type !== 'done' || overheads.length !== CHUNKS) {
      throw new Error(
        `proxy run: ${overheads.length}/${CHUNKS} chunks, ended with ${last.type}`,
      );
    }
  }
  const overhead = percentiles(overheads, 2);

  // 2. First event to the client after the upstream's first frame (20 answers).
  const firstEventSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    let firstWritten: number | undefined;
    fake.onFrameWritten = () => {
      firstWritten ??= performance.now();
    };
    fake.script([{ pauseMs: 20 }, ...chunkFrames(5, 0, `first ${i}`)]);
    const id = await createConversation(backend.base);
    let firstRead: number | undefined;
    await ask(backend.base, id, { message: 'Explain S3.5' }, (event, at) => {
      if (event.type === 'text') firstRead ??= at;
    });
    firstEventSamples.push(firstRead! - firstWritten!);
  }
  const firstEvent = percentiles(firstEventSamples, 2);
  const firstFrameToFirstEvent = firstEvent.max;
  fake.onFrameWritten = undefined;

  // 3. 50 concurrent conversations, each with a return-of-control round.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const conversationIds = await Promise.all(
    Array.from({ length: TARGETS.concurrentConversations }, () =>
      createConversation(backend.base),
    ),
  );
  // Every request branches on itself (requests of 50 conversations interleave):
  // the first asks for an action, the resume streams the answer.
  const conversationScript = (request: FakeRequest): FakeFrame[] =>
    request.body.sessionState?.returnControlInvocationResults
      ? chunkFrames(50, 2, `answer ${request.sessionId}`)
      : [
          {
            returnControl: {
              invocationId: `inv-${request.sessionId}`,
              invocationInputs: [
                {
                  functionInvocationInput: {
                    actionGroup: 'SecurityHubRemediationActions',
                    function: 'find_control',
                    parameters: [
                      {
                        name: 'text',
                        type: 'string',
                        value: 'S3 bucket should block public access',
                      },
                    ],
                  },
                },
              ],
            },
          },
        ];
  for (let i = 0; i < 2 * TARGETS.concurrentConversations; i++) {
    fake.script(conversationScript);
  }
  const concurrentStarted = performance.now();
  const outcomes = await Promise.all(
    conversationIds.map(id =>
      ask(backend.base, id, {
        message: 'How do I fix S3.8 for my bucket?',
      }).then(
        events => events,
        error => [
          {
            type: 'error',
            code: 'internal',
            message: String(error),
            retryable: false,
          } as ChatEvent,
        ],
      ),
    ),
  );
  const concurrentMs = performance.now() - concurrentStarted;
  clearInterval(sampler);
  const failed = outcomes.filter(
    events => events[events.length - 1]?.type !== 'done',
  );
  const concurrent = {
    conversations: TARGETS.concurrentConversations,
    errors: failed.length,
    firstError: failed[0]?.find(e => e.type === 'error'),
    toolSteps: outcomes.reduce(
      (n, events) => n + events.filter(e => e.type === 'tool').length,
      0,
    ),
    textEvents: outcomes.reduce(
      (n, events) => n + events.filter(e => e.type === 'text').length,
      0,
    ),
    durationMs: round(concurrentMs),
    rssBeforeMiB: round(rssBefore / 2 ** 20),
    rssPeakMiB: round(rssPeak / 2 ** 20),
    rssAfterMiB: round(process.memoryUsage().rss / 2 ** 20),
  };

  // 4. The local agent's full answer about a finding (POST -> done), through the route.
  agent = local;
  const localSamples: number[] = [];
  const localKinds = new Set<string>();
  // Every control of the demo set, three times (the first five answers warm up).
  const localIds = [
    ...backend.findingIds,
    ...backend.findingIds,
    ...backend.findingIds,
  ];
  for (const [i, findingId] of localIds.entries()) {
    const id = await createConversation(backend.base, findingId);
    const t0 = performance.now();
    const events = await ask(backend.base, id, {
      message: 'Generate an automation for remediating this finding',
      findingId,
    });
    const elapsed = performance.now() - t0;
    const last = events[events.length - 1];
    if (last.type !== 'done') {
      throw new Error(`local answer ended with ${JSON.stringify(last)}`);
    }
    if (!events.some(e => e.type === 'text')) {
      throw new Error(
        `local answer without text: ${events.map(e => e.type).join(',')}`,
      );
    }
    const kinds = events.flatMap(e =>
      e.type === 'proposal' ? [e.automationKind] : [],
    );
    if (kinds.length) localKinds.add(kinds.join('+'));
    else if (events.some(e => e.type === 'question'))
      localKinds.add('question');
    else localKinds.add('text only');
    if (i >= 5) localSamples.push(elapsed); // the first five warm up
  }
  const localAnswer = {
    ...percentiles(localSamples, 2),
    answerKinds: [...localKinds],
  };

  const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');
  printTable('Chat route over the wire-level Bedrock fake', [
    {
      measure: `proxy overhead per chunk (${CHUNKS} chunks)`,
      p50: `${overhead.p50} ms`,
      p95: `${overhead.p95} ms`,
      max: `${overhead.max} ms`,
      target: `p95 < ${TARGETS.proxyOverheadP95Ms} ms`,
      met: verdict(overhead.p95 < TARGETS.proxyOverheadP95Ms),
    },
    {
      measure: 'first frame -> first event (20 answers)',
      p50: `${firstEvent.p50} ms`,
      p95: `${firstEvent.p95} ms`,
      max: `${firstEvent.max} ms`,
      target: `< ${TARGETS.firstEventMs} ms`,
      met: verdict(firstFrameToFirstEvent < TARGETS.firstEventMs),
    },
    {
      measure: `local agent full answer (${localAnswer.n} findings)`,
      p50: `${localAnswer.p50} ms`,
      p95: `${localAnswer.p95} ms`,
      max: `${localAnswer.max} ms`,
      target: `p95 < ${TARGETS.localAnswerP95Ms} ms`,
      met: verdict(localAnswer.p95 < TARGETS.localAnswerP95Ms),
    },
  ]);
  printTable(
    `${TARGETS.concurrentConversations} concurrent conversations (one return-of-control round, 50 chunks each)`,
    [
      {
        errors: concurrent.errors,
        'tool steps': concurrent.toolSteps,
        'text events': concurrent.textEvents,
        seconds: round(concurrent.durationMs / 1000, 2),
        'RSS before': `${concurrent.rssBeforeMiB} MiB`,
        'RSS peak': `${concurrent.rssPeakMiB} MiB`,
        'RSS after': `${concurrent.rssAfterMiB} MiB`,
        met: verdict(concurrent.errors === 0),
      },
    ],
  );

  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    setup:
      'one process: backend chat route (plugin router + compression, SQLite file) -> BedrockNamedAgent (real SDK client, NodeHttpHandler) -> fake Bedrock agent runtime (real event-stream frames); HTTP client reads the SSE stream',
    targets: TARGETS,
    proxyOverheadMs: { chunks: CHUNKS, ...overhead },
    firstFrameToFirstEventMs: firstEvent,
    concurrent,
    localAgentAnswerMs: localAnswer,
    met: {
      proxyOverhead: overhead.p95 < TARGETS.proxyOverheadP95Ms,
      firstEvent: firstFrameToFirstEvent < TARGETS.firstEventMs,
      concurrent: concurrent.errors === 0,
      localAnswer: localAnswer.p95 < TARGETS.localAnswerP95Ms,
    },
    durationSeconds: round((performance.now() - started) / 1000),
  };
  await writeResults(RESULTS_FILE, results);

  await backend.close();
  await fake.close();
  httpAgent.destroy();
  if (!Object.values(results.met).every(Boolean)) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
