import { existsSync } from 'fs';
import { mkdir, writeFile } from 'fs/promises';
import { join, resolve } from 'path';
import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';
import { readAsffFile } from '../../findings/asff/parseAsffFile';
import { LocalControlRetriever } from '../retrieval';
import {
  AUTOMATION_PREFERENCES,
  renderRemediation,
  type AutomationPreference,
  type RemediationAnswer,
} from '../templates/renderRemediation';
import { isValidStackName } from '../templates/stackName';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './main';

const CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

/** The finding to render: the one with `--id`, else the file's only/first finding. */
async function findingFromFile(
  path: string,
  id: string | undefined,
  io: CliIo,
): Promise<AsffFinding> {
  const findings = await readAsffFile(path);
  if (id) {
    const match = findings.find(f => f.Id === id);
    if (!match) throw new UsageError(`${path} has no finding with Id ${id}`);
    return match;
  }
  if (findings.length > 1) {
    io.err(
      `${path} holds ${findings.length} findings; rendering the first (choose one with --id)`,
    );
  }
  return findings[0];
}

/** The control a finding is about: its SecurityControlId, else the best retrieval match. */
async function controlOf(finding: AsffFinding): Promise<string> {
  const stated = finding.Compliance?.SecurityControlId;
  if (stated) return stated;
  const [best] = await new LocalControlRetriever().retrieve(
    { finding },
    { limit: 1 },
  );
  if (!best)
    throw new Error(`cannot tell which control finding ${finding.Id} is about`);
  return best.controlId;
}

function describe(answer: RemediationAnswer, files: string[]): string {
  if (answer.kind === 'cannot-automate') {
    return [
      `${answer.controlId} (${answer.controlTitle}) cannot be automated: ${answer.reason}`,
      'Manual steps:',
      ...answer.manualSteps.map((step, i) => `  ${i + 1}. ${step}`),
      `Source: ${answer.source}`,
    ].join('\n');
  }
  if (answer.kind === 'not-automated') {
    const guidance = answer.guidance
      ? [
          '',
          answer.guidance.summary,
          ...answer.guidance.steps.map((s, i) => `  ${i + 1}. ${s}`),
        ]
      : [];
    return [
      `${answer.controlId} (${answer.controlTitle}) has no automation yet.`,
      ...guidance,
    ].join('\n');
  }
  const lines = [
    `${answer.controlId} (${answer.controlTitle}): ${
      answer.kind === 'aws-runbook'
        ? `AWS runbook ${answer.runbook}`
        : 'curated automation'
    }`,
    ...files.map(f => `  wrote ${f}`),
  ];
  for (const missing of answer.missingParameters) {
    lines.push(
      `  fill ${missing.name} in the params file: ${missing.description}`,
    );
  }
  for (const caveat of answer.caveats) lines.push(`  caveat: ${caveat}`);
  return lines.join('\n');
}

function preferenceOf(args: ParsedArgs): AutomationPreference | undefined {
  const value = args.flags.prefer;
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    !(AUTOMATION_PREFERENCES as readonly string[]).includes(value)
  )
    throw new UsageError(
      `--prefer takes one of: ${AUTOMATION_PREFERENCES.join(', ')}`,
    );
  return value as AutomationPreference;
}

export async function renderCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  const [input] = args.positional;
  if (!input)
    throw new UsageError('render needs a finding JSON file or a control id');
  const id = typeof args.flags.id === 'string' ? args.flags.id : undefined;
  const prefer = preferenceOf(args);

  let answer: RemediationAnswer;
  if (CONTROL_ID.test(input) && !existsSync(input)) {
    answer = renderRemediation({ controlId: input, prefer });
  } else {
    if (!existsSync(input))
      throw new UsageError(
        `${input} is neither a file nor a control id (e.g. S3.5)`,
      );
    const finding = await findingFromFile(input, id, io);
    answer = renderRemediation({
      controlId: await controlOf(finding),
      finding,
      prefer,
    });
  }

  const files: string[] = [];
  if (answer.kind === 'aws-runbook' || answer.kind === 'curated') {
    // The name comes from a catalog control id; checked again before it becomes a path.
    if (!isValidStackName(answer.name))
      throw new Error(`refusing to write files named ${answer.name}`);
    const out = resolve(
      typeof args.flags.out === 'string' ? args.flags.out : '.',
    );
    await mkdir(out, { recursive: true });
    const template = join(out, `${answer.name}.yaml`);
    const parameters = join(out, `${answer.name}-params.json`);
    await writeFile(template, answer.templateYaml);
    await writeFile(parameters, answer.parametersJson);
    files.push(template, parameters);
  }
  if (args.flags.json) {
    const {
      template: _template,
      templateYaml: _yaml,
      ...summary
    } = answer as RemediationAnswer & {
      template?: unknown;
      templateYaml?: unknown;
    };
    io.out(JSON.stringify({ ...summary, files }, null, 2));
  } else {
    io.out(describe(answer, files));
  }
  return 0;
}
