import MiniSearch, { type SearchResult } from 'minisearch';
import type { SecurityHubControl } from '@internal/plugin-securityhub-remediation-common';
import { BUNDLED_CONTROL_CATALOG, type ControlCatalog } from './controlCatalog';
import {
  DEFAULT_RETRIEVAL_LIMIT,
  EXACT_CONTROL_ID_SCORE,
  type ControlRetriever,
  type RankedControl,
  type RetrievalEvidence,
  type RetrievalInput,
  type RetrieveOptions,
} from './ControlRetriever';
import {
  detectConfigRules,
  detectControlIds,
  findingSignals,
  parseFindingText,
  type DetectedControlId,
} from './controlIdDetection';
import { remediationGuidance } from '../knowledge/guidance';
import { controlSymptoms } from '../knowledge/symptoms';
import { analyseQuery, normaliseTerm, tokenize } from './queryAnalysis';
import { QueryRepair } from './queryRepair';

interface ControlDocument {
  id: string;
  service: string;
  title: string;
  titleVariants: string;
  configRule: string;
  resourceType: string;
  /** The project's remediation guidance: how people describe the problem and its fix. */
  guidance: string;
  /** How the problem shows up, in everyday words. */
  symptoms: string;
}

/** Guidance is long and shared words recur across controls: it counts least. */
const GUIDANCE_BOOST = 0.3;
/** Symptoms are written to tell sibling controls apart: they count fully. */
const SYMPTOMS_BOOST = 1;

const FIELD_BOOSTS: Record<keyof Omit<ControlDocument, 'id'>, number> = {
  title: 2,
  titleVariants: 1.5,
  service: 1.5,
  configRule: 1,
  resourceType: 0.5,
  guidance: GUIDANCE_BOOST,
  symptoms: SYMPTOMS_BOOST,
};

const EVIDENCE_FIELD: Record<string, string> = {
  title: 'title',
  titleVariants: 'title_variant',
  service: 'service',
  configRule: 'config_rule',
  resourceType: 'resource_type',
  guidance: 'guidance',
  symptoms: 'symptoms',
};

/** Weight of a term the vocabulary added, relative to the user's own words. */
const EXPANSION_TERM_WEIGHT = 0.5;
/** Score multiplier for controls of the first service the query names. */
const NAMED_SERVICE_BOOST = 1.6;
/** ...and of any other service it names (often a destination or a peer). */
const OTHER_NAMED_SERVICE_BOOST = 1.25;
/** Search results rank below exact ids: scaled into [0, this). */
const SEARCH_SCORE_CEILING = 0.99;

function toDocument(control: SecurityHubControl): ControlDocument {
  return {
    id: control.id,
    service: control.service,
    title: control.title,
    titleVariants: control.titleVariants.join(' | '),
    configRule: control.configRule ?? '',
    resourceType: control.resourceType,
    guidance: guidanceText(control.id),
    symptoms: controlSymptoms(control.id).join(' | '),
  };
}

function guidanceText(controlId: string): string {
  const guidance = remediationGuidance(controlId);
  return guidance ? [guidance.summary, ...guidance.steps].join(' ') : '';
}

function buildIndex(documents: ControlDocument[]): MiniSearch<ControlDocument> {
  const index = new MiniSearch<ControlDocument>({
    idField: 'id',
    fields: Object.keys(FIELD_BOOSTS),
    storeFields: ['service'],
    tokenize,
    processTerm: normaliseTerm,
    searchOptions: {
      boost: FIELD_BOOSTS,
      // Typos: one edit from 5 letters, two from 10; short words are ids
      // or acronyms (s3, rds, tls) where an edit means another word.
      fuzzy: term => (term.length >= 5 ? 0.2 : false),
      prefix: term => term.length >= 4,
      weights: { fuzzy: 0.4, prefix: 0.5 },
      combineWith: 'OR',
    },
  });
  index.addAll(documents);
  return index;
}

/**
 * Finds controls offline: exact control ids first (in text or in a finding),
 * then BM25 over the bundled catalog with a concept vocabulary, fuzzy and
 * prefix matching. The index is built once on first use.
 *
 * @public
 */
export class LocalControlRetriever implements ControlRetriever {
  readonly #catalog: ControlCatalog;
  #index: MiniSearch<ControlDocument> | undefined;
  #servicesByResourceType = new Map<string, string>();

  /**
   * @param options.catalog - the controls to index; the bundled catalog by
   *   default, or one refreshed from Security Hub (`readControlCatalogFile`).
   */
  constructor(options: { catalog?: ControlCatalog } = {}) {
    this.#catalog = options.catalog ?? BUNDLED_CONTROL_CATALOG;
  }
  #repair: QueryRepair | undefined;
  #indexBuildMs = 0;

