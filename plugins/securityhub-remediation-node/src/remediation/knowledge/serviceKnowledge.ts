/**
 * The knowledge of each Security Hub service lives in one data file,
 * `services/<service>.yaml` (file name: the lower-case service prefix of its
 * control ids), keyed by control id: guidance, symptom phrases, the AWS-owned
 * runbook mapping, the reason a control cannot be automated and the curated
 * automation. A curated script step names a Python file beside the data
 * (`Script: { file: s3/S3.5-AddDenyInsecureTransport.py }`); the loader puts
 * the file's text into the step, so the rendered document carries it as is.
 *
 * Every file is read once, on first use, and checked: its schema
 * (serviceKnowledgeSchema.ts), that each control id is a catalog id of the
 * file's service, and that each script file exists in the service's folder.
 * A problem fails the load with the file, the control id and the field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  getControl,
  listControls,
} from '@internal/plugin-securityhub-remediation-common';
import type { CuratedAutomation } from '../curated/types';
import { packageRoot } from '../validation/awsApiIndex';
import {
  CONTROL_FIELDS,
  serviceFileSchema,
  type ServiceFile,
} from './serviceKnowledgeSchema';
import type {
  AwsRunbookRemediation,
  CannotAutomate,
  RemediationGuidance,
} from './types';

/** Where the data ships: listed in the package's `files`, so it is deployed. */
export const SERVICE_KNOWLEDGE_FOLDER = 'src/remediation/knowledge/services';

/** Everything the data files hold about one control. */
export interface ControlEntry {
  controlId: string;
  /** The data file, relative to the services folder (`s3.yaml`). */
  file: string;
  guidance?: RemediationGuidance;
  symptoms?: readonly string[];
  cannotAutomate?: CannotAutomate;
  runbook?: AwsRunbookRemediation;
  curated?: CuratedAutomation;
}

/** The entries of all service files, by exact control id, in catalog order. */
export interface ServiceKnowledge {
  controls: ReadonlyMap<string, ControlEntry>;
}

/** The data files hold problems; `problems` has one line per problem. */
export class ServiceKnowledgeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid service knowledge:\n  ${problems.join('\n  ')}`);
    this.name = 'ServiceKnowledgeError';
  }
}

const FILE_NAME = /^[a-z0-9]+\.yaml$/;

/** `['curated', 'steps', 0, 'name']` → `curated.steps[0].name`. */
function fieldPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`,
    )
    .join('');
}

function schemaProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map(issue => {
    const [top, controlId, ...field] = issue.path;
    if (top === 'controls' && controlId !== undefined) {
      const where = field.length > 0 ? `${fieldPath(field)}: ` : '';
      return `${file}: ${controlId}: ${where}${issue.message}`;
    }
    return `${file}: ${fieldPath(issue.path) || '(top)'}: ${issue.message}`;
  });
}

/** Problems of one file's entries: the file's service, the catalog, content. */
function entryProblems(file: string, data: ServiceFile): string[] {
  const service = file.slice(0, -'.yaml'.length);
  const problems: string[] = [];
  if (data.service.toLowerCase() !== service) {
    problems.push(
      `${file}: service: ${data.service} is not the service of ${file}`,
    );
  }
  for (const [controlId, entry] of Object.entries(data.controls)) {
    if (Object.keys(entry).length === 0) {
      problems.push(
        `${file}: ${controlId}: an entry needs at least one of ${CONTROL_FIELDS.join(
          ', ',
        )}`,
      );
    }
    const prefix = controlId.split('.')[0];
    const control = getControl(controlId);
    if (prefix.toLowerCase() !== service) {
      problems.push(
        `${file}: ${controlId}: belongs to service ${prefix} (${prefix.toLowerCase()}.yaml), not ${
          data.service
        }`,
      );
    } else if (!control) {
      problems.push(`${file}: ${controlId}: not a control of the catalog`);
    } else if (control.id !== controlId) {
      problems.push(
        `${file}: ${controlId}: the catalog spells it ${control.id}`,
      );
    }
  }
  return problems;
}

/**
 * The file's entries with each script step's `{ file }` replaced by the
 * file's text; problems for scripts outside the service's folder or missing.
 */
