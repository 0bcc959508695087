import { randomUUID } from 'node:crypto';
import { EJSON, BSONRegExp } from 'bson';
import { z } from 'zod';
import { DbError, dbErrors } from './errors';
import {
  aggregateDocs,
  countDocs,
  findDocs,
  planInsert,
  planRemove,
  planUpdate,
  storeView,
  type Query,
  type View,
} from './engine';
import type { Store } from './store';
import { TransactionManager, type Transaction } from './transactions';

/** CloudBase's page sizes: `get()` returns 100 by default and never more than 1000. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** What the `/admin` endpoint answers: a CloudBase success body, or `{ code, message }`. */
export type AdminResponse = Record<string, unknown> & { requestId: string };

/** Calls another cloud function (`cloud.callFunction` inside a function arrives here). */
export type InvokeFunction = (name: string, event: unknown) => Promise<unknown>;

const ejsonString = z.string();
const base = z.object({ collectionName: z.string().min(1), transactionId: z.string().optional() });
const optionalQuery = z.union([ejsonString, z.literal('')]).optional();

const schemas = {
  'database.getDocument': base.extend({
    query: optionalQuery,
    queryType: z.enum(['WHERE', 'DOC']).optional(),
    order: ejsonString.optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).optional(),
    projection: ejsonString.optional(),
    multi: z.boolean().optional(),
  }),
  'database.calculateDocument': base.extend({
    query: optionalQuery,
    queryType: z.string().optional(),
  }),
  'database.insertDocument': base.extend({ data: z.array(ejsonString).min(1) }),
  'database.modifyDocument': base.extend({
    query: optionalQuery,
    queryType: z.enum(['WHERE', 'DOC']).optional(),
    data: ejsonString,
    multi: z.boolean().optional(),
    merge: z.boolean().optional(),
    upsert: z.boolean().optional(),
  }),
  'database.modifyAndReturnDoc': base.extend({
    query: optionalQuery,
    queryType: z.string().optional(),
    data: ejsonString,
  }),
  'database.removeDocument': base.extend({
    query: optionalQuery,
    queryType: z.string().optional(),
    multi: z.boolean().optional(),
  }),
  'database.aggregateDocuments': base.extend({
    stages: z.array(z.object({ stageKey: z.string().startsWith('$'), stageValue: z.string() })),
  }),
  'database.addCollection': z.object({ collectionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  'database.startTransaction': z.object({}),
  'database.commitTransaction': z.object({ transactionId: z.string() }),
  'database.abortTransaction': z.object({ transactionId: z.string() }),
  'database.getInTransaction': base.extend({
    transactionId: z.string(),
    _id: z.union([z.string(), z.number()]),
  }),
  'database.updateDocInTransaction': base.extend({
    transactionId: z.string(),
    _id: z.union([z.string(), z.number()]),
    data: ejsonString,
    upsert: z.boolean().optional(),
  }),
  'database.deleteDocInTransaction': base.extend({
    transactionId: z.string(),
    _id: z.union([z.string(), z.number()]),
  }),
  'functions.invokeFunction': z.object({
    function_name: z.string().min(1),
    request_data: z.string().optional(),
  }),
} as const;

type Action = keyof typeof schemas;
type Params<A extends Action> = z.infer<(typeof schemas)[A]>;

/**
 * CloudBase's `/admin` wire protocol, as `wx-server-sdk` and `@cloudbase/node-sdk` speak it:
 * a JSON body with `action` and its parameters; queries, updates and documents as extended JSON.
 */
export class AdminProtocol {
  readonly transactions: TransactionManager;
  private readonly committed: View;

  constructor(
    private readonly store: Store,
    private readonly invoke: InvokeFunction,
  ) {
    this.transactions = new TransactionManager(store);
    this.committed = storeView(store);
  }

  /** Handles one request body; never throws: failures become CloudBase error bodies. */
  async handle(body: unknown): Promise<AdminResponse> {
    const requestId = randomUUID();
    try {
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw dbErrors.invalidParam('request body must be a JSON object');
      const action = (body as { action?: unknown }).action;
      if (typeof action !== 'string' || !(action in schemas)) {
        throw new DbError('INVALID_ACTION', `unknown action: ${String(action)}`);
      }
      const parsed = schemas[action as Action].safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw dbErrors.invalidParam(`${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      const result = await this.run(action as Action, parsed.data as Params<Action>);
      return { ...result, requestId };
    } catch (error) {
      if (error instanceof DbError) return { code: error.code, message: error.message, requestId };
      return { code: 'SYS_ERR', message: (error as Error).message ?? String(error), requestId };
    }
  }

  close(): void {
    this.transactions.close();
  }

  private async run(action: Action, p: Params<Action>): Promise<Record<string, unknown>> {
    switch (action) {
      case 'database.getDocument':
        return this.getDocument(p as Params<'database.getDocument'>);
      case 'database.calculateDocument': {
        const q = p as Params<'database.calculateDocument'>;
        return {
          data: {
            total: countDocs(this.view(q.transactionId), q.collectionName, parseQuery(q.query)),
          },
        };
      }
      case 'database.insertDocument':
        return this.insertDocument(p as Params<'database.insertDocument'>);
      case 'database.modifyDocument':
        return this.modifyDocument(p as Params<'database.modifyDocument'>);
      case 'database.modifyAndReturnDoc': {
        const q = p as Params<'database.modifyAndReturnDoc'>;
        const view = this.view(q.transactionId);
        const plan = planUpdate(view, q.collectionName, parseQuery(q.query), parseData(q.data), {
          multi: false,
          merge: true,
          upsert: false,
        });
        await this.apply(q.transactionId, plan.changes);
        return {
          data: { updated: plan.updated, doc: plan.firstAfter ? toEjson(plan.firstAfter) : null },
        };
      }
      case 'database.removeDocument': {
        const q = p as Params<'database.removeDocument'>;
        const changes = planRemove(
          this.view(q.transactionId),
          q.collectionName,
          parseQuery(q.query),
          q.multi ?? true,
        );
        await this.apply(q.transactionId, changes);
        return { data: { deleted: changes.length } };
      }
      case 'database.aggregateDocuments': {
        const q = p as Params<'database.aggregateDocuments'>;
        const pipeline = q.stages.map((s) => ({ [s.stageKey]: parseStageValue(s.stageValue) }));
        const list = aggregateDocs(this.committed, q.collectionName, pipeline);
        return { data: { list: list.map(toEjson) } };
      }
      case 'database.addCollection':
        await this.store.createCollection((p as Params<'database.addCollection'>).collectionName);
        return {};
      case 'database.startTransaction':
        return { transactionId: this.transactions.start().id };
      case 'database.commitTransaction':
        await this.transactions.commit((p as Params<'database.commitTransaction'>).transactionId);
        return {};
      case 'database.abortTransaction':
        this.transactions.abort((p as Params<'database.abortTransaction'>).transactionId);
        return {};
      case 'database.getInTransaction': {
        const q = p as Params<'database.getInTransaction'>;
        const doc = this.transactions.get(q.transactionId).get(q.collectionName, String(q._id));
        return { data: EJSON.stringify(doc ?? null, { relaxed: false }) };
      }
      case 'database.updateDocInTransaction': {
        const q = p as Params<'database.updateDocInTransaction'>;
        const tx = this.transactions.get(q.transactionId);
        const data = parseData(q.data);
        const isOperatorUpdate = Object.keys(data).every((k) => k.startsWith('$'));
        const plan = planUpdate(tx, q.collectionName, { _id: String(q._id) }, data, {
          multi: false,
          merge: isOperatorUpdate,
          upsert: q.upsert ?? false,
        });
        tx.write(plan.changes);
        return {
          updated: EJSON.stringify(plan.updated),
          upserted: plan.upsertedId ? JSON.stringify([{ _id: plan.upsertedId }]) : null,
        };
      }
      case 'database.deleteDocInTransaction': {
        const q = p as Params<'database.deleteDocInTransaction'>;
        const tx = this.transactions.get(q.transactionId);
        const changes = planRemove(tx, q.collectionName, { _id: String(q._id) }, false);
        tx.write(changes);
        return { deleted: EJSON.stringify(changes.length) };
      }
      case 'functions.invokeFunction': {
        const q = p as Params<'functions.invokeFunction'>;
        const event = q.request_data ? JSON.parse(q.request_data) : {};
        const result = await this.invoke(q.function_name, event);
        return { data: { response_data: JSON.stringify(result ?? null) } };
      }
    }
  }

  private getDocument(p: Params<'database.getDocument'>): Record<string, unknown> {
    const view = this.view(p.transactionId);
    const query = parseQuery(p.query);
    const limit = Math.min(p.limit || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const offset = p.offset ?? 0;
    const docs = findDocs(view, p.collectionName, query, {
      sort: p.order ? (parseData(p.order) as Record<string, 1 | -1>) : undefined,
      skip: offset,
      limit,
      projection: p.projection ? parseData(p.projection) : undefined,
    });
    return { data: { list: docs.map(toEjson), limit, offset } };
  }

  private async insertDocument(
    p: Params<'database.insertDocument'>,
  ): Promise<Record<string, unknown>> {
    const docs = p.data.map((d) => parseData(d));
    const { changes, ids } = planInsert(this.view(p.transactionId), p.collectionName, docs);
    await this.apply(p.transactionId, changes);
    return { data: { insertedIds: ids } };
  }

  private async modifyDocument(
    p: Params<'database.modifyDocument'>,
  ): Promise<Record<string, unknown>> {
    const plan = planUpdate(
      this.view(p.transactionId),
      p.collectionName,
      parseQuery(p.query),
      parseData(p.data),
      {
        multi: p.multi ?? false,
        merge: p.merge ?? true,
        upsert: p.upsert ?? false,
      },
    );
    await this.apply(p.transactionId, plan.changes);
    return { data: { updated: plan.updated, upsert_id: plan.upsertedId } };
  }

  private view(transactionId: string | undefined): View {
    return transactionId ? this.transactions.get(transactionId) : this.committed;
  }

  private async apply(
    transactionId: string | undefined,
    changes: Parameters<Store['commit']>[0],
  ): Promise<void> {
    if (transactionId) (this.transactions.get(transactionId) as Transaction).write(changes);
    else await this.store.commit(changes);
  }
}

function toEjson(doc: unknown): string {
  return EJSON.stringify(doc as Record<string, unknown>, { relaxed: false });
}

function parseQuery(text: string | undefined): Query {
  if (!text) return {};
  const query = parseData(text);
  return query;
}

/** Parses extended JSON, turning CloudBase's server dates and BSON regexps into plain values. */
function parseData(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = EJSON.parse(text, { relaxed: true });
  } catch (error) {
    throw dbErrors.invalidParam(`invalid extended JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw dbErrors.invalidParam('expected an object');
  }
  return resolveSpecialValues(value, Date.now()) as Record<string, unknown>;
}

function parseStageValue(text: string): unknown {
  try {
    return resolveSpecialValues(EJSON.parse(text, { relaxed: true }), Date.now());
  } catch (error) {
    if (error instanceof DbError) throw error;
    throw dbErrors.invalidParam(`invalid aggregation stage: ${(error as Error).message}`);
  }
}

function resolveSpecialValues(value: unknown, now: number): unknown {
  if (
    value === null ||
    typeof value !== 'object' ||
    Object.prototype.toString.call(value) === '[object Date]'
  )
    return value;
  if (value instanceof BSONRegExp)
    return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
  if (Array.isArray(value)) return value.map((v) => resolveSpecialValues(v, now));
  const record = value as Record<string, unknown>;
  const serverDate = record.$tcb_server_date as { offset?: number } | undefined;
  if (serverDate && Object.keys(record).length === 1)
    return new Date(now + (serverDate.offset ?? 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = resolveSpecialValues(v, now);
  return out;
}
