import { validateAutomationDocument } from './automationDocument';
import { validateCloudFormationTemplate } from './cloudFormation';
import { checkLeastPrivilege } from './iamLeastPrivilege';
import { DocumentParseError, parseDocument } from './parseDocument';
import { ProblemList, ValidationReport } from './types';

/**
 * Validates a remediation file in-process: a CloudFormation template (with
 * its Automation documents and their roles) or a standalone Automation
 * document. cfn-lint is separate ({@link runCfnLint}); it is slow.
 */
export function validateRemediationFile(
  text: string,
  fileName: string,
): ValidationReport {
  const problems = new ProblemList();
  let parsed;
  try {
    parsed = parseDocument(text);
  } catch (error) {
    if (!(error instanceof DocumentParseError)) throw error;
    problems.error('parse', '', `${fileName}: ${error.message}`);
    return { kind: 'unknown', problems: problems.problems, valid: false };
  }
  if (parsed.kind === 'template') {
    const automations = validateCloudFormationTemplate(parsed.body, problems);
    checkLeastPrivilege(parsed.body, automations, problems);
  } else {
    validateAutomationDocument(parsed.body, problems);
  }
  return {
    kind: parsed.kind,
    problems: problems.problems,
    valid: !problems.hasErrors,
  };
}
