import { createHash } from 'node:crypto';
import { AwsError } from './awsError';
import type { Clock } from './clock';
import type { ServiceOperations } from './server';
import { getCommit, getDifferences } from './codeCommitHistory';

export type FileMode = 'NORMAL' | 'EXECUTABLE' | 'SYMLINK';

export interface StoredFile {
  content: Buffer;
  fileMode: FileMode;
  blobId: string;
}

/** A commit holds the whole tree, so reading an old commit answers what it held. */
export interface FakeCommit {
  commitId: string;
  treeId: string;
  parentIds: string[];
  message: string;
  authorName: string;
  email: string;
  date: Date;
  tree: ReadonlyMap<string, StoredFile>;
}

interface FakeRepository {
  name: string;
  /** Branch → head commit; undefined for a branch declared but not yet committed to. */
  branches: Map<string, string | undefined>;
  commits: Map<string, FakeCommit>;
}

/** Called after every commit that moves a branch head. */
export type CommitListener = (
  repositoryName: string,
  branchName: string,
  commit: FakeCommit,
) => void;

/** Files as tests write them: path → UTF-8 text or bytes. */
export type FileContents = Record<string, string | Buffer>;

const NO_CHANGE_MESSAGE =
  'The commit cannot be created because no changes will be made to the repository as a result of this commit. A commit must contain at least one change.';

