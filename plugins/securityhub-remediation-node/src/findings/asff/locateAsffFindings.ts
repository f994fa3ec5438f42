// Where the findings are in the text of an ASFF file, found while the text
// streams in, chunk by chunk, so memory is bounded by one value, not the file.
// Shapes read:
// - one JSON document: `{"Findings": [...]}` (get-findings output), an array,
//   one finding, or one EventBridge event;
// - JSON values one after another: JSON Lines (one per line), values
//   concatenated without newlines (Firehose writes records back to back),
//   or pretty-printed values in a row (`jq` output);
// - each value a finding, an EventBridge "Security Hub Findings - ..." event
//   (its `detail.findings`), or a get-findings page.
// The elements of a top-level array and of a page's `Findings` are cut out
// one at a time (by bracket depth outside strings) and JSON.parsed alone.

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
  /** The finding's JSON text as written, when it is on one line. */
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

/** Largest single value cut out of a file: far above any finding or EventBridge event. */
export const MAX_ASFF_VALUE_CHARS = 16 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const at = (position: string | undefined, inner: string) =>
  position ? `${position}, ${inner}` : inner;

const SHAPES =
  'expected {"Findings": [...]}, an array of findings, one finding or EventBridge events';

/** What ends a run of characters the scan can skip: inside a string, and outside. */
const IN_STRING = /["\\\n]/g;
const OUTSIDE_STRING = /["\\{}[\]\n]/g;

const isWhitespace = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff;

type Mode =
  /** Between top-level values. */
  | 'top'
  /** Inside a top-level object, keeping its text (a finding, an event, or a page until `Findings` starts). */
  | 'object'
  /** Inside a streamed array (top level, or a page's `Findings`), between elements. */
  | 'array'
  /** Inside one element of a streamed array. */
  | 'element'
  /** The rest of a page after its `Findings` array (NextToken...), skipped. */
  | 'rest'
  /** A top-level scalar (never a finding). */
  | 'scalar';

/**
 * Cuts the candidate findings out of a file's text as it arrives: `push`
 * each decoded chunk, then `end`. Candidates go to `emit` with their
 * position; problems (broken JSON, containers of the wrong shape) to
 * `problems`. Linear in the text, no recursion; after a structural problem
 * or `stop()` the rest is ignored.
 */
export class AsffTextScanner {
  private mode: Mode = 'top';
  private stopped = false;
  private seenContent = false;
  /** Absolute offset of the current chunk's start; line and its start offset. */
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** Top-level values seen, and where the current one started. */
  private values = 0;
  private valueLine = 1;
  private valueColumn = 1;
  /** Text of the value being cut out, as chunks (a value may span many). */
  private parts: string[] = [];
  private partsChars = 0;
  private captureFrom = -1;
  private captureLine = 1;
  private captureColumn = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Streamed array: which one, and the index of the next element. */
  private arrayKind: 'top' | 'page' = 'top';
  private index = 0;
  private expectElement = true;
  private scalarElement = false;
  /** Key detection directly inside a top-level object. */
  private keyFrom = -1;
  private key = '';
  private expectKey = false;
  private afterKey: 'none' | 'colon' | 'value' = 'none';

  constructor(
    private readonly jsonLinesByName: boolean,
    private readonly problems: AsffProblems,
    private readonly emit: (candidate: AsffCandidate) => void,
  ) {}

  /** Ignores the rest of the text (the caller has seen enough problems). */
  stop(): void {
    this.stopped = true;
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Whether anything but whitespace was seen. */
  get hasContent(): boolean {
    return this.seenContent;
  }

  /** The line the scan has reached, for messages. */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string): void {
    for (let i = 0; i < chunk.length && !this.stopped; i++) {
      if (this.skips()) {
        i = this.skip(chunk, i);
        if (i >= chunk.length || this.stopped) break;
      }
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) {
        this.line += 1;
        this.lineStart = this.offset + i + 1;
      }
      i = this.step(chunk, i, c);
    }
    if (!this.stopped) this.keepPartial(chunk);
    this.offset += chunk.length;
  }

  end(): void {
    if (this.stopped) return;
    if (this.mode === 'scalar') {
      this.finishScalar('');
      return;
    }
    if (this.mode === 'top') return;
    const prefixed = this.prefixed();
    this.problems.add(
      prefixed ? this.valuePosition() : undefined,
      'not valid JSON: Unexpected end of JSON input',
    );
    this.stopped = true;
  }

  /**
   * Whether the characters up to the next quote, backslash, bracket or
   * newline change nothing: inside a value being cut out, below the level
   * where keys are read, and not right after a backslash. Most of a file's
   * text is such a run; skipping it with a search instead of a step per
   * character makes the scan several times faster.
   */
  private skips(): boolean {
    if (this.escaped) return false;
    if (this.mode === 'element') return !this.scalarElement;
    return this.mode === 'object' && (this.inString || this.depth > 1);
  }

  /** The index of the next character `step` must see, from `i`; the chunk's length if none. */
  private skip(chunk: string, i: number): number {
    const pattern = this.inString ? IN_STRING : OUTSIDE_STRING;
    pattern.lastIndex = i;
    if (pattern.exec(chunk)) return pattern.lastIndex - 1;
    this.checkSize(chunk.length);
    return chunk.length;
  }

  /**
   * JSON Lines: an object whose line ends within this chunk is parsed
   * whole, with no step per character. Returns the index before the line's
   * newline, or -1 to scan the line as usual: it goes on in the next chunk,
   * or is not one valid object (two values on a line, broken JSON), which
   * the scan then reports as it always does.
   */
  private wholeLine(chunk: string, i: number): number {
    const newline = chunk.indexOf('\n', i);
    if (newline === -1) return -1;
    const text = chunk.slice(i, newline).trimEnd();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return -1;
    }
    this.emitObject(value, text);
    return newline - 1;
  }

  /** Handles character `c` at `i`; returns the index to go on from. */
  private step(chunk: string, i: number, c: number): number {
    switch (this.mode) {
      case 'top':
        if (isWhitespace(c)) return i;
        this.seenContent = true;
        this.values += 1;
        this.valueLine = this.line;
        this.valueColumn = this.offset + i - this.lineStart + 1;
        if (c === 0x7b /* { */) {
          if (this.jsonLinesByName) {
            const lineEnd = this.wholeLine(chunk, i);
            if (lineEnd !== -1) return lineEnd;
          }
          this.startCapture(chunk, i);
          this.mode = 'object';
          this.depth = 1;
          this.expectKey = true;
          this.afterKey = 'none';
        } else if (c === 0x5b /* [ */) {
          this.mode = 'array';
          this.arrayKind = 'top';
          this.index = 0;
          this.expectElement = true;
        } else {
          this.startCapture(chunk, i);
          this.mode = 'scalar';
        }
        return i;
      case 'scalar':
        if (isWhitespace(c) || c === 0x7b || c === 0x5b) {
          this.finishScalar(chunk.slice(this.captureFrom, i));
          // A container right after the scalar starts the next value.
          return isWhitespace(c) ? i : i - 1;
        }
        return i;
      case 'object':
        return this.stepObject(chunk, i, c);
      case 'array':
        if (isWhitespace(c)) return i;
        if (c === 0x5d /* ] */) {
          this.mode = this.arrayKind === 'page' ? 'rest' : 'top';
          this.depth = 1;
          return i;
        }
        if (!this.expectElement) {
          if (c === 0x2c /* , */) {
            this.expectElement = true;
            return i;
          }
          return this.structural(i, `expected , or ] after an element`);
        }
        this.startCapture(chunk, i);
        this.mode = 'element';
        this.depth = 0;
        this.scalarElement = c !== 0x7b && c !== 0x5b && c !== 0x22;
        return this.stepElement(chunk, i, c);
      case 'element':
        return this.stepElement(chunk, i, c);
      case 'rest':
        if (this.trackString(c)) return i;
        if (c === 0x7b || c === 0x5b) this.depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          this.depth -= 1;
          if (this.depth === 0) this.mode = 'top';
        }
        return i;
      default:
        return i;
    }
  }

  /** Strings and escapes; true when `c` was inside a string. */
  private trackString(c: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === 0x5c /* \ */) this.escaped = true;
      else if (c === 0x22 /* " */) this.inString = false;
      return true;
    }
    if (c === 0x22) {
      this.inString = true;
      return true;
    }
    return false;
  }

  private stepObject(chunk: string, i: number, c: number): number {
    const wasInString = this.inString;
    if (this.trackString(c)) {
      if (this.depth !== 1) return this.checkSize(i);
      if (!wasInString && this.expectKey) {
        this.keyFrom = i + 1;
        this.key = '';
      } else if (wasInString && !this.inString && this.keyFrom !== -1) {
        // A key ends (keys are short; one split across chunks is cut at the chunk start).
        this.key += chunk.slice(Math.max(0, this.keyFrom), i);
        this.keyFrom = -1;
        this.expectKey = false;
        this.afterKey = 'colon';
      }
      return this.checkSize(i);
    }
    if (this.jsonLinesByName && c === 0x0a) {
      // JSON Lines: a value ends with its line, broken or not.
      this.finishCapture(chunk, i, 'object');
      return i;
    }
    if (this.depth === 1 && !isWhitespace(c)) {
      if (this.afterKey === 'colon') {
        this.afterKey = c === 0x3a /* : */ ? 'value' : 'none';
        return this.checkSize(i);
      }
      if (this.afterKey === 'value') {
        this.afterKey = 'none';
        if (this.key === 'Findings' && c === 0x5b) {
          // A get-findings page: stream its findings, drop the rest.
          this.dropCapture();
          this.mode = 'array';
          this.arrayKind = 'page';
          this.index = 0;
          this.expectElement = true;
          return i;
        }
      }
      if (c === 0x2c) this.expectKey = true;
    }
    if (c === 0x7b || c === 0x5b) this.depth += 1;
    else if (c === 0x7d || c === 0x5d) {
      this.depth -= 1;
      if (this.depth === 0) {
        this.finishCapture(chunk, i + 1, 'object');
        return i;
      }
    }
    return this.checkSize(i);
  }

  private stepElement(chunk: string, i: number, c: number): number {
    if (this.trackString(c)) {
      // A string element ends with its closing quote.
      if (this.depth === 0 && !this.inString) {
        this.finishCapture(chunk, i + 1, 'element');
      }
      return i;
    }
    if (this.scalarElement) {
      // A number, true, false or null ends before , ] or whitespace.
      if (c === 0x2c || c === 0x5d || isWhitespace(c)) {
        this.finishCapture(chunk, i, 'element');
        return isWhitespace(c) ? i : i - 1;
      }
      return this.checkSize(i);
    }
    if (c === 0x7b || c === 0x5b) this.depth += 1;
    else if (c === 0x7d || c === 0x5d) {
      this.depth -= 1;
      if (this.depth === 0) {
        this.finishCapture(chunk, i + 1, 'element');
        return i;
      }
      if (this.depth < 0) return this.structural(i, 'unbalanced brackets');
    }
    return this.checkSize(i);
  }

  private startCapture(_chunk: string, i: number): void {
    this.parts = [];
    this.partsChars = 0;
    this.captureFrom = i;
    this.captureLine = this.line;
    this.captureColumn = this.offset + i - this.lineStart + 1;
    this.inString = false;
    this.escaped = false;
  }

  private dropCapture(): void {
    this.parts = [];
    this.partsChars = 0;
    this.captureFrom = -1;
  }

  /** At a chunk's end, the part of the value in it is kept for the next. */
  private keepPartial(chunk: string): void {
    if (this.captureFrom === -1) return;
    const part = chunk.slice(this.captureFrom);
    this.parts.push(part);
    this.partsChars += part.length;
    this.captureFrom = 0;
    if (this.keyFrom !== -1) {
      this.key += chunk.slice(this.keyFrom);
      this.keyFrom = 0;
    }
  }

  private checkSize(i: number): number {
    if (this.partsChars + (i - this.captureFrom) > MAX_ASFF_VALUE_CHARS) {
      return this.structural(
        i,
        `a value of more than ${
          MAX_ASFF_VALUE_CHARS / 1024 / 1024
        } MiB of JSON; a finding may have at most 1 MiB`,
        true,
      );
    }
    return i;
  }

  private structural(i: number, reason: string, atValue = false): number {
    const column = this.offset + i - this.lineStart + 1;
    this.problems.add(
      atValue ? this.capturePosition() : `line ${this.line}, column ${column}`,
      atValue ? reason : `not valid JSON: ${reason}`,
    );
    this.stopped = true;
    return i;
  }

  private finishScalar(rest: string): void {
    const text = this.parts.join('') + rest;
    this.dropCapture();
    this.mode = 'top';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.syntaxProblem(text, error);
      return;
    }
    this.problems.add(
      this.prefixed() ? this.valuePosition() : undefined,
      `${SHAPES}, not ${value === null ? 'null' : typeof value}`,
    );
  }

  private finishCapture(
    chunk: string,
    end: number,
    kind: 'object' | 'element',
  ): void {
    this.parts.push(chunk.slice(this.captureFrom, end));
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.dropCapture();
    this.inString = false;
    this.escaped = false;
    let value: unknown;
    if (kind === 'object') this.mode = 'top';
    else {
      this.mode = 'array';
      this.expectElement = false;
    }
    const index = this.index;
    if (kind === 'element') this.index += 1;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.syntaxProblem(text, error);
      return;
    }
    if (kind === 'object') {
      this.emitObject(value, text);
      return;
    }
    const prefix = this.prefixed() ? this.valuePosition() : undefined;
    const ownText = text.includes('\n') ? undefined : text;
    if (this.arrayKind === 'page') {
      this.emit({
        value,
        position: at(prefix, `finding ${index + 1} (Findings[${index}])`),
        text: ownText,
      });
    } else if (isObject(value) && typeof value['detail-type'] === 'string') {
      this.expandEvent(value, at(prefix, `event ${index + 1} ([${index}])`));
    } else {
      this.emit({
        value,
        position: at(prefix, `finding ${index + 1} ([${index}])`),
        text: ownText,
      });
    }
  }

  /** A top-level object: a finding, an EventBridge event or a get-findings page. */
  private emitObject(value: unknown, text: string): void {
    const prefix = this.prefixed() ? this.valuePosition() : undefined;
    if (isObject(value) && typeof value['detail-type'] === 'string') {
      this.expandEvent(value, prefix);
    } else if (isObject(value) && 'Findings' in value) {
      if (Array.isArray(value.Findings)) {
        value.Findings.forEach((item, i) =>
          this.emit({
            value: item,
            position: at(prefix, `finding ${i + 1} (Findings[${i}])`),
          }),
        );
      } else this.problems.add(at(prefix, 'Findings'), 'must be an array');
    } else {
      const ownText = text.includes('\n') ? undefined : text;
      this.emit({ value, position: this.valuePosition(), text: ownText });
    }
  }

  private expandEvent(
    event: Record<string, unknown>,
    position: string | undefined,
  ): void {
    const findings = isObject(event.detail) ? event.detail.findings : undefined;
    if (!Array.isArray(findings)) {
      this.problems.add(
        position,
        `an EventBridge "${event['detail-type']}" event without detail.findings; only "Security Hub Findings - ..." events hold findings`,
      );
      return;
    }
    findings.forEach((item, i) =>
      this.emit({
        value: item,
        position: at(position, `finding ${i + 1} (detail.findings[${i}])`),
      }),
    );
  }

  /**
   * Whether positions name the top-level value's line: in JSON Lines, and
   * from the second value of a file on (one document needs no line).
   */
  private prefixed(): boolean {
    return this.jsonLinesByName || this.values > 1;
  }

  private valuePosition(): string {
    return this.valueColumn === 1
      ? `line ${this.valueLine}`
      : `line ${this.valueLine}, column ${this.valueColumn}`;
  }

  private capturePosition(): string {
    return this.captureColumn === 1
      ? `line ${this.captureLine}`
      : `line ${this.captureLine}, column ${this.captureColumn}`;
  }

  /**
   * A JSON.parse error of a value as a problem: in one document, the line
   * and column of the error; among values one after another, where the
   * value starts (as editors and `jq` number them).
   */
  private syntaxProblem(text: string, error: unknown): void {
    const message = (error as Error).message;
    const match =
      / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
    const reason = `not valid JSON: ${
      match ? message.replace(match[0], '') : message
    }`;
    if (this.prefixed()) {
      this.problems.add(this.capturePositionOrValue(), reason);
      return;
    }
    if (!match) {
      this.problems.add(undefined, reason);
      return;
    }
    const offset = Number(match[1]);
    let line = this.captureLine;
    let column = this.captureColumn;
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        line += 1;
        column = 1;
      } else column += 1;
    }
    this.problems.add(`line ${line}, column ${column}`, reason);
  }

  private capturePositionOrValue(): string {
    return this.captureLine === this.valueLine &&
      this.captureColumn === this.valueColumn
      ? this.valuePosition()
      : this.capturePosition();
  }
}
