// Errors cross every front door as values, so a renderer, a browser and a shell script all see the same shape.
export type RpcErrorCode =
  | 'bad_request'
  | 'unknown_method'
  | 'not_found'
  | 'forbidden'
  | 'io_error'
  | 'limit'
  | 'internal';

export type RpcResult<T> = { ok: true; result: T } | { ok: false; code: RpcErrorCode; message: string };

export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
