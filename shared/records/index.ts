export type * from './types.js';
export {
  RowBuilder,
  RecordShapeError,
  outputColumns,
  sequenceInfoText,
  MULTI_VERSION_COLUMNS,
  SEQUENCE_INFO_COLUMN,
} from './rows.js';
export { valueToText, doubleToText, bytesToText, UnwritableValueError } from './value-text.js';
