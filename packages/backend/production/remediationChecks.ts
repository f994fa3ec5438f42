/**
 * The remediation engine inside the built backend: a preview renders the
 * template and validates it, which reads the engine's data files (the AWS
 * API index) from the installed package rather than from the source tree.
 */
import {
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
} from '@internal/plugin-securityhub-remediation-common';
import { API, Portal, check } from './portalClient';

/** A person's token: the guest's, as the sign-in page gets it. */
async function signInAsGuest(portal: Portal): Promise<Portal> {
  const res = await fetch(
    `${portal.instance.base}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const body = await res.text();
  check(
    res.ok,
    `${portal.name}: guest sign-in answered ${res.status}: ${body}`,
  );
  const token = JSON.parse(body).backstageIdentity?.token;
  check(token, `${portal.name}: guest sign-in gave no token: ${body}`);
  return new Portal(portal.instance, token);
}

/** FAILED demo findings, one per control. */
function failedFindingPerControl(count: number) {
  const byControl = new Map<string, string>();
  for (const f of generateDemoFindings({
    count,
    now: new Date(Date.parse(DEMO_REFERENCE_TIME)),
  })) {
    const control = f.Compliance?.SecurityControlId;
    if (f.Compliance?.Status !== 'FAILED' || f.RecordState === 'ARCHIVED')
      continue;
    if (control && !byControl.has(control)) byControl.set(control, f.Id);
  }
  return byControl;
}

/**
 * Previews findings until one gets a curated automation (its steps call AWS
 * APIs, so validating it reads the API index); every preview on the way
 * must answer 200 with a valid template or a reason.
 */
export async function checkRemediationPreview(
  service: Portal,
  findings: number,
): Promise<void> {
  const portal = await signInAsGuest(service);
  let previewed = 0;
  for (const [control, findingId] of failedFindingPerControl(findings)) {
    const answer = await portal.request('POST', `${API}/remediations/preview`, {
      findingId,
    });
    check(
      answer.status === 200,
      `${portal.name}: preview of ${findingId} (${control}) answered ${answer.status}: ${answer.body}`,
    );
    previewed++;
    const preview = JSON.parse(answer.body);
    if (preview.validation)
      check(
        preview.validation.valid === true,
        `${
          portal.name
        }: the template previewed for ${control} is not valid: ${JSON.stringify(
          preview.validation.problems,
        )}`,
      );
    if (preview.automationKind === 'curated') {
      console.log(
        `${previewed} previews on ${portal.name}; ${control} got a curated template, validated`,
      );
      return;
    }
  }
  check(false, `no preview of ${previewed} got a curated automation`);
}