  /** Builds the index now instead of on the first query. */
  warmUp(): { indexBuildMs: number } {
    this.index();
    return { indexBuildMs: this.#indexBuildMs };
  }

  private index(): MiniSearch<ControlDocument> {
    if (!this.#index) {
      const started = performance.now();
      const controls = this.#catalog.list();
      const documents = controls.map(toDocument);
      for (const control of controls) {
        if (!this.#servicesByResourceType.has(control.resourceType)) {
          this.#servicesByResourceType.set(
            control.resourceType,
            control.service,
          );
        }
      }
      this.#index = buildIndex(documents);
      this.#repair = new QueryRepair(
        documents.flatMap(d =>
          Object.keys(FIELD_BOOSTS).map(f => d[f as keyof ControlDocument]),
        ),
      );
      this.#indexBuildMs = performance.now() - started;
    }
    return this.#index;
  }

  async retrieve(
    input: RetrievalInput,
    options?: RetrieveOptions,
  ): Promise<RankedControl[]> {
    return this.retrieveSync(input, options);
  }

  /** Same as `retrieve`; the work is CPU-only, so callers may skip the promise. */
  retrieveSync(
    input: RetrievalInput,
    options?: RetrieveOptions,
  ): RankedControl[] {
    const limit = options?.limit ?? DEFAULT_RETRIEVAL_LIMIT;
    const { exact, searchText } = this.readInput(input);
    const ranked = new Map<string, RankedControl>();
    for (const hit of exact) {
      const control = this.#catalog.get(hit.controlId);
      if (control && !ranked.has(control.id)) {
        ranked.set(control.id, {
          controlId: control.id,
          title: control.title,
          score: EXACT_CONTROL_ID_SCORE,
          evidence: [hit.evidence],
        });
      }
    }
    if (ranked.size < limit && searchText.trim()) {
      for (const result of this.search(searchText, limit + ranked.size)) {
        if (!ranked.has(result.controlId)) ranked.set(result.controlId, result);
      }
    }
    return [...ranked.values()].slice(0, limit);
  }

  private readInput(input: RetrievalInput): {
    exact: DetectedControlId[];
    searchText: string;
  } {
    const finding =
      'finding' in input ? input.finding : parseFindingText(input.text);
    if (finding) {
      const signals = findingSignals(finding, this.#catalog);
      return {
        exact: signals.ids,
        searchText: [
          signals.title ?? signals.description,
          signals.resourceType,
          signals.resourceType &&
            this.#servicesByResourceType.get(signals.resourceType),
        ]
          .filter(Boolean)
          .join(' '),
      };
    }
    const text = 'text' in input ? input.text : '';
    return {
      exact: [
        ...detectControlIds(text, 'control_id', this.#catalog),
        ...detectConfigRules(text, this.#catalog),
      ],
      searchText: text,
    };
  }

  private search(text: string, limit: number): RankedControl[] {
    const index = this.index();
    const query = analyseQuery(this.#repair!.repair(text));
    const serviceBoost = new Map(
      query.services.map((service, i) => [
        service,
        i === 0 ? NAMED_SERVICE_BOOST : OTHER_NAMED_SERVICE_BOOST,
      ]),
    );
    const results = index.search(query.text, {
      boostTerm: term =>
        query.expansionTerms.has(term) ? EXPANSION_TERM_WEIGHT : 1,
      boostDocument: (_id, _term, stored) =>
        serviceBoost.get(String(stored?.service).toLowerCase()) ?? 1,
    });
    const best = results[0]?.score ?? 0;
    if (best <= 0) return [];
    return results.slice(0, limit).map(result => {
      const control = this.#catalog.get(String(result.id));
      return {
        controlId: String(result.id),
        title: control?.title ?? '',
        score: (result.score / best) * SEARCH_SCORE_CEILING,
        evidence: control ? searchEvidence(result, control) : [],
      };
    });
  }
}

/** Fields made of several phrases: the evidence quotes the one that matched. */
const PHRASES_OF_FIELD: Record<
  string,
  (control: SecurityHubControl) => readonly string[]
> = {
  titleVariants: control => control.titleVariants,
  guidance: control => {
    const guidance = remediationGuidance(control.id);
    return guidance ? [guidance.summary, ...guidance.steps] : [];
  },
  symptoms: control => controlSymptoms(control.id),
};

/** One evidence line per matched field, quoting that field's text. */
function searchEvidence(
  result: SearchResult,
  control: SecurityHubControl,
): RetrievalEvidence[] {
  const termsByField = new Map<string, string[]>();
  for (const [term, fields] of Object.entries(result.match)) {
    for (const field of fields) {
      termsByField.set(field, [...(termsByField.get(field) ?? []), term]);
    }
  }
  const evidence: RetrievalEvidence[] = [];
  for (const [field, terms] of termsByField) {
    const text = PHRASES_OF_FIELD[field]
      ? bestPhrase(PHRASES_OF_FIELD[field](control), terms)
      : String(control[field as keyof SecurityHubControl] ?? '');
    evidence.push({ field: EVIDENCE_FIELD[field] ?? field, text });
  }
  return evidence;
}

/** The phrase holding most of the matched terms (terms are word stems). */
function bestPhrase(phrases: readonly string[], terms: string[]): string {
  let best = phrases[0] ?? '';
  let bestCount = 0;
  for (const phrase of phrases) {
    const lower = phrase.toLowerCase();
    const count = terms.filter(t => lower.includes(t)).length;
    if (count > bestCount) {
      best = phrase;
      bestCount = count;
    }
  }
  return best;
}
