/**
 * Scale benchmark: a million findings (BENCH_SCALE_FINDINGS) imported from
 * export files by a backend child process while clients keep using the
 * API, on SQLite and PostgreSQL. Reports the child's peak memory, the API's
 * latency during the import, and every view's latency afterwards for one
 * client. Prints tables and writes bench/results/findings-scale.json.
 *
 *   yarn bench:findings            (repository root; runs this after the 100k run)
 */
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import knexFactory from 'knex';
import { startChildBackend } from './childBackend';
import { closeClient } from './remediateBackend';
import { writeScaleFiles, type ScaleFiles } from './scaleFiles';
import {
  DEFAULT_VIEW,
  clientsDuring,
  get,
  loadView,
  searchesFromPages,
  viewOfRun,
  viewsAtScale,
  type View,
} from './scaleViews';
import { percentiles, printTable, round, writeResults } from './stats';

const FINDINGS = Number(process.env.BENCH_SCALE_FINDINGS ?? 1_000_000);

const PER_FILE = 10_000;
/** Clients using the portal while the import runs. */
const CLIENTS_DURING_IMPORT = 4;
const TARGETS = {
  viewP95Ms: 50,
  importPeakRssMiB: 1024,
  apiP95DuringImportMs: 200,
};
const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/findings-scale.json',
);

/** Resident memory of a process in MiB, from /proc (Linux). */
async function rssMiB(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

async function benchDatabase(
  name: string,
  env: Record<string, string>,
  files: ScaleFiles,
) {
  const started = await startChildBackend(
    path.join(__dirname, 'scaleBackend.ts'),
    {
      ...env,
      BENCH_FILES_DIR: files.dir,
      BENCH_LEFT_OUT_ACCOUNT: files.sampleAccount,
    },
  );
  const child = { process: started.child, base: started.base };
  const pid = child.process.pid!;
  try {
    let peakSampled = 0;
    const sampler = setInterval(async () => {
      try {
        peakSampled = Math.max(peakSampled, (await rssMiB(pid)).rss);
      } catch {
        // the child is gone; the import reply says why
      }
    }, 250);
    const imported = new Promise<any>((resolve, reject) => {
      child.process.once('message', resolve);
      child.process.once('exit', code =>
        reject(new Error(`the backend exited (${code}) during the import`)),
      );
    });
    const importViews: View[] = [
      { name: 'default view', list: DEFAULT_VIEW, summary: DEFAULT_VIEW },
      {
        name: 'account tab',
        list: { accountId: files.sampleAccount },
        summary: { accountId: files.sampleAccount },
      },
    ];
    child.process.send('import');
    const [reply, duringImport] = await Promise.all([
      imported,
      clientsDuring(child.base, importViews, imported, CLIENTS_DURING_IMPORT),
    ]);
    const importEnded = performance.now();
    clearInterval(sampler);
    const memory = await rssMiB(pid);
    if (!reply.result.ok)
      throw new Error(`import failed: ${reply.result.error}`);

    // Counts are read into memory after the last write; wait until the
    // views show every finding before measuring them.
    const shownAfter = performance.now();
    let summary = await get(child.base, '/v1/findings/summary', {});
    while (summary.total !== reply.imported) {
      if (performance.now() - shownAfter > 120_000) {
        throw new Error(
          `the summary shows ${summary.total} of ${reply.imported} findings`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 250));
      summary = await get(child.base, '/v1/findings/summary', {});
    }
    const shownSeconds = (performance.now() - shownAfter) / 1000;
    // Free text is answered from the text index once it is built; the
    // views are measured then, and its memory with them.
    const indexed = new Promise<{ textIndexReady: boolean }>(resolve =>
      child.process.once('message', resolve),
    );
    child.process.send('text-index');
    const textIndex = {
      ready: (await indexed).textIndexReady,
      readyAfterImportSeconds: round(
        (performance.now() - importEnded) / 1000,
        1,
      ),
      rssMiB: Math.round((await rssMiB(pid)).rss),
    };
    const control = summary.byControl[0]?.key;
    const computedBase = child.base.replace(
      '/api/securityhub-remediation',
      '/computed',
    );
    // Searches no run has made before: words of the resource ids on the
    // first pages of all findings, and those resources' ARNs.
    const { words, arns } = await searchesFromPages(computedBase);
    const firstPage = await get(computedBase, '/v1/findings', {
      limit: 50,
      ...DEFAULT_VIEW,
    });
    if (!firstPage.nextCursor) {
      throw new Error(
        `the default view has no second page: ${JSON.stringify(firstPage).slice(
          0,
          300,
        )}`,
      );
    }
    const views = viewsAtScale({
      sampleAccount: files.sampleAccount,
      sampleResource: files.sampleResource,
      control,
      nextCursor: firstPage.nextCursor,
      words,
      arns,
    });
    // Every view twice: as the portal serves it (answers kept per data
    // version, so a repeated view is a cache hit) and computed from the
    // store on every request.
    const measure = async (base: string, view: View) => {
      let run = 0;
      for (; run < 3; run++) await loadView(base, viewOfRun(view, run));
      const samples = [];
      for (; run < 33; run++) {
        samples.push(await loadView(base, viewOfRun(view, run)));
      }
      return percentiles(samples);
    };
    const viewLatency = [];
    for (const view of views) {
      viewLatency.push({
        view: view.name,
        computed: await measure(computedBase, view),
        cached: await measure(child.base, view),
      });
    }
    return {
      database: name,
      import: {
        findings: reply.imported,
        files: files.files,
        seconds: round(reply.seconds, 1),
        perSecond: Math.round(reply.imported / reply.seconds),
        rejected: reply.result.rejected,
        shownInViewsAfterSeconds: round(shownSeconds, 1),
        peakRssMiB: Math.round(Math.max(memory.peak, peakSampled)),
        apiDuringImport: duringImport,
      },
      textIndex,
      views: viewLatency,
    };
  } finally {
    child.process.disconnect?.();
    child.process.kill('SIGTERM');
  }
}

async function postgresUrl(): Promise<
  { url: string; drop: () => Promise<void> } | undefined
> {
  const variable = Object.keys(process.env).find(n =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(n),
  );
  if (!variable) return undefined;
  const admin = knexFactory({
    client: 'pg',
    connection: process.env[variable]!,
  });
  const database = `bench_scale_${Date.now()}`;
  await admin.raw('create database ??', [database]);
  const url = new URL(process.env[variable]!);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw('drop database if exists ?? with (force)', [database]);
      await admin.destroy();
    },
  };
}

