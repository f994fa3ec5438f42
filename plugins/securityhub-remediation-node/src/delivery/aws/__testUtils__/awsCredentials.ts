import type { AwsCredentialsManager } from '@backstage/integration-aws-node';

/** The access key the fake credentials of an account use: `AKIA<account id>`. */
export const accessKeyOf = (accountId: string) => `AKIA${accountId}`;

/**
 * Credentials as Backstage's AWS integration hands them out, one distinct
 * access key per account, so a test can tell which account a call used.
 */
export function fakeCredentialsManager(
  mainAccountId = '111111111111',
): AwsCredentialsManager & { requested: Array<string | undefined> } {
  const requested: Array<string | undefined> = [];
  return {
    requested,
    async getCredentialProvider(options) {
      const accountId =
        options && 'accountId' in options && options.accountId
          ? options.accountId
          : mainAccountId;
      requested.push(
        options && 'accountId' in options ? options.accountId : undefined,
      );
      return {
        accountId,
        sdkCredentialProvider: async () => ({
          accessKeyId: accessKeyOf(accountId),
          secretAccessKey: 'test-secret',
        }),
      };
    },
  };
}
