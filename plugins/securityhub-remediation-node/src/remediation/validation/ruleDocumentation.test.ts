import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import ruleDocumentation from './ruleDocumentation.json';

/** Every rule id the validator's sources report a problem under. */
function reportedRules(): Set<string> {
  const rules = new Set<string>();
  for (const file of readdirSync(__dirname)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(join(__dirname, file), 'utf8');
    for (const match of source.matchAll(
      /\.(?:error|warning)\(\s*'([a-z0-9-]+)'/g,
    ))
      rules.add(match[1]);
  }
  return rules;
}

describe('the documentation each validator rule enforces', () => {
  const documented = ruleDocumentation as Record<
    string,
    { enforces: string; documentation: string }
  >;

  it('names a page of the AWS documentation for every rule the validator reports, and no other', () => {
    const reported = reportedRules();
    expect(reported.size).toBeGreaterThan(40);
    expect([...reported].filter(rule => !documented[rule])).toEqual([]);
    expect(Object.keys(documented).filter(rule => !reported.has(rule))).toEqual(
      [],
    );
    for (const { enforces, documentation } of Object.values(documented)) {
      expect(enforces).toMatch(/\.$/);
      expect(documentation).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
