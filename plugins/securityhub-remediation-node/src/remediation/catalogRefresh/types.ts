import type {
  ConfigurationOptions,
  ControlStatus,
  ParameterConfiguration,
  RegionAvailabilityStatus,
  SecurityControlsProvider,
  UpdateStatus,
} from '@aws-sdk/client-securityhub';
import type {
  ControlSeverity,
  SecurityHubControl,
} from '@internal/plugin-securityhub-remediation-common';

/** A parameter a control accepts, from `ParameterDefinitions`. @public */
export interface ControlParameterDefinition {
  name: string;
  description: string | undefined;
  /** The SDK's type-keyed options (`Integer`, `StringList`, …) with defaults and bounds. */
  options: ConfigurationOptions | undefined;
}

/** One `SecurityControlDefinition` of `ListSecurityControlDefinitions`. @public */
export interface LiveControlDefinition {
  /** Control id such as `S3.5`. */
  id: string;
  title: string;
  description: string;
  /** `SeverityRating` lowercased: `critical`, `high`, `medium`, `low`; an unknown label passes through. */
  severity: string | undefined;
  currentRegionAvailability: RegionAvailabilityStatus | undefined;
  remediationUrl: string | undefined;
  /** `AWS`, or another cloud for multicloud controls; absent on older API responses. */
  provider?: SecurityControlsProvider;
  /** Sorted by name; absent when the control takes no parameters. */
  parameters?: ControlParameterDefinition[];
}

/** The definitions of one region, and whether they are all of them. @public */
export interface LiveControlList {
  definitions: LiveControlDefinition[];
  /**
   * True for the unfiltered list of a region, read to its last page; false
   * for the list of one standard. Only a complete list may retire controls.
   */
  complete: boolean;
  /** The `StandardsArn` filter the list was read with, if any. */
  standardsArn?: string;
}

/** The account's view of one control, from `BatchGetSecurityControls`. @public */
export interface LiveControlStatus {
  id: string;
  status: ControlStatus | undefined;
  /** `UPDATING` while a parameter change is being applied. */
  updateStatus: UpdateStatus | undefined;
  title: string | undefined;
  /** `SeverityRating` lowercased, as in {@link LiveControlDefinition}. */
  severity: string | undefined;
  parameters?: Record<string, ParameterConfiguration>;
}

/** An id Security Hub did not return a control for. @public */
export interface UnprocessedControl {
  id: string;
  /** The API's `ErrorCode`, or `MISSING_FROM_RESPONSE` when the id was neither returned nor listed as unprocessed. */
  errorCode: string;
  reason?: string;
}

/** @public */
export interface ControlStatusResult {
  /** In the order the ids were asked for. */
  controls: LiveControlStatus[];
  unprocessed: UnprocessedControl[];
}

/** @public */
export interface ControlChange<T> {
  id: string;
  from: T;
  to: T;
}

/** What a refresh changed, for an operator to review. @public */
export interface ControlCatalogDiff {
  /** Whether retirement was evaluated (only a complete live list can retire). */
  liveListComplete: boolean;
  /** New controls; `resourceType` is '' when it could not be told. */
  added: Pick<
    SecurityHubControl,
    'id' | 'title' | 'severity' | 'resourceType'
  >[];
  retitled: ControlChange<string>[];
  severityChanged: ControlChange<ControlSeverity>[];
  /** Bundled controls missing from the complete live list. */
  retired: string[];
  /** Bundled `retired` or `unverified` controls that the live list has. */
  reactivated: ControlChange<SecurityHubControl['status']>[];
  fsbpChanged: ControlChange<boolean>[];
  /** Live data that was not applied, and why. */
  notApplied: { id: string; reason: string }[];
}

/** @public */
export interface MergedControlCatalog {
  controls: SecurityHubControl[];
  diff: ControlCatalogDiff;
}
