import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import { findingDetail } from '../toolbox/__testUtils__/findingDetails';
import { textChunks } from './textChunks';
import { turnSubject } from './turnSubject';

const finding = findingDetail(asffFindingFixture({ controlId: 'S3.5' }));

describe('turnSubject', () => {
  it('prefers a control id written in the message, in any spelling', () => {
    expect(
      turnSubject({ message: 'what about s3-5?', history: [], finding }),
    ).toEqual({
      kind: 'control',
      controlId: 'S3.5',
      why: 'named',
    });
    // "TLS 1.2" and "port 22" are not control ids
    expect(
      turnSubject({ message: 'enforce TLS 1.2 on port 22', history: [] }),
    ).toEqual({
      kind: 'text',
      text: 'enforce TLS 1.2 on port 22',
    });
  });

  it('uses the finding in context for a message without content of its own', () => {
    expect(
      turnSubject({
        message: 'Fix this finding, please',
        history: [],
        finding,
      }),
    ).toEqual({
      kind: 'finding',
      findingId: finding.id,
    });
  });

  it('is unclear about "the finding" without one, or without security content', () => {
    expect(
      turnSubject({ message: 'remediate the finding', history: [] }),
    ).toEqual({
      kind: 'unclear',
      reason: 'no-finding',
    });
    expect(turnSubject({ message: 'hi, can you help?', history: [] })).toEqual({
      kind: 'unclear',
      reason: 'no-security-content',
    });
  });

  it('continues from its own question or last answer', () => {
    const offered = {
      role: 'assistant' as const,
      text: 'Two controls match about equally:\n\n1. **S3.8** — …\n2. **S3.2** — …\n',
    };
    expect(
      turnSubject({ message: 'the first one', history: [offered] }),
    ).toMatchObject({
      controlId: 'S3.8',
      why: 'history',
    });
    expect(
      turnSubject({ message: 'option 2', history: [offered] }),
    ).toMatchObject({
      controlId: 'S3.2',
    });
    const answered = {
      role: 'assistant' as const,
      text: '**DMS.1 — Database Migration…**',
    };
    expect(
      turnSubject({ message: 'again please', history: [answered] }),
    ).toMatchObject({
      controlId: 'DMS.1',
    });
    // real content is a new question, not a continuation
    expect(
      turnSubject({ message: 'kms key rotation', history: [answered] }),
    ).toMatchObject({
      kind: 'text',
    });
  });
});

describe('textChunks', () => {
  it('splits into word groups that join back to the exact text', () => {
    const text =
      '**S3.5 — title**\n\n- one two three\n- four five six seven eight\n';
    const chunks = textChunks(text, 3);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every(c => c.trim().split(/\s+/).length <= 3)).toBe(true);
  });
});
