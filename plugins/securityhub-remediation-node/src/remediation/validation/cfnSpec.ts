import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

/**
 * The parts of the CloudFormation resource specification
 * (@aws-cdk/aws-service-spec) the validator reads.
 */
export type SpecType =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'tag' }
  | { type: 'date-time' | 'null' }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'union'; types: SpecType[] };

export interface SpecProperty {
  type: SpecType;
  required?: boolean;
}

export interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
  attributes: Record<string, unknown>;
}

export interface SpecTypeDefinition {
  name: string;
  properties: Record<string, SpecProperty>;
}

interface SpecLookup {
  lookup(
    entity: 'resource',
    index: 'cloudFormationType',
    operator: 'equals',
    value: string,
  ): unknown[];
  get(entity: 'typeDefinition', id: string): unknown;
  all(entity: 'resource'): unknown[];
}

let database: SpecLookup | undefined;
const resourceCache = new Map<string, SpecResource | undefined>();
let typeNames: string[] | undefined;

/** The spec database, loaded on first use (~0.4 s). */
function specDatabase(): SpecLookup {
  database ??= loadAwsServiceSpecSync() as unknown as SpecLookup;
  return database;
}

/** Loads the specification now, e.g. at startup, so the first validation is fast. */
export function preloadResourceSpec(): void {
  specDatabase();
}

export function findResourceType(type: string): SpecResource | undefined {
  if (!resourceCache.has(type)) {
    const [found] = specDatabase().lookup(
      'resource',
      'cloudFormationType',
      'equals',
      type,
    );
    resourceCache.set(type, found as SpecResource | undefined);
  }
  return resourceCache.get(type);
}

export function findTypeDefinition(id: string): SpecTypeDefinition | undefined {
  return specDatabase().get('typeDefinition', id) as
    | SpecTypeDefinition
    | undefined;
}

/** Every resource type name, for "did you mean" suggestions. */
export function resourceTypeNames(): string[] {
  typeNames ??= specDatabase()
    .all('resource')
    .map(resource => (resource as SpecResource).cloudFormationType);
  return typeNames;
}
