// validate -> service -> {ok,result}|{ok:false,code,message}: the one path every front door calls through.
import { contract, isMethodName, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../shared/contract';
import { RpcError, type RpcResult } from '../../shared/rpcResult';

export interface CallContext {
  frontDoor: 'ipc' | 'websocket' | 'cli';
}

export type Handlers = {
  [M in MethodName]: (request: ParsedRequestOf<M>, ctx: CallContext) => Promise<ResponseOf<M>> | ResponseOf<M>;
};

export interface Dispatcher {
  call(method: unknown, request: unknown, ctx: CallContext): Promise<RpcResult<unknown>>;
}

function describeZodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`)
    .join('; ');
}

export function createDispatcher(handlers: Handlers): Dispatcher {
  return {
    async call(method, request, ctx) {
      if (!isMethodName(method)) {
        return { ok: false, code: 'unknown_method', message: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}` };
      }
      const parsed = contract[method].request.safeParse(request ?? {});
      if (!parsed.success) {
        return { ok: false, code: 'bad_request', message: `${method}: ${describeZodIssues(parsed.error)}` };
      }
      try {
        const handler = handlers[method] as (req: unknown, c: CallContext) => Promise<unknown> | unknown;
        const raw = await handler(parsed.data, ctx);
        // Responses are checked too: a service bug must not put a malformed object on the wire.
        const checked = contract[method].response.safeParse(raw);
        if (!checked.success) {
          return { ok: false, code: 'internal', message: `${method} produced an invalid response: ${describeZodIssues(checked.error)}` };
        }
        return { ok: true, result: checked.data };
      } catch (err) {
        if (err instanceof RpcError) return { ok: false, code: err.code, message: err.message };
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, code: 'internal', message: `${method} failed: ${message}` };
      }
    },
  };
}
