import type {
  StandardJSONSchemaV1,
  StandardSchemaV1,
} from '@standard-schema/spec';

/** Parameters of the IS_IN_ACCOUNTS rule. */
export type AccountIdsParams = { accountIds: string[] };

const ACCOUNT_ID = /^\d{12}$/;

const JSON_SCHEMA = {
  type: 'object',
  properties: {
    accountIds: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d{12}$' },
      description: '12-digit AWS account ids whose findings are allowed',
    },
  },
  required: ['accountIds'],
  additionalProperties: false,
};

/**
 * A Standard Schema with JSON Schema output, which the permission framework
 * needs to validate rule parameters and show them in policy tooling. Written
 * by hand because the project's zod 3 does not emit Standard JSON Schema.
 */
export const accountIdsParamsSchema: StandardSchemaV1<AccountIdsParams> &
  StandardJSONSchemaV1<AccountIdsParams> = {
  '~standard': {
    version: 1,
    vendor: 'securityhub-remediation',
    validate(value: unknown) {
      const ids = (value as Partial<AccountIdsParams> | null)?.accountIds;
      if (!Array.isArray(ids)) {
        return {
          issues: [
            { message: 'accountIds must be an array', path: ['accountIds'] },
          ],
        };
      }
      const bad = ids.findIndex(
        id => typeof id !== 'string' || !ACCOUNT_ID.test(id),
      );
      if (bad >= 0) {
        return {
          issues: [
            {
              message: 'must be a 12-digit AWS account id',
              path: ['accountIds', bad],
            },
          ],
        };
      }
      return { value: { accountIds: ids as string[] } };
    },
    jsonSchema: {
      input: () => JSON_SCHEMA,
      output: () => JSON_SCHEMA,
    },
  },
};
