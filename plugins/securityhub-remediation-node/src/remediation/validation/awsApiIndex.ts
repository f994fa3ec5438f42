import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { gunzipSync } from 'zlib';
import { editDistance } from '../editDistance';

/** One service of the API index, keyed by its botocore (boto3 client) name. */
export interface ApiIndexService {
  /** IAM action prefix (the signing name), e.g. `elasticloadbalancing` for `elbv2`. */
  prefix: string;
  apiVersion: string;
  /** Operation name (PascalCase) → its input member names. */
  operations: Record<string, string[]>;
}

export interface AwsApiIndex {
  source: string;
  services: Record<string, ApiIndexService>;
}

let cachedIndex: AwsApiIndex | undefined;

/**
 * The package's own folder: the nearest one above `from` with a
 * package.json. In the source tree `from` is this module's folder; in the
 * built package (dist/…) the code moved but the data did not.
 */
export function packageRoot(from: string): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${from}`);
    directory = parent;
  }
  return directory;
}

/** Where the index ships: listed in the package's `files`, so it is deployed. */
export const AWS_API_INDEX_FILE =
  'src/remediation/validation/data/aws-api-index.json.gz';

/** The botocore-derived API index, read once (built by scripts/build-aws-api-index.ts). */
export function loadAwsApiIndex(): AwsApiIndex {
  if (!cachedIndex) {
    // eslint-disable-next-line no-restricted-syntax
    const file = join(packageRoot(__dirname), AWS_API_INDEX_FILE);
    cachedIndex = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  }
  return cachedIndex!;
}

export interface ResolvedOperation {
  serviceName: string;
  service: ApiIndexService;
  /** The operation's PascalCase name, whatever casing the document used. */
  operationName: string;
  inputMembers: string[];
}

const squash = (name: string) => name.replace(/[_-]/g, '').toLowerCase();

/** The service as SSM Automation names it (`Service: ec2`, case-insensitive). */
export function findService(
  serviceName: string,
): { serviceName: string; service: ApiIndexService } | undefined {
  const { services } = loadAwsApiIndex();
  const lower = serviceName.toLowerCase();
  if (services[lower]) return { serviceName: lower, service: services[lower] };
  return undefined;
}

/**
 * The operation `Api` names; SSM accepts the PascalCase operation name and
 * boto3's snake_case method name, so both resolve here.
 */
export function findOperation(
  service: ApiIndexService,
  apiName: string,
): string | undefined {
  if (service.operations[apiName]) return apiName;
  const wanted = squash(apiName);
  return Object.keys(service.operations).find(op => squash(op) === wanted);
}

/** The candidate closest to `name` (case-insensitive), if reasonably close. */
export function closestName(
  name: string,
  candidates: Iterable<string>,
): string | undefined {
  const wanted = squash(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(wanted.length / 3))
    ? best
    : undefined;
}

/** ` Did you mean "X"?` or nothing. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest ? ` Did you mean "${closest}"?` : '';
}
