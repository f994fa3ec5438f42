/*
 * Builds the bundled control catalog (src/catalog/controls.json) from the
 * reference data set of Security Hub controls.
 *
 *   node_modules/.bin/tsx scripts/build-control-catalog.ts [securityhub-controls.json]
 *
 * The input path defaults to the shared reference data next to the repo.
 */
import { readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { duplicateOverrides, resourceTypeOfControl } from './resourceTypes';

const packageDir = resolve(__dirname, '..');
const inputPath = resolve(
  packageDir,
  process.argv[2] ?? '../../../shared/data/securityhub-controls.json',
);
const outputPath = resolve(packageDir, 'src/catalog/controls.json');

interface ReferenceControl {
  id: string;
  service: string;
  title: string;
  title_variants: string[] | null;
  severity: string;
  config_rule: string | null;
  runbook: string | null;
  in_current_fsbp_standard: boolean;
  status: string;
}

const SEVERITIES = new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);

/** The reference data explains doubtful statuses in prose; keep three states. */
function catalogStatus(status: string): 'active' | 'retired' | 'unverified' {
  if (status === 'active') return 'active';
  if (status.startsWith('unverified')) return 'unverified';
  if (status === 'retired' || status.includes('retired')) return 'retired';
  throw new Error(`unknown control status "${status}"`);
}

/** `tagged-foo (custom Security Hub rule)` → `tagged-foo`: keep the rule name only. */
function configRuleName(rule: string | null): string | null {
  const name = rule?.replace(/\s*\(.*\)\s*$/, '').trim();
  return name ? name : null;
}

function controlNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('.') + 1));
}

/**
 * One control as Prettier formats JSON (so `prettier --check` passes): one
 * key per line, arrays inline when they fit in 80 columns.
 */
function formatControl(control: Record<string, unknown>): string {
  const lines = Object.entries(control).map(([key, value]) => {
    const prefix = `    ${JSON.stringify(key)}: `;
    if (!Array.isArray(value)) return prefix + JSON.stringify(value);
    const items = value.map(item => JSON.stringify(item));
    const inline = `[${items.join(', ')}]`;
    if (prefix.length + inline.length + 1 <= 80) return prefix + inline;
    return `${prefix}[\n${items
      .map(item => `      ${item}`)
      .join(',\n')}\n    ]`;
  });
  return `  {\n${lines.join(',\n')}\n  }`;
}

function main() {
  const reference: ReferenceControl[] = JSON.parse(
    readFileSync(inputPath, 'utf8'),
  );
  const duplicates = duplicateOverrides();
  if (duplicates.length) {
    throw new Error(`resource type overridden twice: ${duplicates.join(', ')}`);
  }

  const unmapped: string[] = [];
  const controls = reference.map(control => {
    const severity = control.severity.toUpperCase();
    if (!SEVERITIES.has(severity)) {
      throw new Error(`${control.id}: unknown severity "${control.severity}"`);
    }
    const resourceType = resourceTypeOfControl(control.id, control.service);
    if (!resourceType) unmapped.push(control.id);
    return {
      id: control.id,
      service: control.service,
      title: control.title,
      titleVariants: control.title_variants ?? [],
      severity,
      configRule: configRuleName(control.config_rule),
      runbook: control.runbook,
      inFsbp: control.in_current_fsbp_standard,
      status: catalogStatus(control.status),
      resourceType: resourceType ?? '',
    };
  });
  if (unmapped.length) {
    throw new Error(
      `no resource type for ${unmapped.join(
        ', ',
      )}; add them to scripts/resourceTypes.ts`,
    );
  }

  // Service names differ in case (AutoScaling / Autoscaling.5): compare
  // case-insensitively so such controls stay together.
  controls.sort(
    (a, b) =>
      a.service.toLowerCase().localeCompare(b.service.toLowerCase()) ||
      controlNumber(a.id) - controlNumber(b.id) ||
      a.id.localeCompare(b.id),
  );

  writeFileSync(
    outputPath,
    `[\n${controls.map(formatControl).join(',\n')}\n]\n`,
  );
  process.stdout.write(
    `wrote ${controls.length} controls to ${outputPath} from ${inputPath}\n`,
  );
}

main();
