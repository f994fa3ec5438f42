/**
 * Helpers for CloudFormation `Fn::Sub` strings. An SSM document's Content
 * given as `!Sub |` text is validated after each `${Name}` is replaced by a
 * placeholder that Automation checks treat as an opaque, deploy-time value.
 */

const SUB_VARIABLE = /\$\{(!?)([^}]*)\}/g;
const PLACEHOLDER = /__cfnsub(\d+)__/g;

/** The `${Name}` variables of a Sub string (`${!Literal}` escapes excluded). */
export function subVariableNames(text: string): string[] {
  return Array.from(text.matchAll(SUB_VARIABLE))
    .filter(match => match[1] !== '!')
    .map(match => match[2].trim());
}

export interface SubstitutedText {
  text: string;
  /** Placeholder → the `${…}` name it stands for, e.g. `Role.Arn`. */
  placeholders: Map<string, string>;
}

/** Replaces `${Name}` with placeholders and `${!Literal}` with `${Literal}`. */
export function substituteSubVariables(text: string): SubstitutedText {
  const placeholders = new Map<string, string>();
  const substituted = text.replace(SUB_VARIABLE, (_all, bang, name) => {
    if (bang === '!') return `\${${name}}`;
    const placeholder = `__cfnsub${placeholders.size}__`;
    placeholders.set(placeholder, String(name).trim());
    return placeholder;
  });
  return { text: substituted, placeholders };
}

/** True for a string holding a Sub placeholder. */
export function hasSubPlaceholder(value: string): boolean {
  return /__cfnsub\d+__/.test(value);
}

/** The `${…}` names behind the placeholders of a string. */
export function placeholderNames(
  value: string,
  placeholders: Map<string, string>,
): string[] {
  return Array.from(value.matchAll(new RegExp(PLACEHOLDER)), match =>
    placeholders.get(match[0]),
  ).filter((name): name is string => name !== undefined);
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