async function main() {
  const started = performance.now();
  console.log(`Writing ${FINDINGS.toLocaleString()} findings as export files…`);
  const files = await writeScaleFiles(FINDINGS, PER_FILE);
  console.log(`${files.files} files, ${round(files.bytes / 2 ** 20)} MiB`);
  const databases = [];
  try {
    const sqliteDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'bench-scale-db-'),
    );
    console.log('SQLite: importing under load, then views…');
    databases.push(
      await benchDatabase(
        'SQLite',
        { BENCH_SQLITE_FILE: path.join(sqliteDir, 'plugin.sqlite') },
        files,
      ),
    );
    await fs.rm(sqliteDir, { recursive: true, force: true });
    const pg = await postgresUrl();
    if (pg) {
      console.log('PostgreSQL: importing under load, then views…');
      try {
        databases.push(
          await benchDatabase(
            'PostgreSQL',
            { BENCH_POSTGRES_URL: pg.url },
            files,
          ),
        );
      } finally {
        await pg.drop();
      }
    } else {
      databases.push({
        database: 'PostgreSQL',
        skipped: 'no test PostgreSQL; run through `yarn bench:findings`',
      });
    }
  } finally {
    closeClient();
    await fs.rm(files.dir, { recursive: true, force: true });
  }

  const measured = databases.filter(
    (d): d is Exclude<typeof d, { skipped: string }> => !('skipped' in d),
  );
  printTable(
    `Import of ${FINDINGS.toLocaleString()} findings while ${CLIENTS_DURING_IMPORT} clients use the API`,
    measured.map(d => ({
      database: d.database,
      findings: d.import.findings,
      seconds: d.import.seconds,
      '/s': d.import.perSecond,
      'peak RSS MiB': d.import.peakRssMiB,
      [`< ${TARGETS.importPeakRssMiB}`]:
        d.import.peakRssMiB < TARGETS.importPeakRssMiB ? 'met' : 'MISSED',
      'in views after s': d.import.shownInViewsAfterSeconds,
      'text index after s': d.textIndex.ready
        ? d.textIndex.readyAfterImportSeconds
        : 'not built',
      'RSS with it MiB': d.textIndex.rssMiB,
      'API requests': d.import.apiDuringImport.n,
      'API p95 ms': d.import.apiDuringImport.p95,
      'API max ms': d.import.apiDuringImport.max,
      errors: d.import.apiDuringImport.errors,
      [`p95 < ${TARGETS.apiP95DuringImportMs}`]:
        d.import.apiDuringImport.p95 < TARGETS.apiP95DuringImportMs &&
        d.import.apiDuringImport.errors === 0
          ? 'met'
          : 'MISSED',
    })),
  );
  printTable(
    `Views at ${FINDINGS.toLocaleString()} findings, one client (ms, page of 50 + summary over HTTP)`,
    measured.flatMap(d =>
      d.views.map(v => ({
        database: d.database,
        view: v.view,
        'computed p50': v.computed.p50,
        'computed p95': v.computed.p95,
        'computed max': v.computed.max,
        'cached p95': v.cached.p95,
        [`p95 < ${TARGETS.viewP95Ms}`]:
          v.computed.p95 < TARGETS.viewP95Ms ? 'met' : 'MISSED',
      })),
    ),
  );
  await writeResults(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    targets: TARGETS,
    findings: FINDINGS,
    files: { count: files.files, mib: round(files.bytes / 2 ** 20) },
    databases,
    durationSeconds: round((performance.now() - started) / 1000),
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
