// Where the findings are in the text of an ASFF file. Shapes read:
// - one JSON document: `{"Findings": [...]}` (get-findings output), an array,
//   one finding, or one EventBridge event;
// - JSON values one after another: JSON Lines (one per line), values
//   concatenated without newlines (Firehose writes records back to back),
//   or pretty-printed values in a row (`jq` output);
// - each value a finding, an EventBridge "Security Hub Findings - ..." event
//   (its `detail.findings`), or a get-findings page.

/** Something wrong in a file, and where, for a person to fix it. */
export interface AsffFileProblem {
  /** "line 7", "finding 4 (Findings[3])", "line 2, column 5"; none for the whole file. */
  position?: string;
  reason: string;
}

/** A value of a file that should be a finding, and where it is. */
export interface AsffCandidate {
  value: unknown;
  position?: string;
  /** The finding's JSON text as written, when the file holds one finding per line. */
  text?: string;
}

/** Collects problems up to a limit; a broken export would otherwise flood the message. */
export class AsffProblems {
  readonly list: AsffFileProblem[] = [];
  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.list.length >= this.limit;
  }

  add(position: string | undefined, reason: string): void {
    if (!this.full) this.list.push({ position, reason });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const at = (position: string | undefined, inner: string) =>
  position ? `${position}, ${inner}` : inner;

/**
 * The findings inside one value: an EventBridge event's `detail.findings`, a
 * get-findings page's `Findings`, or the value itself.
 */
function expand(
  candidate: AsffCandidate,
  out: AsffCandidate[],
  problems: AsffProblems,
): void {
  const { value, position } = candidate;
  const items = (path: string, list: unknown[]) =>
    list.forEach((item, i) =>
      out.push({
        value: item,
        position: at(position, `finding ${i + 1} (${path}[${i}])`),
      }),
    );

  if (isObject(value) && typeof value['detail-type'] === 'string') {
    const findings = isObject(value.detail) ? value.detail.findings : undefined;
    if (Array.isArray(findings)) items('detail.findings', findings);
    else {
      problems.add(
        position,
        `an EventBridge "${value['detail-type']}" event without detail.findings; only "Security Hub Findings - ..." events hold findings`,
      );
    }
  } else if (isObject(value) && 'Findings' in value) {
    if (Array.isArray(value.Findings)) items('Findings', value.Findings);
    else problems.add(at(position, 'Findings'), 'must be an array');
  } else out.push(candidate);
}

/** Line and column (from 1, as editors show them) of an offset. */
function lineAndColumn(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; ) {
    line += 1;
    lineStart = i + 1;
    i = text.indexOf('\n', lineStart);
  }
  return [line, offset - lineStart + 1];
}

function offsetPosition(text: string, offset: number): string {
  const [line, column] = lineAndColumn(text, offset);
  return column === 1 ? `line ${line}` : `line ${line}, column ${column}`;
}

/**
 * A JSON.parse error of `text` as a problem; "at position N" becomes a line
 * and column (of the file: `firstLine` is the line `text` starts on).
 */
