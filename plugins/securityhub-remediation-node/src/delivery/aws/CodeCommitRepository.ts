import {
  CreateCommitCommand,
  GetBranchCommand,
  GetCommitCommand,
  GetFileCommand,
  paginateGetDifferences,
  type CodeCommitClient,
} from '@aws-sdk/client-codecommit';
import { InputError } from '@backstage/errors';
import type {
  RemediationRepository,
  StageRequest,
  StageResult,
} from '../ports';
import { isRemediationFilePath } from '../files';
import { branchSchema, parseStageRequest } from '../stageRequest';
import { awsCallError, awsErrorCode } from './awsErrors';
import { codeCommitCommitUrl } from './consoleUrls';

/** A moved head is re-read and the commit retried this many times in all. */
const MAX_STAGE_ATTEMPTS = 5;
const COMMIT_ID = /^[0-9a-f]{40}$/;

export interface CodeCommitRepositoryOptions {
  client: CodeCommitClient;
  region: string;
  repositoryName: string;
  branch: string;
}

/**
 * {@link RemediationRepository} on AWS CodeCommit: one `CreateCommit` per
 * staging with the branch head as parent, so the two files land together or
 * not at all.
 */
export class CodeCommitRepository implements RemediationRepository {
  readonly mode = 'aws' as const;
  readonly name: string;
  readonly branch: string;
  private readonly client: CodeCommitClient;
  private readonly region: string;

  constructor(options: CodeCommitRepositoryOptions) {
    this.client = options.client;
    this.region = options.region;
    this.name = options.repositoryName;
    this.branch = branchSchema.parse(options.branch);
  }

  private get resource(): string {
    return `repository ${this.name}, branch ${this.branch}`;
  }

  /** The branch head; a missing branch is a set-up error worth a clear message. */
  async head(): Promise<string> {
    try {
      const { branch } = await this.client.send(
        new GetBranchCommand({
          repositoryName: this.name,
          branchName: this.branch,
        }),
      );
      if (!branch?.commitId) throw new Error('GetBranch answered no commit');
      return branch.commitId;
    } catch (error) {
      if (awsErrorCode(error) === 'BranchDoesNotExistException') {
        throw new Error(
          `The branch "${this.branch}" does not exist in CodeCommit repository ${this.name}: create it (push a first commit, e.g. a README) or set securityHubRemediation.delivery.aws.branch`,
          { cause: error },
        );
      }
      throw awsCallError(error, 'codecommit:GetBranch', this.resource);
    }
  }

  async stage(request: StageRequest): Promise<StageResult> {
    const { files, message, author } = parseStageRequest(request);
    const paths = files.map(f => f.path);
    for (let attempt = 1; ; attempt++) {
      const parentCommitId = await this.head();
      try {
        const created = await this.client.send(
          new CreateCommitCommand({
            repositoryName: this.name,
            branchName: this.branch,
            parentCommitId,
            authorName: author.name,
            email: author.email,
            commitMessage: message,
            putFiles: files.map(file => ({
              filePath: file.path,
              fileContent: new TextEncoder().encode(file.content),
              fileMode: 'NORMAL',
            })),
          }),
        );
        if (!created.commitId) throw new Error('CreateCommit answered no id');
        return { commitId: created.commitId, changed: true, files: paths };
      } catch (error) {
        const code = awsErrorCode(error);
        // The head already holds these exact files: staging again is a no-op.
        if (code === 'NoChangeException') {
          return { commitId: parentCommitId, changed: false, files: paths };
        }
        // Someone committed meanwhile: re-read the head and try again.
        if (
          code === 'ParentCommitIdOutdatedException' &&
          attempt < MAX_STAGE_ATTEMPTS
        ) {
          continue;
        }
        throw awsCallError(error, 'codecommit:CreateCommit', this.resource);
      }
    }
  }

  async readFile(commitId: string, path: string): Promise<string | undefined> {
    this.assertCommitId(commitId);
    if (!isRemediationFilePath(path)) {
      throw new InputError(`"${path}" is not a remediation file path`);
    }
    try {
      const file = await this.client.send(
        new GetFileCommand({
          repositoryName: this.name,
          commitSpecifier: commitId,
          filePath: path,
        }),
      );
      return file.fileContent ? new TextDecoder().decode(file.fileContent) : '';
    } catch (error) {
      const code = awsErrorCode(error);
      if (
        code === 'FileDoesNotExistException' ||
        code === 'CommitDoesNotExistException'
      ) {
        return undefined;
      }
      throw awsCallError(
        error,
        'codecommit:GetFile',
        `${this.name}@${commitId}`,
      );
    }
  }

  /** The remediation files the commit changed relative to its parent, sorted. */
  async changedFiles(commitId: string): Promise<string[]> {
    this.assertCommitId(commitId);
    const resource = `${this.name}@${commitId}`;
    let parent: string | undefined;
    try {
      const { commit } = await this.client.send(
        new GetCommitCommand({ repositoryName: this.name, commitId }),
      );
      parent = commit?.parents?.[0];
    } catch (error) {
      throw awsCallError(error, 'codecommit:GetCommit', resource);
    }
    const paths = new Set<string>();
    try {
      for await (const page of paginateGetDifferences(
        { client: this.client },
        {
          repositoryName: this.name,
          afterCommitSpecifier: commitId,
          ...(parent ? { beforeCommitSpecifier: parent } : {}),
        },
      )) {
        for (const difference of page.differences ?? []) {
          const path = difference.afterBlob?.path;
          if (path && isRemediationFilePath(path)) paths.add(path);
        }
      }
    } catch (error) {
      throw awsCallError(error, 'codecommit:GetDifferences', resource);
    }
    return [...paths].sort();
  }

  commitUrl(commitId: string): string | undefined {
    return codeCommitCommitUrl(this.region, this.name, commitId);
  }

  private assertCommitId(commitId: string): void {
    if (!COMMIT_ID.test(commitId)) {
      throw new InputError(
        `"${commitId}" is not a commit id (40 hex characters)`,
      );
    }
  }
}
