/**
 * The deployment files as the tests read them: the Kubernetes manifests,
 * the Dockerfile's instructions and what they put in the image.
 */
import fs from 'fs';
import path from 'path';
import { gunzipSync } from 'zlib';
import { parseAllDocuments } from 'yaml';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export const ROOT = path.resolve(__dirname, '../../../../..');
export const MANIFESTS = path.join(ROOT, 'infra/kubernetes');
export const DIST = path.join(ROOT, 'packages/backend/dist');
export const HEALTH = '/.backstage/health/v1';

export type Doc = Record<string, any>;
export const read = (file: string) =>
  fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Every document of every YAML file in infra/kubernetes, with its file. */
export const docs = fs
  .readdirSync(MANIFESTS)
  .filter(file => file.endsWith('.yaml'))
  .flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(MANIFESTS, file), 'utf8')).map(
      doc => ({ file, doc: doc.toJS() as Doc }),
    ),
  );
export const only = (kind: string) => {
  const found = docs.filter(d => d.doc.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}`);
  return found[0].doc;
};
export const kustomization = only('Kustomization');
export const deployment = only('Deployment') as IDeployment;
export const pod = deployment.spec!.template.spec!;
export const container = pod.containers[0];
export const secret = only('Secret');
export const podLabels = deployment.spec!.template.metadata!.labels!;

/** The schema of each kind these manifests use, from the Kubernetes OpenAPI. */
export const MODELS = [
  Namespace,
  ServiceAccount,
  ConfigMap,
  Secret,
  Service,
  Deployment,
  PodDisruptionBudget,
];
export function validate(doc: Doc) {
  const model = MODELS.find(
    m => m.apiVersion === doc.apiVersion && m.kind === doc.kind,
  );
  if (!model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
  new (model as unknown as new (data: Doc) => { validate(): void })(
    doc,
  ).validate();
}

export const portNumber = (port: number | string | undefined) =>
  typeof port === 'number'
    ? port
    : container.ports?.find(p => p.name === port)?.containerPort;

export const selects = (selector: Doc | undefined) =>
  Object.entries(selector ?? {}).every(([k, v]) => podLabels[k] === v) &&
  Object.keys(selector ?? {}).length > 0;

export function bytes(quantity: string) {
  const units: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
  };
  const [, n, unit] = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity)!;
  return Number(n) * (unit ? units[unit] : 1);
}

/** Dockerfile instructions, continuation lines joined and comments dropped. */
export function dockerfile() {
  const instructions: { keyword: string; args: string }[] = [];
  let current = '';
  for (const line of read('packages/backend/Dockerfile').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    const [, keyword, args] = /^\s*(\w+)\s+(.*)$/.exec(current + line)!;
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim() });
    current = '';
  }
  return instructions;
}
export const instructions = dockerfile();
export const cmd: string[] = JSON.parse(
  instructions.find(i => i.keyword === 'CMD')!.args,
);

/** Where each COPY source (a repository path) lands in the image. */
export function imageCopies() {
  let workdir = '/';
  const result: { image: string; source: string; dir: boolean }[] = [];
  for (const { keyword, args } of instructions) {
    if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, args);
    if (keyword !== 'COPY') continue;
    const words = args.split(/\s+/).filter(w => !w.startsWith('--'));
    const dest = words.pop()!;
    const target = path.posix.resolve(workdir, dest);
    for (const source of words) {
      const local = path.join(ROOT, source);
      // The tarballs exist only after a build.
      const dir = fs.existsSync(local) && fs.statSync(local).isDirectory();
      // A directory's contents land in the target; files land in it only
      // when the target is a directory.
      const intoDir = dir || dest.endsWith('/') || words.length > 1;
      const image =
        dir || !intoDir ? target : `${target}/${path.basename(source)}`;
      result.push({ image, source, dir });
    }
  }
  return result;
}
export const copies = imageCopies();

/** The directory the container starts in (the last WORKDIR). */
export const workdir = instructions.filter(i => i.keyword === 'WORKDIR').pop()!
  .args;

/** The repository file that provides an image path, if the image has it. */
export function imageSource(imagePath: string) {
  const absolute = path.posix.resolve(workdir, imagePath);
  for (const c of copies) {
    if (c.image === absolute && !c.dir) return c.source;
    if (c.dir && absolute.startsWith(`${c.image}/`)) {
      const file = path.join(c.source, absolute.slice(c.image.length + 1));
      if (fs.existsSync(path.join(ROOT, file))) return file;
    }
  }
  return undefined;
}

/** The ConfigMap key a container path is mounted from, if it is. */
export function mountedConfig(file: string) {
  const mount = container.volumeMounts?.find(m =>
    file.startsWith(`${m.mountPath}/`),
  );
  const volume = pod.volumes?.find(v => v.name === mount?.name);
  const configMap = docs.find(
    d =>
      d.doc.kind === 'ConfigMap' &&
      d.doc.metadata.name === volume?.configMap?.name,
  )?.doc;
  return configMap?.data?.[path.posix.basename(file)] as string | undefined;
}

export function readFromImage(file: string) {
  const source = imageSource(file);
  return source ? read(source) : '';
}

/** The config files the container passes with --config, with their text. */
export const configFiles = (container.args ?? []).flatMap((arg, i, args) =>
  args[i - 1] === '--config'
    ? [{ file: arg, text: mountedConfig(arg) ?? readFromImage(arg) }]
    : [],
);

/** The `${VAR}` substitutions of a config file (`$${…}` is a literal). */
export function variables(text: string) {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/(?<!\$)\$\{\s*(\w+)\s*\}/g)) {
        found.add(m[1]);
      }
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  parseAllDocuments(text).forEach(doc => walk(doc.toJS()));
  return [...found];
}

/** File names and pax/GNU long names of a .tar.gz, enough to list it. */
export function tarEntries(file: string) {
  const data = gunzipSync(fs.readFileSync(file));
  const names: string[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= data.length; ) {
    const field = (from: number, to: number) =>
      data
        .subarray(at + from, at + to)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    if (!field(0, 100)) break;
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157);
    const body = data.subarray(at + 512, at + 512 + size).toString('utf8');
    if (type === 'x') longName = /\d+ path=(.*)\n/.exec(body)?.[1];
    else if (type === 'L') longName = body.replace(/\0.*$/s, '');
    else {
      const prefix = field(345, 500);
      names.push(longName ?? (prefix ? `${prefix}/` : '') + field(0, 100));
      longName = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names.map(name => name.replace(/^\.\//, ''));
}