function syntaxProblem(
  text: string,
  error: unknown,
  firstLine = 1,
): AsffFileProblem {
  const message = (error as Error).message;
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(
    message,
  );
  if (!match) {
    return {
      position: firstLine > 1 ? `line ${firstLine}` : undefined,
      reason: `not valid JSON: ${message}`,
    };
  }
  const [line, column] = lineAndColumn(text, Number(match[1]));
  return {
    position: `line ${line + firstLine - 1}, column ${column}`,
    reason: `not valid JSON: ${message.replace(match[0], '')}`,
  };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\uFEFF']);

/**
 * Start and end offsets of the top-level JSON values of `text[from, to)`,
 * found by bracket depth outside strings (not validated: JSON.parse does
 * that). A value that never closes runs to the end. Linear, no recursion.
 */
export function splitJsonValues(
  text: string,
  from = 0,
  to = text.length,
): Array<[number, number]> {
  const values: Array<[number, number]> = [];
  let i = from;
  while (i < to) {
    while (i < to && WHITESPACE.has(text[i])) i++;
    if (i >= to) break;
    const start = i;
    if (text[i] !== '{' && text[i] !== '[') {
      // A scalar (never a finding): up to the next whitespace or container.
      while (i < to && !WHITESPACE.has(text[i]) && !'{['.includes(text[i])) {
        i++;
      }
      values.push([start, i]);
      continue;
    }
    let depth = 0;
    let inString = false;
    for (; i < to; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    values.push([start, i]);
  }
  return values;
}

/** Values of JSON Lines; a line may hold several values back to back. */
function jsonLines(
  text: string,
  out: AsffCandidate[],
  problems: AsffProblems,
): void {
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length && !problems.full; n++) {
    const line = lines[n];
    if (line.trim() === '') continue;
    try {
      expand(
        { value: JSON.parse(line), text: line, position: `line ${n + 1}` },
        out,
        problems,
      );
      continue;
    } catch (error) {
      const pieces = splitJsonValues(line);
      if (pieces.length < 2) {
        const { position, reason } = syntaxProblem(line, error, n + 1);
        problems.add(position ?? `line ${n + 1}`, reason);
        continue;
      }
      for (const [start, end] of pieces) {
        const position = `line ${n + 1}, column ${start + 1}`;
        const piece = line.slice(start, end);
        try {
          expand(
            { value: JSON.parse(piece), text: piece, position },
            out,
            problems,
          );
        } catch (pieceError) {
          const problem = syntaxProblem(piece, pieceError);
          problems.add(position, problem.reason);
          break;
        }
      }
    }
  }
}

/** Whether the first line is complete JSON: then the file is JSON Lines. */
function firstLineIsJson(text: string): boolean {
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0];
  try {
    JSON.parse(firstLine);
    return true;
  } catch {
    const pieces = splitJsonValues(firstLine);
    if (pieces.length < 2) return false;
    try {
      JSON.parse(firstLine.slice(...pieces[0]));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The candidate findings of a file's text, with their positions; problems
 * (broken JSON, containers of the wrong shape) are added to `problems`.
 *
 * @param jsonLinesByName - the name says JSON Lines (`.jsonl`, `.ndjson`).
 */
export function locateAsffFindings(
  text: string,
  jsonLinesByName: boolean,
  problems: AsffProblems,
): AsffCandidate[] {
  const out: AsffCandidate[] = [];
  if (jsonLinesByName) {
    jsonLines(text, out, problems);
    return out;
  }

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // Not one JSON value: values one after another, or broken JSON.
    if (firstLineIsJson(text)) {
      jsonLines(text, out, problems);
      return out;
    }
    const pieces = splitJsonValues(text);
    const values: AsffCandidate[] = [];
    for (const [start, end] of pieces.length > 1 ? pieces : []) {
      try {
        values.push({
          value: JSON.parse(text.slice(start, end)),
          position: offsetPosition(text, start),
        });
      } catch {
        values.length = 0;
        break;
      }
    }
    if (values.length === 0) {
      const { position, reason } = syntaxProblem(text, error);
      problems.add(position, reason);
    }
    for (const value of values) expand(value, out, problems);
    return out;
  }

  if (Array.isArray(document)) {
    document.forEach((item, i) => {
      if (isObject(item) && typeof item['detail-type'] === 'string') {
        expand(
          { value: item, position: `event ${i + 1} ([${i}])` },
          out,
          problems,
        );
      } else {
        out.push({ value: item, position: `finding ${i + 1} ([${i}])` });
      }
    });
  } else if (isObject(document)) {
    expand({ value: document }, out, problems);
  } else {
    problems.add(
      undefined,
      `expected {"Findings": [...]}, an array of findings, one finding or EventBridge events, not ${
        document === null ? 'null' : typeof document
      }`,
    );
  }
  return out;
}
