import {
  Alias,
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument as parseYamlDocument,
} from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { DocumentKind, isPlainObject } from './types';

/** The text could not be read as YAML/JSON, or is neither a template nor a runbook. */
export class DocumentParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'DocumentParseError';
  }
}

/**
 * CloudFormation short-form tags and the long-form key each one stands for.
 * `!Ref` and `!Condition` are the two whose long form is not `Fn::<Name>`.
 */
const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/** Converts a composed YAML node to plain data, expanding short-form tags. */
function toPlain(
  node: unknown,
  doc: Document,
  lineOf: (offset: number) => { line: number; col: number },
): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    return toPlain((node as Alias).resolve(doc), doc, lineOf);
  }
  let value: unknown;
  if (isMap(node)) {
    const object: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key)
        ? String(pair.key.value)
        : String(pair.key);
      object[key] = toPlain(pair.value, doc, lineOf);
    }
    value = object;
  } else if (isSeq(node)) {
    value = node.items.map(item => toPlain(item, doc, lineOf));
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = node;
  }
  const tag = (node as YamlNode).tag;
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  const longForm = SHORT_FORM_TAGS[tag];
  if (!longForm) {
    const at = lineOf((node as YamlNode).range?.[0] ?? 0);
    throw new DocumentParseError(
      `Unknown tag ${tag} at line ${at.line}, column ${at.col}: use a CloudFormation short form (!Ref, !Sub, !GetAtt, …) or the long form`,
      at.line,
      at.col,
    );
  }
  if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
    // `!GetAtt Resource.Attribute.Nested` splits at the first dot only.
    const dot = value.indexOf('.');
    return {
      [longForm]:
        dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)],
    };
  }
  return { [longForm]: value };
}

function lineCounter(
  text: string,
): (offset: number) => { line: number; col: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++)
    if (text[i] === '\n') lineStarts.push(i + 1);
  return offset => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - lineStarts[low] + 1 };
  };
}

/**
 * Indents the continuation lines of a flow collection opened at the end of a
 * block line (`key: {` or `key: [`) to two spaces beyond that line, up to the
 * line that closes it. Brackets inside quotes are not counted.
 */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/:\s*[[{]\s*$/.test(lines[i].replace(/\s+#.*$/, ''))) continue;
    const indent = /^\s*/.exec(lines[i])![0].length;
    let depth = bracketDepth(lines[i]);
    for (let j = i + 1; j < lines.length && depth > 0; j++) {
      const own = /^\s*/.exec(lines[j])![0].length;
      if (own <= indent) lines[j] = ' '.repeat(indent + 2 - own) + lines[j];
      depth += bracketDepth(lines[j]);
    }
  }
  return lines.join('\n');
}

/**
 * Indents the continuation lines of a quoted scalar left open at the end of
 * a block line (`key: "text…`) to two spaces beyond that line, up to the
 * line that closes the quote. PyYAML reads a quoted scalar's continuation
 * lines at any indentation; the CloudFormation User Guide's own examples
 * rely on it.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const opened = /:\s+(["'])/.exec(lines[i]);
    if (!opened) continue;
    const quote = opened[1];
    const rest = lines[i].slice(opened.index + opened[0].length);
    if (closesQuote(rest, quote)) continue;
    const indent = /^\s*/.exec(lines[i])![0].length;
    for (let j = i + 1; j < lines.length; j++) {
      const own = /^\s*/.exec(lines[j])![0].length;
      if (own <= indent && lines[j].trim())
        lines[j] = ' '.repeat(indent + 2 - own) + lines[j];
      if (closesQuote(lines[j], quote)) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}

/** Whether the text closes a scalar quoted with `quote` ('' and \" escape it). */
function closesQuote(text: string, quote: string): boolean {
  for (let k = 0; k < text.length; k++) {
    if (quote === '"' && text[k] === '\\') k++;
    else if (text[k] === quote) {
      if (quote === "'" && text[k + 1] === "'") k++;
      else return true;
    }
  }
  return false;
}

function bracketDepth(line: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return depth;
}

/**
 * Parses YAML or JSON (JSON is read as YAML 1.2, which it is a subset of),
 * expanding CloudFormation short-form tags into their long forms. Throws a
 * {@link DocumentParseError} naming line and column.
 */
export function parseYamlOrJson(text: string): unknown {
  let doc = parseYamlDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // PyYAML, which SSM and cfn-lint use, reads continuation lines that YAML
    // 1.2 rejects: flow mappings whose lines sit at the key's own
    // indentation (runbooks of Automated Security Response on AWS), quoted
    // scalars continued below their key (the CloudFormation User Guide).
    // Retry with those lines indented; line numbers stay the same.
    for (const lenientFix of [
      indentFlowContinuations,
      indentQuotedContinuations,
      (t: string) => indentFlowContinuations(indentQuotedContinuations(t)),
    ]) {
      const lenient = parseYamlDocument(lenientFix(text), {
        prettyErrors: true,
        uniqueKeys: true,
      });
      if (lenient.errors.length === 0) {
        doc = lenient;
        break;
      }
    }
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const at = firstError.linePos?.[0];
    const summary = firstError.message.split('\n')[0].replace(/:$/, '');
    throw new DocumentParseError(
      at && !/ at line \d+/.test(summary)
        ? `${summary} at line ${at.line}, column ${at.col}`
        : summary,
      at?.line,
      at?.col,
    );
  }
  return toPlain(doc.contents, doc, lineCounter(text));
}

export interface ParsedDocument {
  kind: DocumentKind;
  body: Record<string, unknown>;
}

/**
 * Decides what the parsed data is: a CloudFormation template has
 * `Resources`; an SSM Automation document has `schemaVersion` and
 * `mainSteps`.
 */
export function classifyDocument(value: unknown): ParsedDocument {
  if (!isPlainObject(value)) {
    throw new DocumentParseError(
      'The file is not a mapping: expected a CloudFormation template (with Resources) or an SSM Automation document (with schemaVersion and mainSteps)',
    );
  }
  if ('Resources' in value) return { kind: 'template', body: value };
  if ('schemaVersion' in value && 'mainSteps' in value) {
    return { kind: 'automation-document', body: value };
  }
  throw new DocumentParseError(
    `Neither a CloudFormation template (no Resources) nor an SSM Automation document (needs schemaVersion and mainSteps); top-level keys: ${
      Object.keys(value).join(', ') || 'none'
    }`,
  );
}

/** Parses text and classifies it in one step. */
export function parseDocument(text: string): ParsedDocument {
  return classifyDocument(parseYamlOrJson(text));
}
