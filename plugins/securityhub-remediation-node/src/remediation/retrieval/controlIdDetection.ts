import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';
import type { RetrievalEvidence } from './ControlRetriever';
import { BUNDLED_CONTROL_CATALOG, type ControlCatalog } from './controlCatalog';
import legacyIdsJson from './legacyControlIds.json';

/** A control id found verbatim in the input, with where it was found. */
export interface DetectedControlId {
  controlId: string;
  evidence: RetrievalEvidence;
}

/** What of a finding is useful to find its control. */
export interface FindingSignals {
  ids: DetectedControlId[];
  title?: string;
  /**
   * The finding's description: ranking evidence for the local index only,
   * never sent to a model (anyone who can import a finding writes it).
   */
  description?: string;
  resourceType?: string;
}

const idPatterns = new WeakMap<ControlCatalog, RegExp>();

/**
 * `S3.5`, `s3.5`, `S3-5`, `s3 5` for every service prefix in the catalog.
 * Built from the catalog so "TLS 1.2" or "port 22" never look like ids.
 */
function controlIdPattern(catalog: ControlCatalog): RegExp {
  let idPattern = idPatterns.get(catalog);
  if (!idPattern) {
    const prefixes = [
      ...new Set(catalog.list().map(c => c.id.split('.')[0].toLowerCase())),
    ]
      // longest first so `RedshiftServerless` wins over `Redshift`
      .sort((a, b) => b.length - a.length)
      .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    idPattern = new RegExp(
      `(?<![a-z0-9])(${prefixes.join('|')})[.\\-_](\\d{1,3})(?![0-9]|\\.\\d)`,
      'gi',
    );
    idPatterns.set(catalog, idPattern);
  }
  return new RegExp(idPattern.source, idPattern.flags);
}

/**
 * A standard's own control id from before consolidated controls (PCI DSS
 * v3.2.1: `PCI.CloudTrail.1`), lower-cased → the security control id it
 * became (`CloudTrail.2`). Read as an id of its own, never as the control
 * id its tail resembles.
 */
const LEGACY_IDS = new Map(
  Object.entries(legacyIdsJson.ids).map(([legacy, id]) => [
    legacy.toLowerCase(),
    id,
  ]),
);
const LEGACY_ID =
  /(?<![a-z0-9])pci[.\-_ ]([a-z0-9]+)[.\-_](\d{1,3})(?![0-9]|\.\d)/gi;

/** Control ids written in free text, in order of appearance, deduplicated. */
export function detectControlIds(
  text: string,
  field = 'control_id',
  catalog: ControlCatalog = BUNDLED_CONTROL_CATALOG,
): DetectedControlId[] {
  const found = new Map<string, DetectedControlId>();
  const hits: Array<{ index: number; hit: DetectedControlId }> = [];
  // Legacy ids first, blanked out so their tail is not read as an id.
  const rest = text.replace(LEGACY_ID, (match, service, number, index) => {
    const controlId = LEGACY_IDS.get(`pci.${service}.${number}`.toLowerCase());
    const control = controlId ? catalog.get(controlId) : undefined;
    if (control)
      hits.push({
        index,
        hit: { controlId: control.id, evidence: { field, text: match } },
      });
    return ' '.repeat(match.length);
  });
  for (const match of rest.matchAll(controlIdPattern(catalog))) {
    const control = catalog.get(`${match[1]}.${match[2]}`);
    if (control)
      hits.push({
        index: match.index!,
        hit: { controlId: control.id, evidence: { field, text: match[0] } },
      });
  }
  for (const { hit } of hits.sort((a, b) => a.index - b.index))
    if (!found.has(hit.controlId)) found.set(hit.controlId, hit);
  return [...found.values()];
}

const configRuleIndexes = new WeakMap<ControlCatalog, Map<string, string>>();

/** AWS Config rule name → the one control it checks (shared rules left out). */
function configRuleIndex(catalog: ControlCatalog): Map<string, string> {
  let index = configRuleIndexes.get(catalog);
  if (!index) {
    const controls = new Map<string, string[]>();
    for (const control of catalog.list()) {
      const rule = control.configRule?.toLowerCase();
      if (rule) controls.set(rule, [...(controls.get(rule) ?? []), control.id]);
    }
    index = new Map(
      [...controls]
        .filter(([, ids]) => ids.length === 1)
        .map(([rule, [id]]) => [rule, id]),
    );
    configRuleIndexes.set(catalog, index);
  }
  return index;
}