function resolveEntries(
  folder: string,
  file: string,
  data: ServiceFile,
  problems: string[],
): ControlEntry[] {
  const service = file.slice(0, -'.yaml'.length);
  return Object.entries(data.controls).map(([controlId, control]) => {
    const { cannotAutomate, runbook, curated, ...rest } = control;
    const entry: ControlEntry = { controlId, file, ...rest };
    if (cannotAutomate) entry.cannotAutomate = { controlId, ...cannotAutomate };
    if (runbook) entry.runbook = { controlId, ...runbook };
    if (!curated) return entry;
    const steps = curated.steps.map((step, index) => {
      if (step.action !== 'aws:executeScript') return step;
      const script = (step.inputs.Script as { file: string }).file;
      const where = `${file}: ${controlId}: curated.steps[${index}].inputs.Script.file`;
      const path = join(folder, script);
      if (!script.startsWith(`${service}/`)) {
        problems.push(`${where}: ${script} is not in the folder ${service}/`);
      } else if (!existsSync(path) || !statSync(path).isFile()) {
        problems.push(`${where}: no such file ${script}`);
      } else {
        const source = readFileSync(path, 'utf8');
        return { ...step, inputs: { ...step.inputs, Script: source } };
      }
      return step;
    });
    entry.curated = { controlId, ...curated, steps };
    return entry;
  });
}

/**
 * Reads and checks every service file of a folder (uncached; see
 * {@link serviceKnowledge}). Throws a {@link ServiceKnowledgeError} listing
 * every problem found.
 */
export function loadServiceKnowledge(folder: string): ServiceKnowledge {
  const problems: string[] = [];
  const entries: ControlEntry[] = [];
  const names = readdirSync(folder).filter(name => /\.ya?ml$/i.test(name));
  for (const file of names.sort()) {
    if (!FILE_NAME.test(file)) {
      problems.push(
        `${file}: a service file is named <lower-case service prefix>.yaml`,
      );
      continue;
    }
    const document = parseDocument(readFileSync(join(folder, file), 'utf8'));
    if (document.errors.length > 0) {
      const error = document.errors[0];
      problems.push(`${file}: not valid YAML: ${error.message.split('\n')[0]}`);
      continue;
    }
    const raw: unknown = document.toJS();
    const checked = serviceFileSchema.safeParse(raw);
    if (!checked.success) {
      problems.push(...schemaProblems(file, checked.error));
      continue;
    }
    // Keep the data as read: zod's output would list each object's keys in
    // the schema's order, and step key order shows in rendered documents.
    const data = raw as ServiceFile;
    const fileProblems = entryProblems(file, data);
    problems.push(...fileProblems);
    if (fileProblems.length === 0) {
      entries.push(...resolveEntries(folder, file, data, problems));
    }
  }
  if (problems.length > 0) throw new ServiceKnowledgeError(problems);
  const order = new Map(listControls().map((control, i) => [control.id, i]));
  entries.sort((a, b) => order.get(a.controlId)! - order.get(b.controlId)!);
  return { controls: new Map(entries.map(entry => [entry.controlId, entry])) };
}

let cached: ServiceKnowledge | undefined;

/** The package's service files, read and checked once, on first use. */
export function serviceKnowledge(): ServiceKnowledge {
  if (!cached) {
    // Found from the package root, so it also works from the built package.
    // eslint-disable-next-line no-restricted-syntax
    const folder = join(packageRoot(__dirname), SERVICE_KNOWLEDGE_FOLDER);
    cached = loadServiceKnowledge(folder);
  }
  return cached;
}

/** The entries that hold a given field, in catalog order. */
export function entriesWith<K extends keyof ControlEntry>(
  field: K,
): Array<ControlEntry & Required<Pick<ControlEntry, K>>> {
  return [...serviceKnowledge().controls.values()].filter(
    (entry): entry is ControlEntry & Required<Pick<ControlEntry, K>> =>
      entry[field] !== undefined,
  );
}

/**
 * A read-only array whose items are computed on first access, so exported
 * lists (CURATED_AUTOMATIONS…) do not read the data files at import time.
 */
export function lazyList<T>(load: () => readonly T[]): readonly T[] {
  let items: readonly T[] | undefined;
  const list = () => (items ??= load());
  const refuse = () => false;
  return new Proxy([] as T[], {
    get: (_, key) => Reflect.get(list(), key),
    has: (_, key) => Reflect.has(list(), key),
    ownKeys: () => Reflect.ownKeys(list()),
    getOwnPropertyDescriptor: (_, key) =>
      Reflect.getOwnPropertyDescriptor(list(), key),
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}
