/** A value in a multistore key. oauth2client keys hold strings (a user agent may be `null`). */
export type MultistoreKeyValue = string | number | boolean | null;

/**
 * What addresses one credential in a multistore file: an object of primitive values. The legacy
 * key is `{ clientId, userAgent, scope }`, a string key is `{ key }`; any other object is a custom
 * key. Keys compare by content, whatever the property order.
 */
export type MultistoreKey = Readonly<Record<string, MultistoreKeyValue>>;
