import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import { complianceFinding } from '../ocsf/__fixtures__/ocsfFindings';
import { ocsfToAsffFinding } from '../ocsf/ocsfToAsff';
import { ocsfFindingIdentifierOf } from './ocsfFindingIdentifier';

describe('ocsfFindingIdentifierOf', () => {
  it('reads the three uids V2 needs from the stored OCSF original; the store id is finding_info.uid', () => {
    const stored = ocsfToAsffFinding(complianceFinding);
    expect(ocsfFindingIdentifierOf(stored)).toEqual({
      cloudAccountUid: '123456789012',
      findingInfoUid: stored.Id,
      metadataProductUid: complianceFinding.metadata.product.uid,
    });
    expect(stored.Id).toBe(complianceFinding.finding_info.uid);
  });

  it('has none for an ASFF finding, or an OCSF one without a product uid', () => {
    expect(ocsfFindingIdentifierOf(asffFindingFixture())).toBeUndefined();
    const noProductUid = structuredClone(complianceFinding) as Record<
      string,
      any
    >;
    delete noProductUid.metadata.product.uid;
    expect(
      ocsfFindingIdentifierOf(ocsfToAsffFinding(noProductUid)),
    ).toBeUndefined();
  });
});
