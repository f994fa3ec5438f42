import { UNTRUSTED_OPEN } from '../untrusted';
import {
  SESSION_EXPIRY_MARGIN,
  expiredSessionHistory,
} from './conversationHistory';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

function history(lastMinutesAgo: number) {
  return [
    { role: 'user' as const, text: 'What fixes S3.5?', at: minutesAgo(90) },
    {
      role: 'assistant' as const,
      text: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly.',
      at: minutesAgo(lastMinutesAgo),
    },
  ];
}

describe('expiredSessionHistory', () => {
  it('sends nothing while the session lives: Bedrock still holds the history', () => {
    expect(
      expiredSessionHistory({ history: history(5) }, 600, NOW),
    ).toBeUndefined();
  });

  it('sends the earlier messages once the session has idled (nearly) past its timeout', () => {
    // 9 of 10 minutes idle: within the margin, treated as gone.
    expect(SESSION_EXPIRY_MARGIN).toBe(0.9);
    const sent = expiredSessionHistory({ history: history(9) }, 600, NOW);
    expect(sent?.messages?.map(m => m.role)).toEqual(['user', 'assistant']);
    const [user, assistant] = sent!.messages!;
    // The user's words stay data, never instructions.
    expect(user.content?.[0].text).toContain(
      `${UNTRUSTED_OPEN} source="earlier-user-message">`,
    );
    expect(user.content?.[0].text).toContain('What fixes S3.5?');
    expect(assistant.content?.[0].text).toBe(
      'AWSConfigRemediation-RestrictBucketSSLRequestsOnly.',
    );
  });

  it('cuts long messages and sends nothing for a new conversation or unknown times', () => {
    const long = expiredSessionHistory(
      {
        history: [
          { role: 'user', text: 'x'.repeat(10_000), at: minutesAgo(60) },
        ],
      },
      600,
      NOW,
    );
    expect(long!.messages![0].content![0].text!.length).toBeLessThan(4200);
    expect(expiredSessionHistory({ history: [] }, 600, NOW)).toBeUndefined();
    expect(
      expiredSessionHistory(
        { history: [{ role: 'user', text: 'hi' }] },
        600,
        NOW,
      ),
    ).toBeUndefined();
  });
});
