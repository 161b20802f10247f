/**
 * The part of `@alicloud/fc2` (2.6.6, CommonJS, ships no types) this project calls.
 * Facts from reference/fc-serverless-devs.md §2.1–2.2.
 */
declare module '@alicloud/fc2' {
  export interface FcClientConfig {
    accessKeyID: string;
    accessKeySecret: string;
    /** Required (and sent as `x-fc-security-token`) only when `accessKeyID` starts with `STS`. */
    securityToken?: string;
    region: string;
    /** Base URL with scheme; overrides the one built from account id and region. */
    endpoint?: string;
    secure?: boolean;
    internal?: boolean;
    /** Connect and read timeout in ms (default 60000). */
    timeout?: number;
    headers?: Record<string, string>;
  }

  export interface FcResponse {
    headers: Record<string, string | string[] | undefined>;
    /** Parsed JSON when the response says `application/json`, else the body as a string. */
    data: unknown;
  }

  export default class FCClient {
    constructor(accountId: string, config: FcClientConfig);
    /** API version prefix of every path; '2016-08-15' unless changed. */
    version: string;
    endpoint: string;
    timeout: number;
    post(
      path: string,
      body: string | Buffer | null,
      headers?: Record<string, string>,
      queries?: Record<string, string>,
      opts?: { rawBuf?: boolean },
    ): Promise<FcResponse>;
    invokeFunction(
      serviceName: string,
      functionName: string,
      event: string | Buffer | null,
      headers?: Record<string, string>,
      qualifier?: string,
      opts?: { rawBuf?: boolean },
    ): Promise<FcResponse>;
  }
}
