/** Every API the server answers, by URL path name. Anything else is `Unsupported operation`. */
import type { ActionContext } from '../context.js';
import { batchGetRow } from './batchGetRow.js';
import { batchWriteRow } from './batchWriteRow.js';
import { createTable } from './createTable.js';
import { deleteTable } from './deleteTable.js';
import { describeStream } from './describeStream.js';
import { describeTable } from './describeTable.js';
import { getRange } from './getRange.js';
import { getRow } from './getRow.js';
import { getShardIterator } from './getShardIterator.js';
import { getStreamRecord } from './getStreamRecord.js';
import { listStream } from './listStream.js';
import { listTable } from './listTable.js';
import { updateTable } from './updateTable.js';
import { deleteRow, putRow, updateRow } from './writeRow.js';

export interface ActionSpec {
  // Each action declares its own request shape; the entry hands it the decoded, validated message.
  handler: (ctx: ActionContext, request: never) => Record<string, unknown>;
}

export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  CreateTable: { handler: createTable },
  DeleteTable: { handler: deleteTable },
  DescribeTable: { handler: describeTable },
  ListTable: { handler: listTable },
  UpdateTable: { handler: updateTable },
  PutRow: { handler: putRow },
  UpdateRow: { handler: updateRow },
  DeleteRow: { handler: deleteRow },
  GetRow: { handler: getRow },
  GetRange: { handler: getRange },
  BatchGetRow: { handler: batchGetRow },
  BatchWriteRow: { handler: batchWriteRow },
  ListStream: { handler: listStream },
  DescribeStream: { handler: describeStream },
  GetShardIterator: { handler: getShardIterator },
  GetStreamRecord: { handler: getStreamRecord },
};
