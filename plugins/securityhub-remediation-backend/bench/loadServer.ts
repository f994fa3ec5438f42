/**
 * The load benchmark's backend process: started by loadBackend.ts, answers
 * with its API URL and a user token, stops on 'stop'. With
 * BENCH_LOAD_PROFILE=<file> it writes a CPU profile of its run there.
 */
import fs from 'fs/promises';
import { Session } from 'inspector/promises';
import { runBackend } from './loadBackend';

async function main() {
  const { database, findings } = JSON.parse(process.env.BENCH_LOAD_SERVER!);
  const profileFile = process.env.BENCH_LOAD_PROFILE;
  const session = profileFile ? new Session() : undefined;
  const backend = await runBackend(database, findings);
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.on('message', async message => {
    if (message !== 'stop') return;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await fs.writeFile(profileFile!, JSON.stringify(profile));
    }
    await backend.stop();
    process.exit(0);
  });
  process.send!({ api: backend.api, token: backend.token });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
