/**
 * The Stream API messages as in the newer Go `otsprotocol/table_store.proto` plus the two Java-only
 * DescribeStream fields (reference §2.3–2.4): the Node SDK's compiled proto lacks `timestamp`,
 * `token`, `next_token`, `origin_record`, `consumed` and `may_more_record`. Field numbers match
 * across the SDKs. Kept as text so a bundled function needs no file beside it.
 */
export const STREAM_PROTO = `
syntax = "proto2";
package tablestore.stream;

message Error {
  required string code = 1;
  optional string message = 2;
}

message CapacityUnit {
  optional int32 read = 1;
  optional int32 write = 2;
}

message ConsumedCapacity {
  required CapacityUnit capacity_unit = 1;
}

message ListStreamRequest {
  optional string table_name = 1;
}

message Stream {
  required string stream_id = 1;
  required string table_name = 2;
  required int64 creation_time = 3;
}

message ListStreamResponse {
  repeated Stream streams = 1;
}

message StreamShard {
  required string shard_id = 1;
  optional string parent_id = 2;
  optional string parent_sibling_id = 3;
}

enum StreamStatus {
  STREAM_ENABLING = 1;
  STREAM_ACTIVE = 2;
}

message DescribeStreamRequest {
  required string stream_id = 1;
  optional string inclusive_start_shard_id = 2;
  optional int32 shard_limit = 3;
  optional bool support_timeseries_data_table = 4;
}

message DescribeStreamResponse {
  required string stream_id = 1;
  required int32 expiration_time = 2;
  required string table_name = 3;
  required int64 creation_time = 4;
  required StreamStatus stream_status = 5;
  repeated StreamShard shards = 6;
  optional string next_shard_id = 7;
  optional bool is_timeseries_data_table = 8;
}

message GetShardIteratorRequest {
  required string stream_id = 1;
  required string shard_id = 2;
  optional int64 timestamp = 3;
  optional string token = 4;
}

message GetShardIteratorResponse {
  required string shard_iterator = 1;
  optional string next_token = 2;
}

message GetStreamRecordRequest {
  required string shard_iterator = 1;
  optional int32 limit = 2;
  optional string table_name = 3;
}

enum ActionType {
  PUT_ROW = 1;
  UPDATE_ROW = 2;
  DELETE_ROW = 3;
}

message GetStreamRecordResponse {
  message StreamRecord {
    required ActionType action_type = 1;
    required bytes record = 2;
    optional bytes origin_record = 3;
  }
  repeated StreamRecord stream_records = 1;
  optional string next_shard_iterator = 2;
  optional ConsumedCapacity consumed = 3;
  optional bool may_more_record = 4;
}
`;
