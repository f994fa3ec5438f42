import { InputError } from '@backstage/errors';
import {
  findingIdPathProblem,
  findingPath,
} from '@internal/plugin-securityhub-remediation-common';

/** The URL of `GET /v1/findings/:id`, refusing ids that would select another route. */
export function findingUrl(baseUrl: string, findingId: string): string {
  const problem = findingIdPathProblem(findingId);
  if (problem) throw new InputError(problem.replace('finding id', 'findingId'));
  return `${baseUrl}${findingPath(findingId)}`;
}
