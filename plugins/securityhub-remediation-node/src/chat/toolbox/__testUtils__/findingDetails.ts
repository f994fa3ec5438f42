import {
  generateDemoFindings,
  normalizeAsffFinding,
  type AsffFinding,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';

/** A finding as the store serves it, from its ASFF document. */
export function findingDetail(raw: AsffFinding): FindingDetail {
  return {
    ...normalizeAsffFinding(raw),
    firstSeenAt: raw.CreatedAt,
    lastSeenAt: raw.UpdatedAt,
    resolvedAt: null,
    sourceId: 'demo',
    raw,
  };
}

/** The first demo finding of a control (the demo set is seeded: always the same). */
export function demoFindingOf(controlId: string): FindingDetail {
  const raw = generateDemoFindings({ count: 600 }).find(
    f => f.Compliance?.SecurityControlId === controlId,
  );
  if (!raw) throw new Error(`no demo finding of ${controlId}`);
  return findingDetail(raw);
}

/** A store that only knows these findings (everything else is out of scope). */
export function readFindingFrom(
  findings: FindingDetail[],
): jest.Mock<Promise<FindingDetail | undefined>, [string]> {
  const byId = new Map(findings.map(f => [f.id, f]));
  return jest.fn(async (id: string) => byId.get(id));
}
