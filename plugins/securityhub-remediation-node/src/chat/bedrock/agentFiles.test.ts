import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { resolve } from 'path';
import { CHAT_TOOL_NAMES } from '@internal/plugin-securityhub-remediation-common';
import { UNTRUSTED_DATA_RULE } from '../untrusted';
import { ACTION_GROUP_FILE, actionGroupFileText } from './agentFiles';
import {
  defaultAgentInstructionPath,
  readAgentInstruction,
} from './agentInstruction';

const packageDir = resolve(__dirname, '../../..');

describe('shipped agent files', () => {
  it('action-group.json is what the code generates (run scripts/write-agent-files.ts after changing an action)', () => {
    const committed = readFileSync(
      resolve(packageDir, ACTION_GROUP_FILE),
      'utf8',
    );
    expect(committed).toBe(actionGroupFileText());
  });

  it('declares every chat action, and only those, as a RETURN_CONTROL function within Bedrock limits', () => {
    const group = JSON.parse(actionGroupFileText());
    expect(group.actionGroupExecutor).toEqual({
      customControl: 'RETURN_CONTROL',
    });
    expect(group.description.length).toBeLessThanOrEqual(200);
    const functions: Array<{
      name: string;
      description: string;
      parameters: Record<string, { description: string }>;
    }> = group.functionSchema.functions;
    expect(functions.map(f => f.name)).toEqual([...CHAT_TOOL_NAMES]);
    for (const fn of functions) {
      expect(fn.name).toMatch(/^([0-9a-zA-Z][_-]?){1,100}$/);
      expect(fn.description.length).toBeLessThanOrEqual(1200);
      expect(Object.keys(fn.parameters).length).toBeLessThanOrEqual(5);
      for (const parameter of Object.values(fn.parameters)) {
        expect(parameter.description.length).toBeLessThanOrEqual(500);
      }
    }
    expect(
      functions.find(f => f.name === 'validate_template')?.parameters,
    ).toMatchObject({
      templateYaml: { type: 'string', required: true },
      controlId: { type: 'string', required: true },
    });
  });

  it('ships the instruction the inline agent reads by default, stating the untrusted-data rule', async () => {
    expect(defaultAgentInstructionPath()).toBe(
      resolve(packageDir, 'agent/instruction.md'),
    );
    const shipped = readFileSync(defaultAgentInstructionPath(), 'utf8');
    expect(shipped).toContain(UNTRUSTED_DATA_RULE);
    expect(shipped).toMatch(/validate_template/);
    expect(await readAgentInstruction()).toBe(shipped.trim());
  });

  it('adds the untrusted-data rule to a custom instruction that leaves it out', async () => {
    const file = resolve(
      mkdtempSync(resolve(tmpdir(), 'instruction-')),
      'custom.md',
    );
    writeFileSync(
      file,
      'You help engineers remediate Security Hub findings with runbooks.',
    );
    const text = await readAgentInstruction(file);
    expect(text.endsWith(UNTRUSTED_DATA_RULE)).toBe(true);
  });
});
