import type {
  ControlSeverity,
  SecurityHubControl,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  ControlCatalogDiff,
  LiveControlDefinition,
  LiveControlList,
  MergedControlCatalog,
} from './types';

/** @public */
export interface MergeControlCatalogOptions {
  /** Ids of the FSBP standard's controls; when given, sets `inFsbp` of every control. */
  fsbpIds?: Iterable<string>;
  /**
   * Resource type of a new control when the caller knows it (a reviewed
   * mapping); `undefined` falls back to the catalog's own evidence.
   */
  resourceTypeOf?: (definition: LiveControlDefinition) => string | undefined;
}

const SEVERITIES: ReadonlySet<string> = new Set<ControlSeverity>([
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
]);

function parseSeverity(label: string | undefined): ControlSeverity | undefined {
  const upper = label?.toUpperCase();
  return upper && SEVERITIES.has(upper)
    ? (upper as ControlSeverity)
    : undefined;
}

function normalizedTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ').toLowerCase();
}

function serviceOf(id: string): string {
  return id.split('.')[0];
}

function controlNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('.') + 1));
}

/** The bundled catalog's order: service ignoring case, then control number. */
function compareControls(a: SecurityHubControl, b: SecurityHubControl) {
  return (
    a.service.toLowerCase().localeCompare(b.service.toLowerCase()) ||
    controlNumber(a.id) - controlNumber(b.id) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Resource type of a new control from the bundled catalog: only when a
 * bundled control of the same service has exactly this title (as title or
 * variant), i.e. the same check under a new id, and all such controls agree.
 * Looser evidence (same service, similar title subject) guessed wrong in a
 * leave-one-out run over the bundled catalog (S3.1 and IAM.9 report
 * `AwsAccount`, not the bucket or user their titles name), so the type is
 * left '' instead and the operator fills it in.
 */
function resourceTypeFromBundled(
  definition: LiveControlDefinition,
  bundled: readonly SecurityHubControl[],
): string {
  const service = serviceOf(definition.id).toLowerCase();
  const title = normalizedTitle(definition.title);
  if (!title) return '';
  const types = new Set(
    bundled
      .filter(
        control =>
          control.service.toLowerCase() === service &&
          control.resourceType &&
          [control.title, ...control.titleVariants].some(
            known => normalizedTitle(known) === title,
          ),
      )
      .map(control => control.resourceType),
  );
  return types.size === 1 ? [...types][0] : '';
}

function titleVariantsAfterRetitle(
  bundled: SecurityHubControl,
  liveTitle: string,
): string[] {
  // Findings keep the wording of the day they were generated, so the old
  // title stays searchable; the new title is no longer a variant.
  const variants = [...bundled.titleVariants, bundled.title].filter(
    variant => variant !== liveTitle,
  );
  return [...new Set(variants)];
}

function emptyDiff(liveListComplete: boolean): ControlCatalogDiff {
  return {
    liveListComplete,
    added: [],
    retitled: [],
    severityChanged: [],
    retired: [],
    reactivated: [],
    fsbpChanged: [],
    notApplied: [],
  };
}

/**
 * The bundled catalog refreshed with a live list: live titles and severities
 * win, new AWS controls are added, and — only when the list is complete —
 * bundled controls the list no longer has are marked retired. Pure; the
 * `diff` says what changed.
 *
 * @public
 */
export function mergeControlCatalog(
  bundled: readonly SecurityHubControl[],
  live: LiveControlList,
  options: MergeControlCatalogOptions = {},
): MergedControlCatalog {
  const diff = emptyDiff(live.complete);
  const fsbpIds = options.fsbpIds ? new Set(options.fsbpIds) : undefined;
  const liveById = new Map(live.definitions.map(d => [d.id, d]));
  const bundledIds = new Set(bundled.map(control => control.id));

  const inFsbpOf = (id: string, current: boolean) =>
    fsbpIds ? fsbpIds.has(id) : current;

  const refreshed = bundled.map((control): SecurityHubControl => {
    const definition = liveById.get(control.id);
    let next: SecurityHubControl = {
      ...control,
      inFsbp: inFsbpOf(control.id, control.inFsbp),
    };
    if (!definition) {
      // A region's unfiltered list holds every control Security Hub defines,
      // the ones unavailable in that region too (flagged UNAVAILABLE), and
      // AWS drops a control from it when the control is retired. So absence
      // from a complete list means retired; absence from a standard's list
      // only means "not in that standard".
      if (live.complete && control.status !== 'retired') {
        next.status = 'retired';
        diff.retired.push(control.id);
      }
    } else {
      next = applyDefinition(next, definition, diff);
    }
    if (next.inFsbp !== control.inFsbp) {
      diff.fsbpChanged.push({
        id: control.id,
        from: control.inFsbp,
        to: next.inFsbp,
      });
    }
    return next;
  });

  const added: SecurityHubControl[] = [];
  for (const definition of live.definitions) {
    if (bundledIds.has(definition.id)) continue;
    const control = newControl(definition, bundled, options, diff);
    if (!control) continue;
    control.inFsbp = inFsbpOf(control.id, false);
    added.push(control);
    diff.added.push({
      id: control.id,
      title: control.title,
      severity: control.severity,
      resourceType: control.resourceType,
    });
  }

  return { controls: [...refreshed, ...added].sort(compareControls), diff };
}

function applyDefinition(
  control: SecurityHubControl,
  definition: LiveControlDefinition,
  diff: ControlCatalogDiff,
): SecurityHubControl {
  const next = { ...control };
  if (definition.title && definition.title !== control.title) {
    next.title = definition.title;
    next.titleVariants = titleVariantsAfterRetitle(control, definition.title);
    diff.retitled.push({
      id: control.id,
      from: control.title,
      to: definition.title,
    });
  }
  const severity = parseSeverity(definition.severity);
  if (!severity) {
    diff.notApplied.push({
      id: control.id,
      reason: `unknown severity '${definition.severity ?? ''}'; kept ${
        control.severity
      }`,
    });
  } else if (severity !== control.severity) {
    next.severity = severity;
    diff.severityChanged.push({
      id: control.id,
      from: control.severity,
      to: severity,
    });
  }
  if (control.status !== 'active') {
    next.status = 'active';
    diff.reactivated.push({
      id: control.id,
      from: control.status,
      to: 'active',
    });
  }
  return next;
}

function newControl(
  definition: LiveControlDefinition,
  bundled: readonly SecurityHubControl[],
  options: MergeControlCatalogOptions,
  diff: ControlCatalogDiff,
): SecurityHubControl | undefined {
  // The catalog describes ASFF findings of AWS resources.
  if (definition.provider && definition.provider !== 'AWS') {
    diff.notApplied.push({
      id: definition.id,
      reason: `provider ${definition.provider} is not AWS; not added`,
    });
    return undefined;
  }
  const severity = parseSeverity(definition.severity);
  if (!severity || !definition.title) {
    diff.notApplied.push({
      id: definition.id,
      reason: !severity
        ? `unknown severity '${definition.severity ?? ''}'; not added`
        : 'no title; not added',
    });
    return undefined;
  }
  return {
    id: definition.id,
    service: serviceOf(definition.id),
    title: definition.title,
    titleVariants: [],
    severity,
    // The definition names neither; leave them to the curated data.
    configRule: null,
    runbook: null,
    inFsbp: false,
    status: 'active',
    resourceType:
      options.resourceTypeOf?.(definition) ??
      resourceTypeFromBundled(definition, bundled),
  };
}
