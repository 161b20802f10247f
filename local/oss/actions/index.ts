/** Operation name (see routes.ts) → action. */
import type { OssContext } from '../context.js';
import { abortMultipartUpload } from './abortMultipartUpload.js';
import { appendObject } from './appendObject.js';
import {
  deleteBucket,
  getBucketAcl,
  getBucketInfo,
  getBucketLocation,
  listBuckets,
  putBucket,
  putBucketAcl,
} from './buckets.js';
import { completeMultipartUpload } from './completeMultipartUpload.js';
import { copyObject } from './copyObject.js';
import { deleteMultipleObjects } from './deleteMultipleObjects.js';
import { deleteObject } from './deleteObject.js';
import { getObject, getObjectMeta, headObject } from './getObject.js';
import { initiateMultipartUpload } from './initiateMultipartUpload.js';
import { listMultipartUploads } from './listMultipartUploads.js';
import { listObjects } from './listObjects.js';
import { listObjectsV2 } from './listObjectsV2.js';
import { listParts } from './listParts.js';
import { getObjectAcl, putObjectAcl } from './objectAcl.js';
import { putObject } from './putObject.js';
import { uploadPart } from './uploadPart.js';
import { uploadPartCopy } from './uploadPartCopy.js';

export const ACTIONS: Record<string, (ctx: OssContext) => Promise<void>> = {
  ListBuckets: listBuckets,
  PutBucket: putBucket,
  PutBucketAcl: putBucketAcl,
  GetBucketAcl: getBucketAcl,
  GetBucketInfo: getBucketInfo,
  GetBucketLocation: getBucketLocation,
  DeleteBucket: deleteBucket,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  DeleteMultipleObjects: deleteMultipleObjects,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  GetObjectMeta: getObjectMeta,
  DeleteObject: deleteObject,
  CopyObject: copyObject,
  AppendObject: appendObject,
  PutObjectAcl: putObjectAcl,
  GetObjectAcl: getObjectAcl,
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};