function sha1(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Git's blob id: the same content always has the same id. */
function blobIdOf(content: Buffer): string {
  return sha1(`blob ${content.length}\0`, content);
}

function normalizePath(path: string): string {
  return path.replace(/^\/+/, '');
}

/** CodeCommit (awsJson1_1, `CodeCommit_20150413`): branches, commits and files. */
export class FakeCodeCommit {
  private readonly repositories = new Map<string, FakeRepository>();
  private readonly listeners: CommitListener[] = [];
  private commitCounter = 0;

  constructor(private readonly clock: Clock) {}

  /** Creates a repository; its branches are created by their first commit. */
  createRepository(name: string): void {
    if (!this.repositories.has(name)) {
      this.repositories.set(name, {
        name,
        branches: new Map(),
        commits: new Map(),
      });
    }
  }

  /**
   * Creates a branch: with `files`, an initial commit holding them; without,
   * a branch that `GetBranch` does not find until the first commit lands on it.
   * Answers the head commit id, if any.
   */
  createBranch(
    repositoryName: string,
    branchName: string,
    files?: FileContents,
  ): string | undefined {
    this.createRepository(repositoryName);
    const repository = this.repository(repositoryName);
    if (!files) {
      if (!repository.branches.has(branchName)) {
        repository.branches.set(branchName, undefined);
      }
      return repository.branches.get(branchName);
    }
    return this.commitBehindTheClientsBack(repositoryName, branchName, files);
  }

  /** Moves the branch head with a commit of these files, as another writer would. */
  commitBehindTheClientsBack(
    repositoryName: string,
    branchName: string,
    files: FileContents,
    message = 'Commit by another writer',
  ): string {
    const repository = this.repository(repositoryName);
    const head = repository.branches.get(branchName);
    const tree = new Map(head ? repository.commits.get(head)!.tree : []);
    for (const [path, content] of Object.entries(files)) {
      const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
      tree.set(normalizePath(path), {
        content: bytes,
        fileMode: 'NORMAL',
        blobId: blobIdOf(bytes),
      });
    }
    return this.addCommit(repository, branchName, tree, {
      message,
      authorName: 'another-writer',
      email: 'another-writer@example.com',
    }).commitId;
  }

  /** Registers a listener called after every commit (the pipeline's trigger). */
  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  branchHead(repositoryName: string, branchName: string): string | undefined {
    return this.repositories.get(repositoryName)?.branches.get(branchName);
  }

  commit(repositoryName: string, commitId: string): FakeCommit | undefined {
    return this.repositories.get(repositoryName)?.commits.get(commitId);
  }

  /** The text of a file at a commit id or branch; undefined when absent. */
  fileAt(
    repositoryName: string,
    commitSpecifier: string,
    filePath: string,
  ): string | undefined {
    const repository = this.repositories.get(repositoryName);
    const commitId =
      repository?.branches.get(commitSpecifier) ?? commitSpecifier;
    return repository?.commits
      .get(commitId)
      ?.tree.get(normalizePath(filePath))
      ?.content.toString('utf8');
  }

  /** A commit's whole tree as text: what the pipeline validates and deploys. */
  filesOf(repositoryName: string, commitId: string): Record<string, string> {
    const commit = this.repository(repositoryName).commits.get(commitId);
    if (!commit) throw new Error(`No commit ${commitId} in ${repositoryName}`);
    return Object.fromEntries(
      [...commit.tree].map(([path, file]) => [
        path,
        file.content.toString('utf8'),
      ]),
    );
  }

  readonly operations: ServiceOperations = {
    GetBranch: input => {
      const repository = this.requireRepository(input);
      const branchName = this.requireBranchName(input);
      const commitId = repository.branches.get(branchName);
      if (!commitId) throw branchNotFound(branchName);
      return { branch: { branchName, commitId } };
    },
    GetFile: input => {
      const repository = this.requireRepository(input);
      if (typeof input.filePath !== 'string' || !input.filePath) {
        throw new AwsError(
          'PathRequiredException',
          'The filePath is required.',
        );
      }
      const specifier =
        typeof input.commitSpecifier === 'string' && input.commitSpecifier
          ? input.commitSpecifier
          : 'main';
      const commitId = repository.branches.get(specifier) ?? specifier;
      const commit = repository.commits.get(commitId);
      if (!commit) {
        throw new AwsError(
          'CommitDoesNotExistException',
          `Could not find commit ${specifier}`,
        );
      }
      const filePath = normalizePath(input.filePath);
      const file = commit.tree.get(filePath);
      if (!file) {
        throw new AwsError(
          'FileDoesNotExistException',
          `The file ${filePath} does not exist in commit ${commit.commitId}`,
        );
      }
      return {
        commitId: commit.commitId,
        blobId: file.blobId,
        filePath,
        fileMode: file.fileMode,
        fileSize: file.content.length,
        fileContent: file.content.toString('base64'),
      };
    },
    CreateCommit: input => this.createCommit(input),
    GetCommit: input => getCommit(this, input),
    GetDifferences: input => getDifferences(this, input),
  };

  private createCommit(input: Record<string, unknown>) {
    const repository = this.requireRepository(input);
    const branchName = this.requireBranchName(input);
    const branchKnown = repository.branches.has(branchName);
    if (!branchKnown && repository.commits.size > 0) {
      throw branchNotFound(branchName);
    }
    const head = repository.branches.get(branchName);
    const parent = input.parentCommitId;
    if (head && (typeof parent !== 'string' || !parent)) {
      throw new AwsError(
        'ParentCommitIdRequiredException',
        'A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).',
      );
    }
    if (typeof parent === 'string' && parent) {
      if (!repository.commits.has(parent)) {
        throw new AwsError(
          'ParentCommitDoesNotExistException',
          `The parent commit ID ${parent} does not exist in the specified branch of the repository.`,
        );
      }
      if (parent !== head) {
        throw new AwsError(
          'ParentCommitIdOutdatedException',
          `The parent commit ID ${parent} is not the tip of branch ${branchName}. Use GetBranch to retrieve the current commit ID.`,
        );
      }
    }
    const before = head ? repository.commits.get(head)!.tree : new Map();
    const tree = new Map<string, StoredFile>(before);
    const putFiles = (input.putFiles ?? []) as Array<Record<string, unknown>>;
    const deleteFiles = (input.deleteFiles ?? []) as Array<
      Record<string, unknown>
    >;
    const filesAdded: object[] = [];
    const filesUpdated: object[] = [];
    const filesDeleted: object[] = [];
    for (const entry of putFiles) {
      if (typeof entry.filePath !== 'string' || !entry.filePath) {
        throw new AwsError(
          'PathRequiredException',
          'The filePath is required.',
        );
      }
      if (typeof entry.fileContent !== 'string') {
        throw new AwsError(
          'FileContentRequiredException',
          `The file content for ${entry.filePath} is required.`,
        );
      }
      const path = normalizePath(entry.filePath);
      const content = Buffer.from(entry.fileContent, 'base64');
      const fileMode = (entry.fileMode as FileMode | undefined) ?? 'NORMAL';
      const file = { content, fileMode, blobId: blobIdOf(content) };
      const previous = before.get(path);
      tree.set(path, file);
      const metadata = { absolutePath: path, blobId: file.blobId, fileMode };
      if (!previous) filesAdded.push(metadata);
      else if (
        previous.blobId !== file.blobId ||
        previous.fileMode !== fileMode
      ) {
        filesUpdated.push(metadata);
      }
    }
    for (const entry of deleteFiles) {
      const path = normalizePath(String(entry.filePath ?? ''));
      const previous = tree.get(path);
      if (!previous) {
        throw new AwsError(
          'FileDoesNotExistException',
          `The file ${path} does not exist in the parent commit.`,
        );
      }
      tree.delete(path);
      filesDeleted.push({
        absolutePath: path,
        blobId: previous.blobId,
        fileMode: previous.fileMode,
      });
    }
    if (filesAdded.length + filesUpdated.length + filesDeleted.length === 0) {
      throw new AwsError('NoChangeException', NO_CHANGE_MESSAGE);
    }
    const commit = this.addCommit(repository, branchName, tree, {
      message: String(input.commitMessage ?? ''),
      authorName: String(input.authorName ?? ''),
      email: String(input.email ?? ''),
    });
    return {
      commitId: commit.commitId,
      treeId: commit.treeId,
      filesAdded,
      filesUpdated,
      filesDeleted,
    };
  }

  private addCommit(
    repository: FakeRepository,
    branchName: string,
    tree: Map<string, StoredFile>,
    about: { message: string; authorName: string; email: string },
  ): FakeCommit {
    const head = repository.branches.get(branchName);
    const treeId = sha1(
      [...tree]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([p, f]) => `${f.fileMode} ${p} ${f.blobId}\n`)
        .join(''),
    );
    this.commitCounter += 1;
    const commit: FakeCommit = {
      commitId: sha1(
        treeId,
        head ?? '',
        about.message,
        String(this.commitCounter),
      ),
      treeId,
      parentIds: head ? [head] : [],
      ...about,
      date: this.clock.now(),
      tree,
    };
    repository.commits.set(commit.commitId, commit);
    repository.branches.set(branchName, commit.commitId);
    for (const listener of this.listeners) {
      listener(repository.name, branchName, commit);
    }
    return commit;
  }

  private repository(name: string): FakeRepository {
    const repository = this.repositories.get(name);
    if (!repository) throw new Error(`No repository ${name}; create it first`);
    return repository;
  }

  private requireRepository(input: Record<string, unknown>): FakeRepository {
    const name = input.repositoryName;
    if (typeof name !== 'string' || !name) {
      throw new AwsError(
        'RepositoryNameRequiredException',
        'A repository name is required.',
      );
    }
    const repository = this.repositories.get(name);
    if (!repository) {
      throw new AwsError(
        'RepositoryDoesNotExistException',
        `${name} does not exist`,
      );
    }
    return repository;
  }

  private requireBranchName(input: Record<string, unknown>): string {
    const name = input.branchName;
    if (typeof name !== 'string' || !name) {
      throw new AwsError(
        'BranchNameRequiredException',
        'A branch name is required.',
      );
    }
    return name;
  }
}

function branchNotFound(branchName: string): AwsError {
  return new AwsError(
    'BranchDoesNotExistException',
    `Branch ${branchName} does not exist`,
  );
}
