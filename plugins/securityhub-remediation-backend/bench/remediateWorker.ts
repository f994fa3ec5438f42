/**
 * A backend instance of the remediation benchmark, run as a child process
 * so the benchmark can kill it: serves the remediation routes and runs the
 * follow-up every 250 ms, as the scheduler would.
 *
 *   BENCH_DB_FILE, BENCH_DELIVERY_DIR, BENCH_PORT (0: any free port)
 *
 * Writes one line `ready <base url>` to stdout once it serves.
 */
import { randomUUID } from 'crypto';
import { startRemediationBackend } from './remediateBackend';

const FOLLOW_UP_EVERY_MS = 250;

async function main() {
  const dbFile = process.env.BENCH_DB_FILE;
  const directory = process.env.BENCH_DELIVERY_DIR;
  if (!dbFile || !directory) {
    throw new Error('BENCH_DB_FILE and BENCH_DELIVERY_DIR are required');
  }
  const backend = await startRemediationBackend({
    dbFile,
    directory,
    port: Number(process.env.BENCH_PORT ?? 0),
  });
  // One lease owner per instance, as the plugin does.
  const owner = `bench-worker-${randomUUID()}`;
  let stopping = false;
  const loop = async () => {
    while (!stopping) {
      try {
        await backend.service.followUpDue({ owner });
      } catch (error) {
        console.error(`follow-up failed: ${(error as Error).message}`);
      }
      await new Promise(resolve => setTimeout(resolve, FOLLOW_UP_EVERY_MS));
    }
  };
  const running = loop();
  process.stdout.write(`ready ${backend.base}\n`);

  // A graceful stop (SIGTERM) finishes the current follow-up first.
  process.once('SIGTERM', async () => {
    stopping = true;
    await running;
    await backend.close();
    process.exit(0);
  });
  // The benchmark going away must not leave this process behind.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
