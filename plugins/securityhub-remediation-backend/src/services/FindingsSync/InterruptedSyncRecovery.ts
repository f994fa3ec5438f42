import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import type { FindingsSyncService } from './FindingsSyncService';

const isConflict = (error: unknown) =>
  isError(error) && error.name === 'ConflictError';

/**
 * Gets the sync going again after the backend running it stopped. The
 * scheduler's global task lease of a run whose backend died holds until the
 * task timeout (15–30 min), during which the task neither runs nor can be
 * triggered. The sync's own heartbeat tells a dead run from a live one (of
 * this or another instance); a dead run is marked interrupted, its lease is
 * cancelled and the next run starts at once.
 */
export class InterruptedSyncRecovery {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: {
      sync: FindingsSyncService;
      scheduler: Pick<SchedulerService, 'triggerTask' | 'cancelTask'>;
      taskId: string;
      logger: LoggerService;
      /** How often a live instance looks for a run whose backend died (default 60 s). */
      checkEveryMs?: number;
    },
  ) {}

  /**
   * Marks runs no live backend owns, now and then again every
   * `checkEveryMs` (sooner when a run that looks alive would go stale), so
   * a live instance takes over the run of one that died without waiting for
   * the task's timeout or a restart.
   */
  async start(): Promise<void> {
    if (this.stopped) return;
    let recheckAt: Date | null = null;
    try {
      ({ recheckAt } = await this.recover());
    } finally {
      const every = this.options.checkEveryMs ?? 60_000;
      const delay = recheckAt
        ? Math.min(every, Math.max(0, recheckAt.getTime() - Date.now()) + 1000)
        : every;
      if (!this.stopped) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.start().catch(error =>
            this.options.logger.warn(
              `Checking for an interrupted findings sync failed: ${error}`,
            ),
          );
        }, delay);
        this.timer.unref?.();
      }
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Marks dead runs interrupted; when no live run remains, releases the
   * task's lease and starts the next run. Says whether it started one.
   */
  async recover(): Promise<{ restarted: boolean; recheckAt: Date | null }> {
    const { sync, scheduler, taskId, logger } = this.options;
    const check = await sync.markInterruptedRuns();
    if (check.interrupted.length === 0 || check.liveRun) {
      return { restarted: false, recheckAt: check.recheckAt };
    }
    try {
      await scheduler.cancelTask(taskId);
    } catch (error) {
      // Not running: the lease already expired or was never taken here.
      if (!isConflict(error)) throw error;
    }
    try {
      await scheduler.triggerTask(taskId);
    } catch (error) {
      // Another instance started it in between.
      if (!isConflict(error)) throw error;
    }
    logger.info(
      `Findings sync interrupted (${check.interrupted.join(
        ', ',
      )}): lease released and a new run requested`,
    );
    return { restarted: true, recheckAt: null };
  }

  /**
   * Starts a run now. One request at a time: while a requested run has not
   * started yet (on any instance), another request gets a ConflictError. If
   * the task's lease is held by a run whose backend stopped, the run is
   * recovered first; if a live run holds it, the scheduler's ConflictError
   * is thrown.
   */
  async trigger(): Promise<void> {
    const { sync, scheduler, taskId } = this.options;
    const pendingSince = await sync.requestRun();
    if (pendingSince) {
      throw new ConflictError(
        `A findings sync was requested at ${pendingSince} and starts within seconds; its results show in the sync status when it ends`,
      );
    }
    try {
      await scheduler.triggerTask(taskId);
    } catch (error) {
      if (isConflict(error)) {
        const { restarted } = await this.recover();
        if (restarted) return;
      }
      await sync.withdrawRunRequest();
      throw error;
    }
  }
}
