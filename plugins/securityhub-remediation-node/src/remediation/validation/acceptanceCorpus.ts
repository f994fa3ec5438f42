import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { z } from 'zod';
import { validateRemediationFile } from './validateTemplate';
import type { ValidationProblem } from './types';

/**
 * The acceptance corpus: real, valid Automation documents and CloudFormation
 * templates published by AWS (AWS-owned runbooks, the Systems Manager and
 * CloudFormation guides' examples, AWS samples), kept as test data with
 * their source and licence. The validator is measured on it: what AWS
 * accepts, it must accept.
 */
// eslint-disable-next-line no-restricted-syntax
export const CORPUS_DIRECTORY = join(__dirname, '__corpus__');

const sourceSchema = z.object({
  file: z.string().min(1),
  document: z.string().optional(),
  source: z.string().min(1),
  obtained: z.string().min(1),
  licence: z.string().min(1),
});
export type CorpusSource = z.infer<typeof sourceSchema>;

export interface CorpusDocument {
  /** The corpus folder: `aws-owned-runbooks`, `ssm-guide-examples`, … */
  set: string;
  file: string;
  path: string;
  text: string;
  source?: CorpusSource;
}

const DOCUMENT_FILE = /\.(ya?ml|json)$/;
const SOURCES_FILE = /^SOURCES.*\.json$/;

/** Every corpus document with the source entry that names it. */
export function loadAcceptanceCorpus(
  directory = CORPUS_DIRECTORY,
): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  for (const set of readdirSync(directory, { withFileTypes: true })) {
    if (!set.isDirectory()) continue;
    const setPath = join(directory, set.name);
    const files = readdirSync(setPath).sort();
    const sources = new Map<string, CorpusSource>();
    for (const file of files.filter(f => SOURCES_FILE.test(f))) {
      const entries = z
        .array(sourceSchema)
        .parse(JSON.parse(readFileSync(join(setPath, file), 'utf8')));
      for (const entry of entries) sources.set(entry.file, entry);
    }
    for (const file of files) {
      if (SOURCES_FILE.test(file) || !DOCUMENT_FILE.test(file)) continue;
      const path = join(setPath, file);
      documents.push({
        set: set.name,
        file,
        path,
        text: readFileSync(path, 'utf8'),
        source: sources.get(file),
      });
    }
  }
  return documents;
}

export interface Rejection {
  set: string;
  file: string;
  errors: ValidationProblem[];
}

export interface AcceptanceReport {
  documents: number;
  accepted: number;
  rate: number;
  bySet: Record<string, { documents: number; accepted: number }>;
  rejected: Rejection[];
}

/**
 * Validates every document as a file from elsewhere: whether AWS would
 * accept it decides, the generation policy is only reported.
 */
export function measureAcceptance(
  documents: CorpusDocument[],
): AcceptanceReport {
  const rejected: Rejection[] = [];
  const bySet: AcceptanceReport['bySet'] = {};
  for (const document of documents) {
    const report = validateRemediationFile(document.text, document.file, {
      policy: 'report',
    });
    const set = (bySet[document.set] ??= { documents: 0, accepted: 0 });
    set.documents++;
    if (report.valid) set.accepted++;
    else
      rejected.push({
        set: document.set,
        file: document.file,
        errors: report.problems.filter(p => p.severity === 'error'),
      });
  }
  const accepted = documents.length - rejected.length;
  return {
    documents: documents.length,
    accepted,
    rate: documents.length ? accepted / documents.length : 0,
    bySet,
    rejected,
  };
}
