/**
 * OSS wire errors. Actions throw `OssError`; `respond.ts` renders it as the service's XML (or,
 * for HEAD, as base64 XML in `x-oss-err`). Constructors for the codes used in several places live
 * here so messages stay identical everywhere.
 */
import { SyncError } from '../../shared/errors.js';

export class OssError extends SyncError {
  readonly status: number;
  /** Extra elements after <HostId>, e.g. { Key: 'a.txt' }. */
  readonly fields: Record<string, string>;
  /** Extra response headers, e.g. x-oss-next-append-position on a 409. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    super(code, message);
    this.name = 'OssError';
    this.status = status;
    this.fields = fields;
    this.headers = headers;
  }
}

export const noSuchBucket = (bucket: string) =>
  new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket });

export const noSuchKey = (key: string) =>
  new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

export const noSuchUpload = (uploadId: string) =>
  new OssError(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

export const fileAlreadyExists = (key: string) =>
  new OssError(
    409,
    'FileAlreadyExists',
    'The object you specified already exists and can not be overwritten.',
    {
      Key: key,
    },
  );

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new OssError(
    400,
    'InvalidArgument',
    message,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
  );

export const malformedXml = () =>
  new OssError(
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );

export const preconditionFailed = (condition: string) =>
  new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', {
    Condition: condition,
  });

export const notImplemented = (what: string) =>
  new OssError(501, 'NotImplemented', `${what} is not implemented by the local OSS server.`);
