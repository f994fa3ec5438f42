import {
  CreateCommitCommand,
  GetBranchCommand,
  GetFileCommand,
} from '@aws-sdk/client-codecommit';
import { startFakeAws, type FakeAws } from '.';
import { sdkClientsFor, type FakeAwsClients } from './sdkClients';

let fake: FakeAws;
let aws: FakeAwsClients;

beforeAll(async () => {
  fake = await startFakeAws();
  aws = sdkClientsFor(fake.endpoint, {
    accessKeyId: 'AKIDTOOLS',
    region: 'us-east-1',
  });
});

afterAll(async () => {
  aws.destroy();
  await fake.close();
});

describe('the fake CodeCommit commits', () => {
  it('refuses an outdated parent, a missing parent and a commit without changes', async () => {
    const repositoryName = 'templates';
    fake.codeCommit.createBranch(repositoryName, 'main', {
      'README.md': 'start\n',
    });
    const { branch } = await aws.codeCommit.send(
      new GetBranchCommand({ repositoryName, branchName: 'main' }),
    );
    const create = (parentCommitId: string | undefined, text: string) =>
      aws.codeCommit.send(
        new CreateCommitCommand({
          repositoryName,
          branchName: 'main',
          parentCommitId,
          putFiles: [{ filePath: 'README.md', fileContent: Buffer.from(text) }],
        }),
      );
    await expect(create(branch!.commitId, 'start\n')).rejects.toMatchObject({
      name: 'NoChangeException',
    });
    await expect(create(undefined, 'new\n')).rejects.toMatchObject({
      name: 'ParentCommitIdRequiredException',
    });

    const moved = fake.codeCommit.commitBehindTheClientsBack(
      repositoryName,
      'main',
      { 'README.md': 'theirs\n' },
    );
    await expect(create(branch!.commitId, 'mine\n')).rejects.toMatchObject({
      name: 'ParentCommitIdOutdatedException',
    });
    const created = await create(moved, 'mine\n');
    expect(created.filesUpdated).toEqual([
      expect.objectContaining({
        absolutePath: 'README.md',
        fileMode: 'NORMAL',
      }),
    ]);

    // Every commit keeps its own tree.
    const read = async (commitSpecifier: string) =>
      Buffer.from(
        (
          await aws.codeCommit.send(
            new GetFileCommand({
              repositoryName,
              commitSpecifier,
              filePath: 'README.md',
            }),
          )
        ).fileContent!,
      ).toString();
    expect(await read(branch!.commitId!)).toBe('start\n');
    expect(await read(moved)).toBe('theirs\n');
    expect(await read('main')).toBe('mine\n');
    await expect(
      aws.codeCommit.send(
        new GetFileCommand({
          repositoryName,
          commitSpecifier: 'main',
          filePath: 'nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'FileDoesNotExistException' });
    await expect(
      aws.codeCommit.send(
        new GetBranchCommand({ repositoryName: 'nope', branchName: 'main' }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryDoesNotExistException' });
  });
});
