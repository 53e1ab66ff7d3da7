/**
 * The helpers Application Default Credentials return with every credential (oauth2client's
 * `GoogleCredentials` family): whether scopes must be chosen, a copy with scopes, and the ADC
 * file contents. Implemented by core's `GoogleCredentials` (and its subclasses), `@oauth2/crypt`'s
 * `ServiceAccountCredentials` (and `JwtAccessCredentials`), `@oauth2/gce`'s
 * `AppAssertionCredentials`, `@oauth2/devshell`'s `DevshellCredentials` and `@oauth2/adc`'s
 * file credentials.
 *
 * @example
 * function withScopes(credentials: ScopableCredentials, scopes: string[]): ScopableCredentials {
 *   return credentials.createScopedRequired() ? credentials.createScoped(scopes) : credentials;
 * }
 */
export interface ScopableCredentials {
  /** True when {@link createScoped} must be called before the credential can get a token. */
  createScopedRequired(): boolean;
  /** A credential requesting `scopes` (a copy, or the same one when scopes do not apply). */
  createScoped(scopes: string | Iterable<string>): ScopableCredentials;
  /**
   * The gcloud ADC file contents (`authorized_user` or `service_account`; contains secrets).
   * @throws {NotSerializableError} credentials that cannot be saved (GCE, Cloud Shell).
   */
  readonly serializationData: object;
}
