import { OCSF_ORIGINAL_KEY } from '../ocsf/ocsfToAsff';

/**
 * What `BatchUpdateFindingsV2` addresses an OCSF finding by (its
 * `FindingIdentifiers` entry), from the finding as Security Hub returned it.
 * @public
 */
export interface OcsfFindingIdentifier {
  /** `cloud.account.uid` */
  cloudAccountUid: string;
  /** `finding_info.uid`, which is also the store's finding id. */
  findingInfoUid: string;
  /** `metadata.product.uid` */
  metadataProductUid: string;
}

const stringAt = (value: unknown, ...path: string[]): string | undefined => {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' && at ? at : undefined;
};

/**
 * The OCSF identifier of a stored finding document: undefined when the
 * finding was not read as OCSF (no {@link OCSF_ORIGINAL_KEY}), or lacks one
 * of the three uids (the translation invents a product ARN when
 * `metadata.product.uid` is absent, which Security Hub would not know).
 *
 * @public
 */
export function ocsfFindingIdentifierOf(
  document: Record<string, unknown>,
): OcsfFindingIdentifier | undefined {
  const original = document[OCSF_ORIGINAL_KEY];
  const cloudAccountUid = stringAt(original, 'cloud', 'account', 'uid');
  const findingInfoUid = stringAt(original, 'finding_info', 'uid');
  const metadataProductUid = stringAt(original, 'metadata', 'product', 'uid');
  return cloudAccountUid && findingInfoUid && metadataProductUid
    ? { cloudAccountUid, findingInfoUid, metadataProductUid }
    : undefined;
}
