/** One authorization request a flow object started and has not exchanged yet. */
export interface PendingRequest {
  state: string;
  codeVerifier?: string;
  nonce?: string;
  redirectUri: string;
}

/** How many started requests a flow object remembers (the oldest is forgotten first). */
export const MAX_PENDING_REQUESTS = 100;

/**
 * The authorization requests a flow object started, by state, so that step 2 on the same object
 * finds its verifier. Bounded; each entry is used at most once.
 */
export class PendingRequests {
  readonly #byState = new Map<string, PendingRequest>();

  get size(): number {
    return this.#byState.size;
  }

  add(request: PendingRequest): void {
    this.#byState.delete(request.state);
    this.#byState.set(request.state, {
      state: request.state,
      redirectUri: request.redirectUri,
      ...(request.codeVerifier !== undefined && { codeVerifier: request.codeVerifier }),
      ...(request.nonce !== undefined && { nonce: request.nonce }),
    });
    while (this.#byState.size > MAX_PENDING_REQUESTS) {
      const oldest = this.#byState.keys().next().value as string;
      this.#byState.delete(oldest);
    }
  }

  /** Remove and return the request with this state. */
  take(state: string): PendingRequest | undefined {
    const found = this.#byState.get(state);
    if (found) this.#byState.delete(state);
    return found;
  }

  /** Remove and return the most recent request (oauth2client kept only the last verifier). */
  takeLatest(): PendingRequest | undefined {
    const last = [...this.#byState.keys()].at(-1);
    return last === undefined ? undefined : this.take(last);
  }
}
