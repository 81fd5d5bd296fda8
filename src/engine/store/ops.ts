/**
 * What both store implementations share: the key of each table and the validation
 * of a write. Validation runs before anything is touched, so a bad op list fails
 * the same way in memory and in IndexedDB, with nothing applied.
 */
import { EngineError } from '../errors';
import type { MetaOp, TableName } from './types';

/** Key path of every table, as the IndexedDB schema declares it. */
export const KEY_PATHS = {
  images: 'id',
  tags: 'ref',
  layers: 'diffID',
  containers: 'id',
  volumes: 'name',
  entries: ['owner', 'path'],
  kv: 'key',
} as const satisfies Record<TableName, string | readonly string[]>;

export const TABLES = Object.keys(KEY_PATHS) as TableName[];

export function isTable(name: unknown): name is TableName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(KEY_PATHS, name);
}

function bad(index: number, why: string, op: unknown): EngineError {
  // `op` may hold file contents: report its shape, not its value.
  const table = typeof op === 'object' && op !== null ? (op as { table?: unknown }).table : undefined;
  return new EngineError('INVALID_ARGUMENT', `store write op #${index} is invalid: ${why}`, {
    index, table: typeof table === 'string' ? table : null,
  });
}

/** The key of a row, or undefined when the row lacks one (missing or not a string). */
export function keyOfRow(table: TableName, value: unknown): string | [string, string] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Record<string, unknown>;
  if (table === 'entries') {
    return typeof row.owner === 'string' && typeof row.path === 'string' ? [row.owner, row.path] : undefined;
  }
  const k = row[KEY_PATHS[table]];
  return typeof k === 'string' ? k : undefined;
}

/**
 * Throws INVALID_ARGUMENT on the first malformed op. The types already forbid most
 * of these; ops also arrive from untyped places (postMessage, share links).
 */
export function validateOps(ops: readonly MetaOp[]): void {
  if (!Array.isArray(ops)) throw new EngineError('INVALID_ARGUMENT', 'store write expects an array of ops');
  ops.forEach((op: MetaOp, i) => {
    if (typeof op !== 'object' || op === null) throw bad(i, 'not an object', op);
    switch (op.op) {
      case 'put':
        if (!isTable(op.table)) throw bad(i, `unknown table ${JSON.stringify(op.table)}`, op);
        if (keyOfRow(op.table, op.value) === undefined) {
          throw bad(i, `${op.table} row lacks its key (${[KEY_PATHS[op.table]].flat().join(', ')})`, op);
        }
        return;
      case 'delete': {
        if (!isTable(op.table)) throw bad(i, `unknown table ${JSON.stringify(op.table)}`, op);
        const k: unknown = op.key;
        const ok = op.table === 'entries'
          ? Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && typeof k[1] === 'string'
          : typeof k === 'string';
        if (!ok) throw bad(i, `bad key for table ${op.table}`, op);
        return;
      }
      case 'deleteOwner':
        if (typeof op.owner !== 'string') throw bad(i, 'deleteOwner needs a string owner', op);
        return;
      default:
        throw bad(i, `unknown op ${JSON.stringify((op as { op?: unknown }).op)}`, op);
    }
  });
}

/** The tables an op list touches: the scope of its transaction. */
export function tablesOf(ops: readonly MetaOp[]): TableName[] {
  const s = new Set<TableName>();
  for (const op of ops) s.add(op.op === 'deleteOwner' ? 'entries' : op.table);
  return [...s];
}

export function closedError(reason: string): EngineError {
  return new EngineError('STORE_CLOSED', `The store is closed: ${reason}. Reload the page to reopen it.`, { reason });
}
