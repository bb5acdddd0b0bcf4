// Frames of the WebSocket bridge. The bridge carries the same contract as IPC: one call frame per invoke,
// one reply frame per call, and pushed event frames.
import { z } from 'zod';

export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
/** Largest frame either side accepts; a scan tree is aggregated well below this. */
export const WS_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export const CallFrameSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  request: z.unknown(),
});
export type CallFrame = z.infer<typeof CallFrameSchema>;

export type ReplyFrame = { id: number; response: unknown };
export type EventFrame = { event: string; payload: unknown };
export type ServerFrame = ReplyFrame | EventFrame;
