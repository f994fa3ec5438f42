import { AwsError } from './awsError';
import type { FakeCodeCommit, FakeCommit } from './codeCommit';

/*
 * CodeCommit's history reads: GetCommit (a commit's parents) and
 * GetDifferences (the blobs two commits differ in), over the fake's commits.
 */

function requireCommit(
  codeCommit: FakeCodeCommit,
  repositoryName: unknown,
  specifier: unknown,
): FakeCommit {
  if (typeof repositoryName !== 'string' || !repositoryName) {
    throw new AwsError(
      'RepositoryNameRequiredException',
      'A repository name is required.',
    );
  }
  if (typeof specifier !== 'string' || !specifier) {
    throw new AwsError('CommitIdRequiredException', 'A commit ID is required.');
  }
  const commitId =
    codeCommit.branchHead(repositoryName, specifier) ?? specifier;
  const commit = codeCommit.commit(repositoryName, commitId);
  if (!commit) {
    throw new AwsError(
      'CommitIdDoesNotExistException',
      `Could not find commit ${specifier}`,
    );
  }
  return commit;
}

export function getCommit(
  codeCommit: FakeCodeCommit,
  input: Record<string, unknown>,
) {
  const commit = requireCommit(
    codeCommit,
    input.repositoryName,
    input.commitId,
  );
  const person = {
    name: commit.authorName,
    email: commit.email,
    date: String(Math.floor(commit.date.getTime() / 1000)),
  };
  return {
    commit: {
      commitId: commit.commitId,
      treeId: commit.treeId,
      parents: commit.parentIds,
      message: commit.message,
      author: person,
      committer: person,
    },
  };
}

/** Pages of at most `MaxResults` (default 100) differences, as AWS pages them. */
export function getDifferences(
  codeCommit: FakeCodeCommit,
  input: Record<string, unknown>,
) {
  const after = requireCommit(
    codeCommit,
    input.repositoryName,
    input.afterCommitSpecifier,
  );
  const before = input.beforeCommitSpecifier
    ? requireCommit(
        codeCommit,
        input.repositoryName,
        input.beforeCommitSpecifier,
      ).tree
    : new Map();
  const differences = [];
  for (const [path, file] of after.tree) {
    const old = before.get(path);
    if (old?.blobId === file.blobId) continue;
    differences.push({
      ...(old
        ? { beforeBlob: { blobId: old.blobId, path, mode: '100644' } }
        : {}),
      afterBlob: { blobId: file.blobId, path, mode: '100644' },
      changeType: old ? 'M' : 'A',
    });
  }
  for (const [path, file] of before) {
    if (!after.tree.has(path)) {
      differences.push({
        beforeBlob: { blobId: file.blobId, path, mode: '100644' },
        changeType: 'D',
      });
    }
  }
  const pageSize =
    typeof input.MaxResults === 'number' ? input.MaxResults : 100;
  const offset =
    typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
  const next = offset + pageSize;
  return {
    differences: differences.slice(offset, next),
    ...(next < differences.length ? { NextToken: String(next) } : {}),
  };
}
