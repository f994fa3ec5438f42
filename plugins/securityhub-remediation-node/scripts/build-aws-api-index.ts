/*
 * Builds the AWS API index (src/remediation/validation/data/aws-api-index.json.gz)
 * that the validator checks `aws:executeAwsApi` steps against: every service
 * of the AWS SDK's API models (the botocore names that SSM Automation uses
 * for `Service` and `Api`), its IAM/signing prefix, and each operation's
 * input member names.
 *
 *   node_modules/.bin/tsx scripts/build-aws-api-index.ts [botocore/data dir]
 *
 * Without an argument the botocore that the local Python (the one with moto
 * and cfn-lint) imports is used.
 */
import { execFileSync } from 'child_process';
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'fs';
import { join, resolve } from 'path';
import { gunzipSync, gzipSync } from 'zlib';

const packageDir = resolve(__dirname, '..');
const outputPath = resolve(
  packageDir,
  'src/remediation/validation/data/aws-api-index.json.gz',
);

interface ServiceModel {
  metadata: {
    signingName?: string;
    endpointPrefix: string;
    apiVersion: string;
  };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, { members?: Record<string, unknown> }>;
}

function botocoreDataDir(): { dir: string; version: string } {
  if (process.argv[2])
    return { dir: resolve(process.argv[2]), version: 'unknown' };
  const out = execFileSync(
    'python3',
    [
      '-c',
      'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)',
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  return { dir: join(out[0], 'data'), version: out[1] };
}

function readModel(versionDir: string): ServiceModel | undefined {
  const plain = join(versionDir, 'service-2.json');
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  const gz = `${plain}.gz`;
  if (existsSync(gz))
    return JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8'));
  return undefined;
}

function main() {
  const { dir, version } = botocoreDataDir();
  const services: Record<
    string,
    { prefix: string; apiVersion: string; operations: Record<string, string[]> }
  > = {};
  for (const service of readdirSync(dir).sort()) {
    const serviceDir = join(dir, service);
    if (!statSync(serviceDir).isDirectory()) continue;
    // API versions are dated folders; the newest is what the SDK calls.
    const versions = readdirSync(serviceDir)
      .filter(v => statSync(join(serviceDir, v)).isDirectory())
      .sort();
    const model = versions.length
      ? readModel(join(serviceDir, versions[versions.length - 1]))
      : undefined;
    if (!model) continue;
    const operations: Record<string, string[]> = {};
    for (const [name, operation] of Object.entries(model.operations)) {
      const input = operation.input
        ? model.shapes[operation.input.shape]
        : undefined;
      operations[name] = Object.keys(input?.members ?? {});
    }
    services[service] = {
      prefix: model.metadata.signingName ?? model.metadata.endpointPrefix,
      apiVersion: model.metadata.apiVersion,
      operations,
    };
  }
  const index = { source: `botocore ${version} API models`, services };
  writeFileSync(outputPath, gzipSync(JSON.stringify(index), { level: 9 }));
  const operations = Object.values(services).reduce(
    (n, s) => n + Object.keys(s.operations).length,
    0,
  );
  console.log(
    `${
      Object.keys(services).length
    } services, ${operations} operations → ${outputPath}`,
  );
}

main();
