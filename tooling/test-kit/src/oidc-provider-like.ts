import type { IncomingMessage } from 'node:http';

// The subset of oidc-provider's API used by the test kit (it ships no TypeScript types).

export interface ProviderLike {
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: unknown, res: unknown) => void;
  interactionDetails(req: unknown, res: unknown): Promise<InteractionDetails>;
  interactionResult(req: unknown, res: unknown, result: object, opts?: object): Promise<string>;
  Grant: new (fields: { accountId: string; clientId: string }) => GrantLike;
  AccessToken: { find(token: string): Promise<{ clientId: string } | undefined> };
  RefreshToken: { find(token: string): Promise<{ clientId: string } | undefined> };
  DeviceCode: { findByUserCode(code: string): Promise<DeviceCodeLike | undefined> };
}
export interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  req: IncomingMessage & { body?: string };
  res: unknown;
  redirect(url: string): void;
}
export interface InteractionDetails {
  prompt: { name: string };
  params: Record<string, unknown>;
  grantId?: string;
}
export interface OwnedBy {
  clientId: string;
  clientAuthMethod?: string;
}
export interface GrantLike {
  addOIDCScope(scope: string): void;
  rejectOIDCScope(scope: string): void;
  save(): Promise<string>;
}
export interface DeviceCodeLike {
  clientId: string;
  params: Record<string, unknown>;
  save(): Promise<unknown>;
  [field: string]: unknown;
}
