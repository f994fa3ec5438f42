import type { ChatEvent } from '@internal/plugin-securityhub-remediation-common';
import {
  applyChatEvent,
  lastUserText,
  streamingTurn,
  turnsOfMessages,
} from './chatTranscript';

const step = (id: string, status: 'succeeded' | 'failed' = 'succeeded') =>
  ({
    type: 'tool',
    id,
    name: 'find_control',
    input: {},
    status,
    durationMs: 1,
  } as const);

function apply(events: ChatEvent[]) {
  return events.reduce(applyChatEvent, streamingTurn('a'));
}

describe('chatTranscript', () => {
  it('joins consecutive text chunks and keeps other parts in stream order', () => {
    const turn = apply([
      { type: 'text', text: 'Looking ' },
      { type: 'text', text: 'it up.' },
      step('t1'),
      step('t2'),
      { type: 'text', text: 'Found **S3.5**.' },
    ]);
    expect(turn.parts).toEqual([
      { kind: 'text', text: 'Looking it up.' },
      { kind: 'tools', steps: [step('t1'), step('t2')] },
      { kind: 'text', text: 'Found **S3.5**.' },
    ]);
  });

  it('replaces a tool step reported again under the same id', () => {
    const turn = apply([
      step('t1'),
      { type: 'text', text: 'x' },
      step('t1', 'failed'),
    ]);
    expect(turn.parts[0]).toEqual({
      kind: 'tools',
      steps: [step('t1', 'failed')],
    });
    expect(turn.parts).toHaveLength(2);
  });

  it('lists each citation once and ends on done, stopped or error', () => {
    const citation = {
      type: 'citation',
      id: 'control:S3.5',
      title: 'S3.5',
      source: 'control-catalog',
    } as const;
    const turn = apply([citation, citation]);
    expect(turn.citations).toEqual([citation]);
    const done = { type: 'done', conversationId: 'c', messageId: 'm' } as const;
    expect(
      applyChatEvent(turn, { ...done, stopReason: 'complete' }).status,
    ).toBe('complete');
    expect(
      applyChatEvent(turn, { ...done, stopReason: 'stopped' }).status,
    ).toBe('stopped');
    expect(
      applyChatEvent(turn, {
        type: 'error',
        code: 'throttled',
        message: 'slow down',
        retryable: true,
      }),
    ).toMatchObject({
      status: 'error',
      error: { message: 'slow down', retryable: true },
    });
  });

  it('rebuilds stored messages, falling back to their text', () => {
    const turns = turnsOfMessages([
      {
        id: 'u',
        role: 'user',
        text: 'hi',
        events: [],
        status: 'complete',
        createdAt: '',
      },
      {
        id: 'a',
        role: 'assistant',
        text: 'Hello',
        events: [],
        status: 'error',
        createdAt: '',
      },
    ]);
    expect(turns[1]).toMatchObject({
      role: 'assistant',
      status: 'error',
      parts: [{ kind: 'text', text: 'Hello' }],
      error: { retryable: false },
    });
    expect(lastUserText(turns)).toBe('hi');
  });
});