const HYPHENATED_NAME = /(?<![a-z0-9-])[a-z0-9]+(?:-[a-z0-9]+)+(?![a-z0-9-])/gi;

/**
 * Controls whose AWS Config rule is named in the text: as the catalog names
 * it (`secretsmanager-secret-periodic-rotation`) or as Security Hub deploys
 * it (`securityhub-<rule>-<suffix>`). A rule name is as precise as an id.
 */
export function detectConfigRules(
  text: string,
  catalog: ControlCatalog = BUNDLED_CONTROL_CATALOG,
): DetectedControlId[] {
  const index = configRuleIndex(catalog);
  const found = new Map<string, DetectedControlId>();
  for (const [name] of text.matchAll(HYPHENATED_NAME)) {
    const lower = name.toLowerCase();
    const deployed = lower.startsWith('securityhub-')
      ? lower.slice('securityhub-'.length)
      : undefined;
    const controlId =
      index.get(lower) ??
      (deployed &&
        (index.get(deployed) ??
          index.get(deployed.replace(/-[a-z0-9]{6,}$/, ''))));
    if (controlId && !found.has(controlId))
      found.set(controlId, {
        controlId,
        evidence: { field: 'config_rule', text: name },
      });
  }
  return [...found.values()];
}

type LooseFinding = Partial<
  Pick<
    AsffFinding,
    'Title' | 'Description' | 'GeneratorId' | 'Compliance' | 'ProductFields'
  >
> & { Resources?: Array<{ Type?: unknown }> };

const MAX_QUERY_FIELD_LENGTH = 300;

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Reads a pasted finding (a single ASFF object or a `get-findings` document).
 * Pasted findings are often partial, so no schema validation here: only the
 * fields we read are type-checked.
 */
export function parseFindingText(text: string): LooseFinding | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  if (Array.isArray(record.Findings)) {
    const first: unknown = record.Findings[0];
    return first && typeof first === 'object'
      ? (first as LooseFinding)
      : undefined;
  }
  return record as LooseFinding;
}

/** Ids, title and resource type of a finding, most trustworthy id first. */
export function findingSignals(
  finding: LooseFinding,
  catalog: ControlCatalog = BUNDLED_CONTROL_CATALOG,
): FindingSignals {
  const ids = new Map<string, DetectedControlId>();
  const add = (value: unknown, field: string) => {
    const text = asString(value);
    if (!text) return;
    for (const hit of detectControlIds(text, field, catalog)) {
      if (!ids.has(hit.controlId)) ids.set(hit.controlId, hit);
    }
  };
  add(
    finding.Compliance?.SecurityControlId,
    'finding.Compliance.SecurityControlId',
  );
  add(finding.ProductFields?.ControlId, 'finding.ProductFields.ControlId');
  const generatorId = asString(finding.GeneratorId);
  // Consolidated findings: `security-control/S3.5`; per-standard findings end
  // in `/S3.5` (FSBP) or a CIS rule number, which the catalog check filters.
  const generatorControl = generatorId?.match(/[^/]+$/)?.[0];
  add(generatorControl, 'finding.GeneratorId');
  const resourceType = Array.isArray(finding.Resources)
    ? asString(finding.Resources[0]?.Type)
    : undefined;
  return {
    ids: [...ids.values()],
    title: asString(finding.Title),
    description: asString(finding.Description)?.slice(
      0,
      MAX_QUERY_FIELD_LENGTH,
    ),
    resourceType,
  };
}

/** Keeps a finding field as one plain line so it cannot read as instructions. */
function sanitise(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_FIELD_LENGTH);
}

/**
 * The query sent to a semantic retriever for a finding. Only the control id,
 * title and resource type are used, as quoted data: descriptions and
 * remediation texts of findings can be written by anyone who can import one.
 */
export function findingQueryText(finding: LooseFinding): string {
  const signals = findingSignals(finding);
  const parts = ['Security Hub control for a finding.'];
  if (signals.ids[0]) parts.push(`Control id: "${signals.ids[0].controlId}".`);
  if (signals.title)
    parts.push(
      `Finding title: "${sanitise(signals.title).replace(/"/g, "'")}".`,
    );
  if (signals.resourceType) {
    parts.push(
      `Resource type: "${sanitise(signals.resourceType).replace(/"/g, "'")}".`,
    );
  }
  return parts.join(' ');
}
