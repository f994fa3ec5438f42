import { resolve } from 'path';
import { LocalControlRetriever, readControlCatalogFile } from '../retrieval';
import { UsageError, positiveInteger, type ParsedArgs } from './args';
import type { CliIo } from './main';

export async function retrieveCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  const text = args.positional.join(' ').trim();
  if (!text) throw new UsageError('retrieve needs the text to look up');
  const limit = positiveInteger(args.flags.limit, 'limit', 5);
  const catalog =
    typeof args.flags.catalog === 'string'
      ? await readControlCatalogFile(resolve(args.flags.catalog))
      : undefined;
  const results = await new LocalControlRetriever({ catalog }).retrieve(
    { text },
    { limit },
  );
  io.out(JSON.stringify(results, null, 2));
  return 0;
}
