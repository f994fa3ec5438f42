import type express from 'express';
import Router from 'express-promise-router';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { findingsExportQuerySchema } from '@internal/plugin-securityhub-remediation-common';
import type { FindingScope, FindingsStore } from '../services/FindingsStore';
import {
  EXPORT_FORMATS,
  exportFileName,
  writeFindingsExport,
} from '../services/FindingsExport';
import { parseInput } from './parseInput';

/** Most findings one export holds. */
export const MAX_EXPORT_ROWS = 1_000_000;

export interface ExportRouterOptions {
  store: FindingsStore;
  /** The caller's read scope, as the list applies it; throws when the caller may read nothing. */
  readScope: (req: express.Request) => Promise<FindingScope>;
  logger?: LoggerService;
  /** Overrides {@link MAX_EXPORT_ROWS} (tests). */
  maxRows?: number;
}

/**
 * `GET /v1/findings/export`: the list's filtered, sorted view as CSV, JSON or
 * JSON Lines, streamed as a download. Not cached: it is read in batches
 * straight from the store.
 */
export function createExportRouter(
  options: ExportRouterOptions,
): express.Router {
  const { store, readScope, logger, maxRows = MAX_EXPORT_ROWS } = options;
  const router = Router();

  router.get('/', async (req, res) => {
    const scope = await readScope(req);
    const { format, ...query } = parseInput(
      findingsExportQuerySchema,
      req.query,
      'export query',
    );
    const { sort: _sort, order: _order, ...filter } = query;
    // From the counts in memory without free text: refused before anything
    // is sent, while a clear 400 is still possible.
    const { total } = await store.summary(filter, scope);
    if (total > maxRows) {
      throw new InputError(
        `${total} findings match these filters; an export holds at most ${maxRows}. Narrow the filters (for example by account, severity or status) and export again`,
      );
    }

    const exportFormat = EXPORT_FORMATS[format];
    res.status(200);
    res.setHeader('Content-Type', exportFormat.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${exportFileName(exportFormat, new Date())}"`,
    );
    // The app runs on another origin: let its script read the file name.
    res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');

    try {
      const { outcome, rows } = await writeFindingsExport({
        sink: res,
        format: exportFormat,
        batches: store.streamFindings(query, scope),
        maxRows,
      });
      if (outcome === 'capped') {
        // More matched than the counts said (a sync wrote meanwhile).
        logger?.warn(
          `Findings export stopped at ${rows} findings, the most an export holds`,
        );
        res.destroy();
        return;
      }
      if (outcome === 'complete') res.end();
    } catch (error) {
      // The status and part of the body are sent: closing the connection
      // without ending the body leaves the download visibly incomplete
      // (an unterminated chunked response, and no closing bracket in JSON).
      logger?.error(`Findings export failed while streaming: ${error}`);
      res.destroy();
    }
  });

  return router;
}
