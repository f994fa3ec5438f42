import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { CONCEPTS, PATTERN_CONCEPTS, SERVICE_NICKNAMES } from './vocabulary';

/** Words too common in titles and questions to help ranking. */
const STOPWORDS = new Set(
  (
    'a an the should be is are was were our we my me i it its to of for in on at ' +
    'with by and or not no do does did dont doesnt isnt arent have has had that ' +
    'this these those there any can could would will why how what which when ' +
    'who us some still been being get got also just so than then they them you ' +
    'your aws amazon please ensure'
  ).split(' '),
);

/** Lower case, no stopwords, crude plural folding shared by index and query. */
export function normaliseTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOPWORDS.has(lower)) return null;
  // -ing: "rotating"/"logging"/"redirecting" meet "rotat…"/"log"/"redirect"
  if (lower.length > 6 && lower.endsWith('ing')) {
    return lower.slice(0, -3).replace(/([^aeiou])\1$/, '$1');
  }
  if (lower.length > 4 && lower.endsWith('ies'))
    return `${lower.slice(0, -3)}y`;
  if (lower.length > 3 && lower.endsWith('s') && !/(ss|us|is)$/.test(lower)) {
    return lower.slice(0, -1);
  }
  return lower;
}

function phrasePattern(phraseList: string): RegExp {
  const phrases = phraseList.split(',').map(p => p.trim());
  const escaped = phrases.map(p =>
    p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '[\\s_-]+'),
  );
  return new RegExp(
    `(?<![a-z0-9])(?:${escaped.join('|')})(?:e?s)?(?![a-z0-9])`,
    'i',
  );
}

const CONCEPT_MATCHERS = CONCEPTS.map(entry => ({
  pattern: phrasePattern(entry.phrases),
  catalogTerms: entry.catalogTerms,
}));
const SERVICE_MATCHERS = SERVICE_NICKNAMES.map(entry => ({
  pattern: phrasePattern(entry.phrases),
  ...entry,
}));

let serviceNames: Map<string, string> | undefined;

/** Lower-cased catalog service names, keyed by themselves. */
function catalogServices(): Map<string, string> {
  if (!serviceNames) {
    serviceNames = new Map(
      listControls().map(c => [
        c.service.toLowerCase(),
        c.service.toLowerCase(),
      ]),
    );
  }
  return serviceNames;
}

/** The query text plus what the vocabulary read into it. */
export interface AnalysedQuery {
  text: string;
  /** Catalog words added by the vocabulary; ranked below the user's words. */
  expansionTerms: Set<string>;
  /**
   * Services named in the query, lower-cased, in the order they are first
   * named: the first is usually the subject ("ALB access logs to a bucket").
   */
  services: string[];
  /** Vocabulary phrases recognised, for evidence. */
  recognised: string[];
}

export function analyseQuery(text: string): AnalysedQuery {
  const expansion: string[] = [];
  const named: Array<{ service: string; at: number; end?: number }> = [];
  const recognised: string[] = [];
  for (const matcher of CONCEPT_MATCHERS) {
    const hit = text.match(matcher.pattern);
    if (hit) {
      expansion.push(matcher.catalogTerms);
      recognised.push(hit[0]);
    }
  }
  for (const { pattern, catalogTerms } of PATTERN_CONCEPTS) {
    const hit = text.match(pattern);
    if (hit) {
      expansion.push(catalogTerms);
      recognised.push(hit[0]);
    }
  }
  for (const matcher of SERVICE_MATCHERS) {
    const hit = text.match(matcher.pattern);
    if (hit) {
      expansion.push(matcher.catalogTerms);
      if (matcher.boost) {
        named.push({
          service: matcher.service.toLowerCase(),
          at: hit.index!,
          end: hit.index! + hit[0].length,
        });
      }
      recognised.push(hit[0]);
    }
  }
  const lowerText = text.toLowerCase();
  let at = 0;
  for (const token of tokenize(text)) {
    const lower = token.toLowerCase();
    at = Math.max(lowerText.indexOf(lower, at), at);
    // Catalog service names written as such ("dms", "redshift") count too.
    const service = catalogServices().get(lower);
    if (service) named.push({ service, at });
  }
  // A name inside a longer one ("kinesis" in "kinesis firehose") names
  // the longer one's service, not its own.
  const spans = named.filter(n => n.end !== undefined);
  const inner = (n: (typeof named)[number]) =>
    spans.some(
      o =>
        o.service !== n.service &&
        o.at <= n.at &&
        (n.end ?? n.at + 1) <= o.end! &&
        o.end! - o.at > (n.end ?? n.at + 1) - n.at,
    );
  const services = [
    ...new Set(
      named
        .filter(n => !inner(n))
        .sort((a, b) => a.at - b.at)
        .map(n => n.service),
    ),
  ];
  const ownTerms = new Set(
    tokenize(text)
      .map(normaliseTerm)
      .filter((t): t is string => !!t),
  );
  const expansionTerms = new Set(
    tokenize(expansion.join(' '))
      .map(normaliseTerm)
      .filter((t): t is string => !!t && !ownTerms.has(t)),
  );
  return {
    text: [text, ...expansionTerms].join(' '),
    expansionTerms,
    services,
    recognised,
  };
}

/** "Anywhere" CIDRs become words: they tell IPv4 and IPv6 controls apart. */
const ANY_ADDRESS: Array<[RegExp, string]> = [
  [/0\.0\.0\.0\/0/g, ' anyipv4 '],
  [/::\/0/g, ' anyipv6 '],
];

/**
 * Splits on anything but letters and digits. A camelCase word yields itself
 * and its parts, so "CloudTrail" matches both "cloudtrail" and "cloud trail".
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let spaced = text;
  for (const [pattern, word] of ANY_ADDRESS) {
    spaced = spaced.replace(pattern, word);
  }
  for (const word of spaced.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    tokens.push(word);
    const parts = word.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
    if (parts.length > 1) tokens.push(...parts);
  }
  return tokens;
}
