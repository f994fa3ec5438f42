import type { KnexFindingsStore } from '../services/FindingsStore';

/**
 * Builds the store's text index of the data as it is now (the first call
 * sees the data version and starts the build, the next wait for it);
 * whether it is ready.
 */
export async function textIndexBuilt(
  store: KnexFindingsStore,
): Promise<boolean> {
  for (let i = 0; i < 3 && !(await store.textIndexReady()); i++);
  return store.textIndexReady();
}
