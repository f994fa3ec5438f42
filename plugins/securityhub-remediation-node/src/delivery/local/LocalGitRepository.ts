import { access, mkdir, mkdtemp, rename, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { InputError } from '@backstage/errors';
import type {
  RemediationRepository,
  StageRequest,
  StageResult,
} from '../ports';
import { isRemediationFilePath } from '../files';
import { branchSchema, parseStageRequest } from '../stageRequest';
import { git, GitCommandError } from './git';

/*
 * The local repository is a real git repository driven through the git CLI:
 * real git semantics, including the atomic compare-and-swap of
 * `update-ref <new> <old>` that keeps concurrent stages from losing a commit;
 * no extra dependency; and a team can `git log` (or clone) the repository.
 * All writes use plumbing on a temporary index, so no work tree is involved
 * (the repository is bare).
 */

const COMMIT_ID = /^[0-9a-f]{40}$/;
const ZERO_ID = '0'.repeat(40);
const MAX_STAGE_ATTEMPTS = 8;

/** The portal commits on behalf of the submitter, who is the author. */
const COMMITTER = {
  name: 'Security Hub Remediation',
  email: 'securityhub-remediation@backstage.local',
};

export interface LocalGitRepositoryOptions {
  /** Delivery directory; the repository lives in `<directory>/repository`. */
  directory: string;
  branch?: string;
  /** Repository name as people know it. */
  name?: string;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** {@link RemediationRepository} on a local git repository. */
export class LocalGitRepository implements RemediationRepository {
  readonly mode = 'local' as const;
  readonly name: string;
  readonly branch: string;
  readonly gitDir: string;
  private initialised?: Promise<void>;

  constructor(options: LocalGitRepositoryOptions) {
    this.branch = branchSchema.parse(options.branch ?? 'main');
    this.name = options.name ?? 'remediation-templates';
    this.gitDir = join(resolve(options.directory), 'repository');
  }

  private ref(): string {
    return `refs/heads/${this.branch}`;
  }

  private run(
    args: string[],
    options: Partial<Parameters<typeof git>[1]> = {},
  ) {
    return git(args, { gitDir: this.gitDir, ...options });
  }

  /**
   * Creates the repository on first use. It is initialised beside its place
   * and renamed into it, so two instances (or processes) starting at once
   * never run `git init` on the same folder: the second rename loses and its
   * copy is dropped.
   */
  private ensureRepository(): Promise<void> {
    this.initialised ??= (async () => {
      if (await exists(join(this.gitDir, 'HEAD'))) return;
      const parent = dirname(this.gitDir);
      await mkdir(parent, { recursive: true });
      const staging = await mkdtemp(join(parent, '.repository-'));
      try {
        await git(
          ['init', '--quiet', '--bare', `--initial-branch=${this.branch}`],
          { gitDir: staging },
        );
        await rename(staging, this.gitDir).catch(async error => {
          if (!(await exists(join(this.gitDir, 'HEAD')))) throw error;
        });
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    })().catch(error => {
      this.initialised = undefined;
      throw error;
    });
    return this.initialised;
  }

  /** The branch head, or undefined before the first commit. */
  async head(): Promise<string | undefined> {
    await this.ensureRepository();
    const { code, stdout } = await this.run(
      ['rev-parse', '--verify', '--quiet', `${this.ref()}^{commit}`],
      { allowCodes: [1] },
    );
    return code === 0 ? stdout.trim() : undefined;
  }

  async stage(request: StageRequest): Promise<StageResult> {
    const { files, message, author } = parseStageRequest(request);
    await this.ensureRepository();
    const paths = files.map(f => f.path);
    const indexDirectory = await mkdtemp(join(tmpdir(), 'remediation-index-'));
    try {
      const blobs = await Promise.all(
        files.map(async file => {
          const { stdout } = await this.run(['hash-object', '-w', '--stdin'], {
            input: file.content,
          });
          return { path: file.path, blob: stdout.trim() };
        }),
      );
      let lastError: unknown;
      for (let attempt = 1; attempt <= MAX_STAGE_ATTEMPTS; attempt++) {
        const head = await this.head();
        const indexEnv = {
          GIT_INDEX_FILE: join(indexDirectory, `index-${attempt}`),
        };
        await this.run(head ? ['read-tree', head] : ['read-tree', '--empty'], {
          env: indexEnv,
        });
        for (const { path, blob } of blobs) {
          await this.run(
            ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`],
            { env: indexEnv },
          );
        }
        const tree = (
          await this.run(['write-tree'], { env: indexEnv })
        ).stdout.trim();
        if (head) {
          const headTree = (
            await this.run(['rev-parse', `${head}^{tree}`])
          ).stdout.trim();
          if (headTree === tree) {
            return { commitId: head, changed: false, files: paths };
          }
        }
        const now = new Date().toISOString();
        const commit = (
          await this.run(
            ['commit-tree', tree, ...(head ? ['-p', head] : []), '-F', '-'],
            {
              input: `${message}\n`,
              env: {
                GIT_AUTHOR_NAME: author.name,
                GIT_AUTHOR_EMAIL: author.email,
                GIT_AUTHOR_DATE: now,
                GIT_COMMITTER_NAME: COMMITTER.name,
                GIT_COMMITTER_EMAIL: COMMITTER.email,
                GIT_COMMITTER_DATE: now,
              },
            },
          )
        ).stdout.trim();
        try {
          // Compare-and-swap: fails when the branch is no longer at `head`.
          await this.run([
            'update-ref',
            '-m',
            'stage remediation',
            this.ref(),
            commit,
            head ?? ZERO_ID,
          ]);
          return { commitId: commit, changed: true, files: paths };
        } catch (error) {
          if (!(error instanceof GitCommandError)) throw error;
          lastError = error;
          // The head moved (or another stage holds the ref lock): build on the new head.
          await new Promise(r => setTimeout(r, Math.random() * 20 * attempt));
        }
      }
      throw new Error(
        `Could not stage on ${
          this.branch
        } after ${MAX_STAGE_ATTEMPTS} attempts; the branch kept moving: ${String(
          (lastError as Error | undefined)?.message,
        )}`,
      );
    } finally {
      await rm(indexDirectory, { recursive: true, force: true });
    }
  }

  private assertCommitId(commitId: string): void {
    if (!COMMIT_ID.test(commitId)) {
      throw new InputError(
        `"${commitId}" is not a commit id (40 hex characters)`,
      );
    }
  }

  /** True when the repository holds the commit. */
  async hasCommit(commitId: string): Promise<boolean> {
    this.assertCommitId(commitId);
    await this.ensureRepository();
    const { code } = await this.run(
      ['cat-file', '-e', `${commitId}^{commit}`],
      { allowCodes: [1, 128] },
    );
    return code === 0;
  }

  async readFile(commitId: string, path: string): Promise<string | undefined> {
    this.assertCommitId(commitId);
    if (!isRemediationFilePath(path)) {
      throw new InputError(`"${path}" is not a remediation file path`);
    }
    if (!(await this.hasCommit(commitId))) return undefined;
    const { code, stdout } = await this.run(
      ['cat-file', 'blob', `${commitId}:${path}`],
      { allowCodes: [128] },
    );
    return code === 0 ? stdout : undefined;
  }

  /** The remediation files a commit holds (`deploy/…`), sorted. */
  async listFiles(commitId: string): Promise<string[]> {
    this.assertCommitId(commitId);
    const { stdout } = await this.run([
      'ls-tree',
      '-r',
      '--name-only',
      '-z',
      commitId,
      '--',
      'deploy',
    ]);
    return stdout
      .split('\0')
      .filter(path => isRemediationFilePath(path))
      .sort();
  }

  /** The remediation files a commit changed against its parent (all, for the first commit). */
  async changedFiles(commitId: string): Promise<string[]> {
    this.assertCommitId(commitId);
    const { stdout } = await this.run([
      'diff-tree',
      '--root',
      '--no-commit-id',
      '--name-only',
      '-r',
      '-z',
      commitId,
    ]);
    return stdout
      .split('\0')
      .filter(path => isRemediationFilePath(path))
      .sort();
  }

  commitUrl(_commitId: string): string | undefined {
    return undefined;
  }
}
