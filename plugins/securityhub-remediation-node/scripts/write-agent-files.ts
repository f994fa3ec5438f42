/*
 * Writes agent/action-group.json — the RETURN_CONTROL action group a team
 * creates for a named Bedrock agent — from the chat toolbox's zod schemas,
 * so the shipped file and the actions the backend runs cannot drift apart
 * (a test fails when they do).
 *
 *   node_modules/.bin/tsx scripts/write-agent-files.ts
 */
import { writeFileSync } from 'fs';
import { resolve } from 'path';
import {
  ACTION_GROUP_FILE,
  actionGroupFileText,
} from '../src/chat/bedrock/agentFiles';

const target = resolve(__dirname, '..', ACTION_GROUP_FILE);
writeFileSync(target, actionGroupFileText());
process.stdout.write(`wrote ${target}\n`);
