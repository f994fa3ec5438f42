import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import {
  AWS_API_INDEX_FILE,
  loadAwsApiIndex,
  packageRoot,
} from './awsApiIndex';

const root = packageRoot(__dirname);

describe('the AWS API index as deployed', () => {
  it('is found from the source folder and from where the build puts the code', () => {
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    // dist/remediation/validation in the built package: the same root.
    expect(packageRoot(join(root, 'dist', 'remediation', 'validation'))).toBe(
      root,
    );
    expect(existsSync(join(root, AWS_API_INDEX_FILE))).toBe(true);
    expect(Object.keys(loadAwsApiIndex().services).length).toBeGreaterThan(300);
  });

  it("ships with the package: its folder is in the package's files", () => {
    const { files } = JSON.parse(
      readFileSync(join(root, 'package.json'), 'utf8'),
    );
    expect(files).toContain(dirname(AWS_API_INDEX_FILE));
  });
});
