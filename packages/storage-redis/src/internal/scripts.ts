// Lua scripts run by EVAL. Each names its keys in KEYS (value and lock share a hash tag, so one
// cluster slot), which is what makes them atomic in a cluster too.

/** Delete the lock only if it still holds our token. KEYS: lock. ARGV: token. */
export const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** Push the lock's expiry out only if it still holds our token. KEYS: lock. ARGV: token, ttl ms. */
export const EXTEND_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/**
 * Write the value only while our lock is held (a holder whose lock expired writes nothing).
 * KEYS: value, lock. ARGV: token, value, ttl ms ('0' for none). Returns 1 written, 0 lock lost.
 */
export const FENCED_SET = `if redis.call('get', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[3] == '0' then redis.call('set', KEYS[1], ARGV[2]) else redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** Delete the value only while our lock is held. KEYS: value, lock. ARGV: token. */
export const FENCED_DEL = `if redis.call('get', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
return 1`;

/** A SET without the lock check. KEYS: value. ARGV: value, ttl ms ('0' for none). */
export const PLAIN_SET = `if ARGV[2] == '0' then return redis.call('set', KEYS[1], ARGV[1]) end
return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])`;

/** A DEL without the lock check. KEYS: value. */
export const PLAIN_DEL = `return redis.call('del', KEYS[1])`;
