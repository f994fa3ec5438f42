import type { ChatProposal } from '@internal/plugin-securityhub-remediation-common';
import type { RetrievalEvidence } from '../../remediation/retrieval/ControlRetriever';

/** Why the control was chosen, as the answer states it. */
export type ControlMatch =
  | { by: 'named' }
  | { by: 'history' }
  | { by: 'finding' | 'text'; evidence: readonly RetrievalEvidence[] };

/** Everything the local answer says, all of it from the catalog and the engine. */
export interface AnswerFacts {
  proposal: ChatProposal;
  match: ControlMatch;
  /** The Automated Security Response runbook, when that solution is deployed. */
  asrRunbook?: string;
  /** The answer used the conversation's finding to fill parameters. */
  usedFinding: boolean;
}

const EVIDENCE_LABELS: Record<string, string> = {
  control_id: 'its control id',
  title: 'its title',
  title_variant: 'an earlier wording of its title',
  config_rule: 'its AWS Config rule',
  resource_type: 'its resource type',
  service: 'its service',
  guidance: 'its remediation guidance',
  symptoms: 'how the problem usually shows up',
  knowledge_base: 'the knowledge base',
  'finding.Compliance.SecurityControlId': "the finding's security control id",
  'finding.ProductFields.ControlId': "the finding's control id",
  'finding.GeneratorId': "the finding's generator id",
};

const MAX_EVIDENCE_LINES = 3;
const MAX_EVIDENCE_CHARS = 200;

/** The local agent's markdown answer for one rendered remediation. */
export function answerMarkdown(facts: AnswerFacts): string {
  const { proposal } = facts;
  const parts: string[] = [
    `**${proposal.controlId} — ${proposal.controlTitle}**`,
    whyMatched(facts.match),
    remediationSection(proposal),
  ];
  if (facts.asrRunbook) {
    parts.push(
      `Automated Security Response on AWS is deployed in this account: its runbook \`${facts.asrRunbook}\` also remediates ${proposal.controlId}.`,
    );
  }
  if (proposal.validation) parts.push(validationSection(proposal));
  if (proposal.templateYaml) {
    parts.push(parametersSection(proposal, facts.usedFinding));
    parts.push(
      'The template and its parameters file are shown below. Review them, then press **Remediate** to start the remediation; nothing runs until it is approved.',
    );
  }
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function whyMatched(match: ControlMatch): string {
  if (match.by === 'named') return 'You named this control.';
  if (match.by === 'history') return 'The control from our conversation.';
  const lines = match.evidence
    .slice(0, MAX_EVIDENCE_LINES)
    .map(
      e =>
        `- ${EVIDENCE_LABELS[e.field] ?? e.field}: “${clip(
          oneLine(e.text),
          MAX_EVIDENCE_CHARS,
        )}”`,
    );
  const lead =
    match.by === 'finding'
      ? 'It is the control of the finding in this conversation, matched on:'
      : 'It matches your message on:';
  if (lines.length) return `${lead}\n${lines.join('\n')}`;
  return match.by === 'finding'
    ? 'It is the control of the finding in this conversation.'
    : 'It is the closest match to your message.';
}

function remediationSection(proposal: ChatProposal): string {
  switch (proposal.automationKind) {
    case 'aws-runbook':
      return `**An AWS runbook remediates it:** \`${
        proposal.runbook
      }\` (owned by AWS, present in every account). The template below creates an Automation document that runs it with a role limited to what it needs.${
        proposal.description ? `\n\n${proposal.description}` : ''
      }`;
    case 'curated':
      return `**No AWS runbook covers it; the curated automation does.** ${
        proposal.description ?? ''
      }${caveats(proposal)}`;
    case 'cannot-automate':
      return `**It cannot be automated safely.** ${
        proposal.reason ?? ''
      }\n\nWhat to do instead:\n${numbered(proposal.manualSteps ?? [])}`;
    case 'not-automated':
      return `**No automation exists for this control yet.**${
        proposal.description ? ` ${proposal.description}` : ''
      }${
        proposal.manualSteps?.length
          ? `\n\nSteps:\n${numbered(proposal.manualSteps)}`
          : ''
      }`;
    default:
      return '';
  }
}

function validationSection(proposal: ChatProposal): string {
  const validation = proposal.validation!;
  const errors = validation.problems.filter(p => p.severity === 'error');
  const warnings = validation.problems.length - errors.length;
  if (validation.valid) {
    return `**Validation:** the template passed${
      warnings ? ` with ${warnings} warning${warnings > 1 ? 's' : ''}` : ''
    }.`;
  }
  return `**Validation:** the template failed with ${errors.length} error${
    errors.length === 1 ? '' : 's'
  }:\n${errors
    .slice(0, 5)
    .map(p => `- \`${p.rule}\` at ${p.path || '(document)'}: ${p.message}`)
    .join('\n')}`;
}

function parametersSection(
  proposal: ChatProposal,
  usedFinding: boolean,
): string {
  const missing = proposal.missingParameters ?? [];
  if (!missing.length) {
    return usedFinding
      ? 'Every parameter was filled from the finding.'
      : 'The template needs no parameters.';
  }
  return `**Parameters you still need to fill**${
    usedFinding ? ' (the finding did not provide them)' : ''
  }:\n${missing.map(p => `- \`${p.name}\`: ${p.description}`).join('\n')}`;
}

function caveats(proposal: ChatProposal): string {
  return proposal.caveats?.length
    ? `\n\nCaveats:\n${proposal.caveats.map(c => `- ${c}`).join('\n')}`
    : '';
}

function numbered(steps: readonly string[]): string {
  return steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
