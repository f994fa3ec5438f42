import { readFile } from 'fs/promises';
import {
  describeZodError,
  getControl,
  listControls,
  type SecurityHubControl,
} from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod';

/** The controls a retriever knows: the bundled catalog or a refreshed one. */
export interface ControlCatalog {
  list(): readonly SecurityHubControl[];
  /** By id, ignoring case. */
  get(id: string): SecurityHubControl | undefined;
}

/** The catalog bundled with the product. */
export const BUNDLED_CONTROL_CATALOG: ControlCatalog = {
  list: listControls,
  get: getControl,
};

/** A catalog of the given controls (e.g. refreshed from Security Hub). */
export function controlCatalog(
  controls: readonly SecurityHubControl[],
): ControlCatalog {
  const byId = new Map(controls.map(c => [c.id.toLowerCase(), c]));
  return { list: () => controls, get: id => byId.get(id.toLowerCase()) };
}

const controlSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*\.\d{1,3}$/, 'must look like S3.5'),
  service: z.string().min(1),
  title: z.string().min(1),
  titleVariants: z.array(z.string()),
  severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
  configRule: z.string().nullable(),
  runbook: z.string().nullable(),
  inFsbp: z.boolean(),
  status: z.enum(['active', 'retired', 'unverified']),
  resourceType: z.string(),
});

/**
 * Reads a catalog written by `yarn remediation catalog-refresh --out FILE`.
 * The whole file is checked; an error names the file and the control.
 */
export async function readControlCatalogFile(
  file: string,
): Promise<ControlCatalog> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Control catalog ${file} cannot be read: ${(error as Error).message}`,
    );
  }
  const result = z
    .array(controlSchema)
    .min(1, 'holds no controls')
    .safeParse(parsed);
  if (!result.success) {
    throw new Error(
      `Control catalog ${file} is not a control list as catalog-refresh writes it: ${describeZodError(
        result.error,
      )}`,
    );
  }
  return controlCatalog(result.data);
}
