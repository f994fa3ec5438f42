import { createHash, randomUUID } from 'crypto';
import { join, resolve } from 'path';
import { z } from 'zod';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AutomationRun,
  AutomationRunner,
  AutomationRunRequest,
} from '../ports';
import { templateDocument } from '../templateDocument';
import { createJsonFileExclusive, readJsonFile } from './jsonFiles';

export const LOCAL_RUN_NOTE =
  'Local runner: the automation was not executed in AWS; no resource was changed.';
const PLANNED = 'Planned (local)';
const EXECUTION_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const runRequestSchema = z.object({
  clientToken: z.string().min(1).max(500),
  documentName: z.string().min(1).max(128),
  parameters: z.record(z.array(z.string())),
  accountId: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits'),
  region: z
    .string()
    .regex(
      /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
      'an AWS region looks like us-east-1',
    ),
  templateYaml: z.string().optional(),
});

interface StoredRun extends AutomationRun {
  documentName: string;
  parameters: Record<string, string[]>;
  accountId: string;
  region: string;
  startedAt: string;
}

export interface LocalAutomationRunnerOptions {
  /** Delivery directory; runs live in `<directory>/automation`. */
  directory: string;
}

/**
 * {@link AutomationRunner} that records the run it would start: the steps
 * of the template's automation document, each planned, none executed.
 */
export class LocalAutomationRunner implements AutomationRunner {
  readonly mode = 'local' as const;
  private readonly root: string;

  constructor(options: LocalAutomationRunnerOptions) {
    this.root = join(resolve(options.directory), 'automation');
  }

  private tokenFile(clientToken: string): string {
    const key = createHash('sha256').update(clientToken).digest('hex');
    return join(this.root, `${key}.json`);
  }

  private executionFile(executionId: string): string {
    return join(this.root, 'executions', `${executionId}.json`);
  }

  async start(request: AutomationRunRequest): Promise<{ executionId: string }> {
    const parsed = runRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new InputError(
        `Invalid automation run: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const input = parsed.data;
    const tokenFile = this.tokenFile(input.clientToken);
    const existing = await readJsonFile<StoredRun>(tokenFile);
    if (existing) return { executionId: existing.executionId };

    const run: StoredRun = {
      executionId: randomUUID(),
      status: 'Success',
      mode: 'local',
      steps: plannedSteps(input.documentName, input.templateYaml),
      note: LOCAL_RUN_NOTE,
      documentName: input.documentName,
      parameters: input.parameters,
      accountId: input.accountId,
      region: input.region,
      startedAt: new Date().toISOString(),
    };
    // The by-id file first: a token file always has its execution file.
    await createJsonFileExclusive(this.executionFile(run.executionId), run);
    if (await createJsonFileExclusive(tokenFile, run)) {
      return { executionId: run.executionId };
    }
    // A concurrent start with this token won; its run is the one.
    const winner = await readJsonFile<StoredRun>(tokenFile);
    if (!winner) throw new Error('Automation run record vanished');
    return { executionId: winner.executionId };
  }

  async get(
    executionId: string,
    where: { accountId: string; region: string },
  ): Promise<AutomationRun> {
    if (!EXECUTION_ID.test(executionId)) {
      throw new InputError(
        `"${executionId}" is not an automation execution id`,
      );
    }
    const run = await readJsonFile<StoredRun>(this.executionFile(executionId));
    // Like SSM: an execution of another account or region is not found.
    if (
      !run ||
      run.accountId !== where.accountId ||
      run.region !== where.region
    ) {
      throw new NotFoundError(
        `No local automation execution ${executionId} in ${where.accountId} / ${where.region}`,
      );
    }
    return {
      executionId: run.executionId,
      status: run.status,
      mode: run.mode,
      steps: run.steps,
      ...(run.failureMessage ? { failureMessage: run.failureMessage } : {}),
      note: run.note,
    };
  }
}

/** The steps the run would execute: the template's document's mainSteps, or the named document. */
export function plannedSteps(
  documentName: string,
  templateYaml?: string,
): AutomationRun['steps'] {
  const steps = templateYaml
    ? templateDocument(templateYaml, documentName)?.steps
    : undefined;
  if (steps && steps.length > 0) {
    return steps.map(step => ({ ...step, status: PLANNED }));
  }
  return [
    { name: documentName, action: 'aws:executeAutomation', status: PLANNED },
  ];
}
