import { findOperation, findService } from './awsApiIndex';

/**
 * What a Python `aws:executeScript` calls through boto3, read from its
 * source: each `name = boto3.client('service')` binding and each
 * `name.method(` call made while that binding holds (a later assignment to
 * the same name rebinds it), plus `boto3.client('service').method(` chains
 * and `get_paginator('operation')`. The reading is lexical, so it says
 * whether it saw everything: a client made from a variable, a
 * `boto3.resource`, a session's client or `getattr` make it incomplete.
 */
export interface ScriptCall {
  /** boto3 client name as written, e.g. `s3`. */
  service: string;
  /** The method as written, e.g. `put_bucket_encryption`. */
  method: string;
  /** Resolved service and operation; undefined when it does not exist. */
  resolved?: { serviceName: string; operation: string };
  /** Why it does not resolve. */
  problem?: 'unknown-service' | 'unknown-operation';
  line: number;
}

export interface ScriptCallsReport {
  calls: ScriptCall[];
  /** Every client and call was read; the calls are all the script makes. */
  complete: boolean;
}

/** Methods of a boto3 client that are not API operations. */
const CLIENT_HELPERS = new Set([
  'can_paginate',
  'close',
  'generate_presigned_post',
  'generate_presigned_url',
  'get_waiter',
  'upload_file',
  'upload_fileobj',
  'download_file',
  'download_fileobj',
  'copy',
]);

const CLIENT_BINDING =
  /(?:^|[^\w.])((?:self\.)?[A-Za-z_]\w*)\s*=\s*boto3\.client\(\s*(?:service_name\s*=\s*)?(['"])([\w-]+)\2/gm;
const CHAINED_CALL =
  /boto3\.client\(\s*(?:service_name\s*=\s*)?(['"])([\w-]+)\1[^()]*\)\s*\.([a-z_][a-z0-9_]*)\s*\(/g;
const ANY_CLIENT = /boto3\.client\(/g;
const UNREADABLE =
  /boto3\.resource\(|boto3\.session|Session\(|getattr\(|\.client\(\s*[A-Za-z_]/;
/** A function taking a client: its calls are made on a name bound elsewhere. */
const CLIENT_PARAMETER = /\bdef\s+\w+\s*\([^)]*\b\w*client\w*\b[^)]*\)/i;

const lineAt = (source: string, offset: number) =>
  source.slice(0, offset).split('\n').length;

function resolve(
  service: string,
  method: string,
  line: number,
): ScriptCall | undefined {
  if (CLIENT_HELPERS.has(method)) return undefined;
  const found = findService(service);
  if (!found) return { service, method, line, problem: 'unknown-service' };
  const operation = findOperation(found.service, method);
  if (!operation)
    return { service, method, line, problem: 'unknown-operation' };
  return {
    service,
    method,
    line,
    resolved: { serviceName: found.serviceName, operation },
  };
}

/** The boto3 calls of a Python script (see {@link ScriptCall}). */
export function pythonScriptCalls(source: string): ScriptCallsReport {
  const bindings = [...source.matchAll(CLIENT_BINDING)].map(match => ({
    variable: match[1],
    service: match[3],
    offset: match.index! + match[0].indexOf(match[1]),
  }));
  const calls: ScriptCall[] = [];
  const parameters = functionParameters(source);
  const variables = new Set(bindings.map(b => b.variable));
  for (const variable of variables) {
    // A name that is also a function's parameter may hold any client there.
    if (parameters.has(variable)) continue;
    const escaped = variable.replace('.', '\\.');
    const assignments = [
      ...source.matchAll(new RegExp(`(?:^|[^\\w.])${escaped}\\s*=(?!=)`, 'gm')),
    ].map(m => m.index! + m[0].indexOf(variable));
    const callPattern = new RegExp(
      `(?<![\\w.])${escaped}\\.([a-z_][a-z0-9_]*)\\s*\\(\\s*(?:(['"])([a-z_0-9]+)\\2)?`,
      'g',
    );
    for (const call of source.matchAll(callPattern)) {
      // The binding in force: the last assignment to the name before the
      // call, when that assignment made a boto3 client.
      const last = assignments.filter(offset => offset < call.index!).pop();
      const binding = bindings.find(
        b => b.variable === variable && b.offset === last,
      );
      if (!binding) continue;
      const line = lineAt(source, call.index!);
      const method = call[1] === 'get_paginator' && call[3] ? call[3] : call[1];
      const resolved = resolve(binding.service, method, line);
      if (resolved) calls.push(resolved);
    }
  }
  let chained = 0;
  for (const call of source.matchAll(CHAINED_CALL)) {
    chained++;
    const resolved = resolve(call[2], call[3], lineAt(source, call.index!));
    if (resolved) calls.push(resolved);
  }
  const clients = [...source.matchAll(ANY_CLIENT)].length;
  const complete =
    !UNREADABLE.test(source) &&
    !CLIENT_PARAMETER.test(source) &&
    clients === bindings.length + chained;
  return { calls: calls.sort((a, b) => a.line - b.line), complete };
}

/** Every parameter name of the script's functions. */
function functionParameters(source: string): Set<string> {
  const names = new Set<string>();
  for (const def of source.matchAll(/\bdef\s+\w+\s*\(([^)]*)\)/g))
    for (const parameter of def[1].split(','))
      names.add(
        parameter
          .split(/[:=]/)[0]
          .replace(/^\s*\**/, '')
          .trim(),
      );
  return names;
}

/** boto3's method name of an operation: `DescribeDBInstances` → `describe_db_instances`. */
export function botoMethodName(operation: string): string {
  return operation
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
