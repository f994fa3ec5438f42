import {
  CodeCommitClient,
  CodeCommitServiceException,
  CreateCommitCommand,
  GetBranchCommand,
  GetCommitCommand,
  GetDifferencesCommand,
  GetFileCommand,
} from '@aws-sdk/client-codecommit';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CodeCommitRepository } from './CodeCommitRepository';

const HEAD = 'a'.repeat(40);
const NEXT = 'b'.repeat(40);
const NEW = 'c'.repeat(40);

const codeCommit = mockClient(CodeCommitClient);

function awsError(name: string, message = name) {
  return new CodeCommitServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 1 },
  });
}

const repository = () =>
  new CodeCommitRepository({
    client: new CodeCommitClient({ region: 'eu-west-1' }),
    region: 'eu-west-1',
    repositoryName: 'remediation-templates',
    branch: 'main',
  });

const request = {
  files: [
    {
      path: 'deploy/SecHubRemediation-S3-5-1a2b3c4d.yaml',
      content: 'Resources: {}\n',
    },
    {
      path: 'deploy/parameters/SecHubRemediation-S3-5-1a2b3c4d-params.json',
      content: '[]\n',
    },
  ],
  message: 'Remediate S3.5 on bucket logs',
  author: { name: 'Dana Ops', email: 'dana@example.com' },
};

describe('CodeCommitRepository', () => {
  beforeEach(() => {
    codeCommit.reset();
    codeCommit
      .on(GetBranchCommand)
      .resolves({ branch: { branchName: 'main', commitId: HEAD } });
  });

  it('commits both files in one CreateCommit on the branch head', async () => {
    codeCommit.on(CreateCommitCommand).resolves({ commitId: NEW });
    const result = await repository().stage(request);
    expect(result).toEqual({
      commitId: NEW,
      changed: true,
      files: request.files.map(f => f.path),
    });
    expect(codeCommit).toHaveReceivedCommandWith(GetBranchCommand, {
      repositoryName: 'remediation-templates',
      branchName: 'main',
    });
    const input = codeCommit.commandCalls(CreateCommitCommand)[0].args[0].input;
    expect(input).toMatchObject({
      repositoryName: 'remediation-templates',
      branchName: 'main',
      parentCommitId: HEAD,
      authorName: 'Dana Ops',
      email: 'dana@example.com',
      commitMessage: 'Remediate S3.5 on bucket logs',
    });
    expect(
      input.putFiles?.map(f => [
        f.filePath,
        new TextDecoder().decode(f.fileContent),
        f.fileMode,
      ]),
    ).toEqual(request.files.map(f => [f.path, f.content, 'NORMAL']));
  });

  it('answers the head, unchanged, when it already holds the same files', async () => {
    codeCommit.on(CreateCommitCommand).rejects(awsError('NoChangeException'));
    await expect(repository().stage(request)).resolves.toEqual({
      commitId: HEAD,
      changed: false,
      files: request.files.map(f => f.path),
    });
    expect(codeCommit).toHaveReceivedCommandTimes(CreateCommitCommand, 1);
  });

  it('re-reads a head that moved and commits on the new one', async () => {
    codeCommit
      .on(GetBranchCommand)
      .resolvesOnce({ branch: { commitId: HEAD } })
      .resolves({ branch: { commitId: NEXT } });
    codeCommit
      .on(CreateCommitCommand)
      .rejectsOnce(awsError('ParentCommitIdOutdatedException'))
      .resolves({ commitId: NEW });
    await expect(repository().stage(request)).resolves.toMatchObject({
      commitId: NEW,
      changed: true,
    });
    const parents = codeCommit
      .commandCalls(CreateCommitCommand)
      .map(call => call.args[0].input.parentCommitId);
    expect(parents).toEqual([HEAD, NEXT]);
  });

  it('gives up after five moved heads, naming the call', async () => {
    codeCommit
      .on(CreateCommitCommand)
      .rejects(
        awsError('ParentCommitIdOutdatedException', 'parent is outdated'),
      );
    await expect(repository().stage(request)).rejects.toThrow(
      /codecommit:CreateCommit on repository remediation-templates, branch main failed: ParentCommitIdOutdatedException/,
    );
    expect(codeCommit).toHaveReceivedCommandTimes(CreateCommitCommand, 5);
  });

  it('says how to fix a branch that does not exist', async () => {
    codeCommit
      .on(GetBranchCommand)
      .rejects(awsError('BranchDoesNotExistException'));
    await expect(repository().stage(request)).rejects.toThrow(
      /The branch "main" does not exist in CodeCommit repository remediation-templates/,
    );
    expect(codeCommit).not.toHaveReceivedCommand(CreateCommitCommand);
  });

  it('keeps AWS’s AccessDenied text, which names the action and resource', async () => {
    const denied =
      'User: arn:aws:sts::111111111111:assumed-role/portal/s is not authorized to perform: codecommit:CreateCommit on resource: arn:aws:codecommit:eu-west-1:111111111111:remediation-templates';
    codeCommit
      .on(CreateCommitCommand)
      .rejects(awsError('AccessDeniedException', denied));
    const error = await repository()
      .stage(request)
      .then(
        () => new Error('staged'),
        (e: Error) => e,
      );
    expect(error.message).toContain(denied);
    expect(error.message).toContain('lacks this permission');
  });

  it('refuses any path but the two remediation files, before calling AWS', async () => {
    await expect(
      repository().stage({
        ...request,
        files: [{ path: 'buildspec.yml', content: 'x' }],
      }),
    ).rejects.toThrow(/not a remediation file path/);
    expect(codeCommit.calls()).toHaveLength(0);
  });

  it('reads a file as of a commit, and undefined where the commit lacks it', async () => {
    codeCommit
      .on(GetFileCommand, { filePath: request.files[0].path })
      .resolves({ fileContent: new TextEncoder().encode('Resources: {}\n') })
      .on(GetFileCommand, { filePath: request.files[1].path })
      .rejects(awsError('FileDoesNotExistException'));
    const repo = repository();
    await expect(repo.readFile(NEW, request.files[0].path)).resolves.toBe(
      'Resources: {}\n',
    );
    await expect(
      repo.readFile(NEW, request.files[1].path),
    ).resolves.toBeUndefined();
    expect(codeCommit).toHaveReceivedCommandWith(GetFileCommand, {
      repositoryName: 'remediation-templates',
      commitSpecifier: NEW,
      filePath: request.files[0].path,
    });
    await expect(repo.readFile('HEAD', request.files[0].path)).rejects.toThrow(
      /not a commit id/,
    );
  });

  it('lists the remediation files a commit changed against its parent', async () => {
    codeCommit.on(GetCommitCommand).resolves({ commit: { parents: [HEAD] } });
    codeCommit
      .on(GetDifferencesCommand)
      .resolvesOnce({
        differences: [{ afterBlob: { path: request.files[1].path } }],
        NextToken: 'page-2',
      })
      .resolves({
        differences: [
          { afterBlob: { path: request.files[0].path } },
          { afterBlob: { path: 'README.md' } },
        ],
      });
    await expect(repository().changedFiles(NEW)).resolves.toEqual(
      request.files.map(f => f.path).sort(),
    );
    expect(codeCommit).toHaveReceivedCommandWith(GetDifferencesCommand, {
      repositoryName: 'remediation-templates',
      beforeCommitSpecifier: HEAD,
      afterCommitSpecifier: NEW,
    });
  });

  it('links to the commit in the CodeCommit console', () => {
    expect(repository().commitUrl(NEW)).toBe(
      `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/remediation-templates/commit/${NEW}?region=eu-west-1`,
    );
  });
});
