/**
 * What the framework-free logic needs from a server-side session; the Express layer adapts
 * `express-session` to it. `data` is the live session record (after `regenerate`, the new one).
 */
export interface SessionHandle {
  readonly id: string;
  readonly data: Record<string, unknown>;
  /** Replace the session by a fresh one with a new id (no fixation); its data starts empty. */
  regenerate(): Promise<void>;
  /** Write the session to its store now. */
  save(): Promise<void>;
  /** Delete the session from its store. */
  destroy(): Promise<void>;
  /** The session's record as its store holds it now (another request may have written it). */
  readStored(): Promise<Record<string, unknown> | undefined>;
}
