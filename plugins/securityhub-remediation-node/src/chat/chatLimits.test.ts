import { ConfigReader } from '@backstage/config';
import { readChatLimits } from './chatLimits';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const chat = (chatConfig: JsonObject) =>
  new ConfigReader({ securityHubRemediation: { chat: chatConfig } });

describe('readChatLimits', () => {
  it('defaults to 3 repair rounds, 12 actions and a 300 s answer', () => {
    expect(readChatLimits(new ConfigReader({}))).toEqual({
      maxRepairRounds: 3,
      maxToolCalls: 12,
      answerTimeoutSeconds: 300,
    });
  });

  it('reads and validates the configured limits', () => {
    expect(
      readChatLimits(
        chat({
          maxRepairRounds: 5,
          maxToolCalls: 20,
          answerTimeoutSeconds: 60,
        }),
      ),
    ).toEqual({
      maxRepairRounds: 5,
      maxToolCalls: 20,
      answerTimeoutSeconds: 60,
    });
    expect(() => readChatLimits(chat({ answerTimeoutSeconds: 5 }))).toThrow(
      /securityHubRemediation\.chat\.answerTimeoutSeconds/,
    );
    expect(() => readChatLimits(chat({ maxRepairRounds: 0 }))).toThrow(
      /securityHubRemediation\.chat\.maxRepairRounds/,
    );
    expect(() => readChatLimits(chat({ maxToolCalls: 1.5 }))).toThrow(
      /securityHubRemediation\.chat\.maxToolCalls/,
    );
  });
});
