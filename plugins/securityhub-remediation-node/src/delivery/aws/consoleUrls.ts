/*
 * Links into the AWS console for what a remediation touched. The console is
 * regional; `enc` keeps ids with "/" or ":" intact inside a path segment.
 */

const enc = encodeURIComponent;

function console(region: string, path: string): string {
  return `https://${region}.console.aws.amazon.com/${path}`;
}

export function codeCommitCommitUrl(
  region: string,
  repositoryName: string,
  commitId: string,
): string {
  return console(
    region,
    `codesuite/codecommit/repositories/${enc(repositoryName)}/commit/${enc(
      commitId,
    )}?region=${region}`,
  );
}

export function pipelineExecutionUrl(
  region: string,
  pipelineName: string,
  executionId: string,
): string {
  return console(
    region,
    `codesuite/codepipeline/pipelines/${enc(pipelineName)}/executions/${enc(
      executionId,
    )}/timeline?region=${region}`,
  );
}

export function automationExecutionUrl(
  region: string,
  executionId: string,
): string {
  return console(
    region,
    `systems-manager/automation/execution/${enc(executionId)}?region=${region}`,
  );
}
