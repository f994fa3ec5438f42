import { z } from 'zod';
import type { DeployPlan, RemediationRepository } from './ports';
import { parametersPath, stackNameOfPath } from './files';
import { readDeployManifest } from './deployManifest';

/** A repository that can say what a commit changed (local git, CodeCommit). */
export interface CommitReader {
  readFile: RemediationRepository['readFile'];
  /** The remediation files the commit changed, sorted. */
  changedFiles(commitId: string): Promise<string[]>;
}

/**
 * The deploy of the remediation the commit staged, read from the commit
 * itself: its template's manifest and its params file. `outcome` says
 * whether it was applied and how.
 */
export async function deployPlanOf(
  repository: CommitReader,
  commitId: string,
  outcome: Pick<DeployPlan, 'applied' | 'note'>,
): Promise<DeployPlan> {
  const names = [
    ...new Set(
      (await repository.changedFiles(commitId))
        .map(stackNameOfPath)
        .filter((name): name is string => name !== undefined),
    ),
  ];
  if (names.length !== 1) {
    throw new Error(
      names.length === 0
        ? 'The commit changes no remediation template, so there is nothing to deploy'
        : `The commit changes ${names.length} remediations (${names.join(
            ', ',
          )}); the pipeline deploys one per commit`,
    );
  }
  const [stackName] = names;
  const template = await repository.readFile(
    commitId,
    `deploy/${stackName}.yaml`,
  );
  if (template === undefined) {
    throw new Error(`The commit holds no deploy/${stackName}.yaml`);
  }
  const manifest = readDeployManifest(template);
  if (!manifest) {
    throw new Error(
      `deploy/${stackName}.yaml has no Metadata.SecurityHubRemediation saying which accounts and regions to deploy to`,
    );
  }
  const paramsText = await repository.readFile(
    commitId,
    parametersPath(stackName),
  );
  return {
    deployment: manifest.deployment,
    stackName,
    accounts: manifest.accounts,
    regions: manifest.regions,
    parameters:
      paramsText === undefined ? {} : parseParameters(paramsText, stackName),
    ...outcome,
  };
}

const parametersFileSchema = z.array(
  z.object({ ParameterKey: z.string().min(1), ParameterValue: z.string() }),
);

function parseParameters(
  text: string,
  stackName: string,
): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${parametersPath(stackName)} is not JSON`);
  }
  const parsed = parametersFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${parametersPath(
        stackName,
      )} is not a CloudFormation parameters file ([{ParameterKey, ParameterValue}])`,
    );
  }
  return Object.fromEntries(
    parsed.data.map(p => [p.ParameterKey, p.ParameterValue]),
  );
}
