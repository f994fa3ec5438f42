import { validateAutomationDocument } from './automationDocument';
import { validateCloudFormationTemplate } from './cloudFormation';
import { checkLeastPrivilege } from './iamLeastPrivilege';
import { DocumentParseError, parseDocument } from './parseDocument';
import { ProblemList, ValidationOptions, ValidationReport } from './types';

/**
 * Validates a remediation file in-process: a CloudFormation template (with
 * its Automation documents and their roles) or a standalone Automation
 * document. cfn-lint is separate ({@link runCfnLint}); it is slow.
 */
export function validateRemediationFile(
  text: string,
  fileName: string,
  options: ValidationOptions = {},
): ValidationReport {
  const problems = new ProblemList();
  const policy = new ProblemList();
  let parsed;
  try {
    parsed = parseDocument(text);
  } catch (error) {
    if (!(error instanceof DocumentParseError)) throw error;
    problems.error('parse', '', `${fileName}: ${error.message}`);
    return {
      kind: 'unknown',
      problems: problems.problems,
      policy: [],
      valid: false,
    };
  }
  if (parsed.kind === 'template') {
    const automations = validateCloudFormationTemplate(parsed.body, problems);
    checkLeastPrivilege(parsed.body, automations, policy);
  } else {
    validateAutomationDocument(parsed.body, problems);
  }
  const policyProblems = policy.problems.map(p =>
    options.policy === 'report' ? { ...p, severity: 'warning' as const } : p,
  );
  problems.problems.push(...policyProblems);
  return {
    kind: parsed.kind,
    problems: problems.problems,
    policy: policyProblems,
    valid: !problems.hasErrors,
  };
}
