import type { Redis } from "ioredis";
import type { RedisKeys } from "./redis-keys.js";

// The Redis spool's multi-key steps, each one Lua script so Redis applies it
// atomically (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
// Times come from Redis (TIME), so instances with skewed clocks agree.

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: report ids of the fingerprint, intake, depth.
// ARGV: report id, id ttl ms, max depth, fingerprint, report json, received at.
// 1 stored, 0 a retry of a report seen within the ttl, -1 spool full.
// A retry is remembered for another ttl from now; that write also lands
// after the original's in the AOF and the replication stream, so a
// WAITAOF/WAIT that follows it covers the original report too.
// The first write is ZADD on purpose: Redis refuses a script at its first
// memory-growing write when over maxmemory, but lets it go on once it has
// written anything (so it never stops half way); a shrinking write first
// would let a report in past the limit.
const ACCEPT = `${NOW}
local ttl = tonumber(ARGV[2])
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if expires and tonumber(expires) > now then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 0
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return -1 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('XADD', KEYS[2], '*', 'f', ARGV[4], 'r', ARGV[5], 't', ARGV[6])
redis.call('INCR', KEYS[3])
return 1`;

// Moves one intake entry (its id and fields) to its fingerprint's stream
// and marks the fingerprint due; an entry without one is dropped.
// KEYS: intake, due, depth. ARGV[2]: per-fingerprint key prefix.
const MOVE = `local function move(id, fields, now)
  local fingerprint = nil
  for j = 1, #fields, 2 do
    if fields[j] == 'f' then fingerprint = fields[j + 1] end
  end
  if fingerprint then
    redis.call('XADD', ARGV[2] .. fingerprint, '*', unpack(fields))
    redis.call('ZADD', KEYS[2], 'NX', now, fingerprint)
  else
    redis.call('DECR', KEYS[3])
  end
  redis.call('XDEL', KEYS[1], id)
  return fingerprint and 1 or 0
end`;

// KEYS: intake, due, depth. ARGV: group, per-fingerprint key prefix, ids.
// Moves intake entries a consumer holds (taken over from a dead one) to
// their fingerprint's stream. Only the caller whose XACK takes an entry off
// the group's pending list moves it, so an entry a slow consumer and its
// reclaimer both hold is moved once.
const SORT = `${NOW}
${MOVE}
local moved = 0
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
    local entry = redis.call('XRANGE', KEYS[1], id, id)[1]
    if entry then moved = moved + move(id, entry[2], now) end
  end
end
return moved`;

// KEYS: intake, due, depth. ARGV: group, per-fingerprint key prefix,
// consumer, count. Reads up to `count` new intake entries through the group
// and moves them in the same step, so no entry is ever pending and no
// report crosses to the instance just to have its id read back.
// Returns { entries read, reports moved }.
const READ_AND_SORT = `${NOW}
${MOVE}
local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[3], 'COUNT', ARGV[4], 'STREAMS', KEYS[1], '>')
if not reply then return { 0, 0 } end
local entries = reply[1][2]
local moved = 0
for i = 1, #entries do
  local id = entries[i][1]
  redis.call('XACK', KEYS[1], ARGV[1], id)
  moved = moved + move(id, entries[i][2], now)
end
return { #entries, moved }`;

// KEYS: fingerprint stream, open batch, depth, due, failures.
// ARGV: last id of the batch, fingerprint, flush interval ms, 1 if the batch
// was as large as a batch may be.
// After GitHub has the batch: its reports go, the journal entry goes, and
// the fingerprint is due again after one interval; at once only when a full
// batch left a backlog behind (reports that arrived meanwhile wait for the
// interval, so a storm gets one edit per interval). Returns how many reports
// left the spool.
const DONE = `${NOW}
local before = redis.call('XLEN', KEYS[1])
local ms, seq = string.match(ARGV[1], '^(%d+)-(%d+)$')
redis.call('XTRIM', KEYS[1], 'MINID', ms .. '-' .. (tonumber(seq) + 1))
local left = redis.call('XLEN', KEYS[1])
redis.call('DECRBY', KEYS[3], before - left)
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[5], ARGV[2])
if left > 0 and ARGV[4] == '1' then
  redis.call('ZADD', KEYS[4], now, ARGV[2])
else
  redis.call('ZADD', KEYS[4], now + tonumber(ARGV[3]), ARGV[2])
end
return before - left`;

// KEYS: fingerprint stream, open batch, due. ARGV: fingerprint.
// A due fingerprint with nothing left leaves the due set.
const SETTLE = `if redis.call('XLEN', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return 1
end
return 0`;

// KEYS: fingerprint stream, open batch, due, failures, depth, report ids.
// ARGV: fingerprint. Returns { reports dropped, report ids dropped }.
const FORGET = `local n = redis.call('XLEN', KEYS[1])
local ids = redis.call('ZCARD', KEYS[6])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[6])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('DECRBY', KEYS[5], n)
return { n, ids }`;

// KEYS: intake, depth. ARGV: group, ids. Drops intake entries (and their
// place on a consumer's pending list).
const DROP_INTAKE = `local n = 0
for i = 2, #ARGV do
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
  n = n + redis.call('XDEL', KEYS[1], ARGV[i])
end
redis.call('DECRBY', KEYS[2], n)
return n`;

type Call = (...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS = {
  crashfixAccept: { numberOfKeys: 3, lua: ACCEPT },
  crashfixSort: { numberOfKeys: 3, lua: SORT },
  crashfixReadAndSort: { numberOfKeys: 3, lua: READ_AND_SORT },
  crashfixDone: { numberOfKeys: 5, lua: DONE },
  crashfixSettle: { numberOfKeys: 3, lua: SETTLE },
  crashfixForget: { numberOfKeys: 6, lua: FORGET },
  crashfixDropIntake: { numberOfKeys: 2, lua: DROP_INTAKE },
} as const;

// Typed calls of the scripts on one connection (ioredis sends EVALSHA and
// falls back to EVAL when Redis restarted and lost its script cache).
export function spoolScripts(redis: Redis, keys: RedisKeys) {
  for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
  const call = redis as unknown as Record<keyof typeof SCRIPTS, Call>;
  const num = async (reply: Promise<unknown>) => Number(await reply);
  return {
    accept: (
      report: { id: string; fingerprint: string; json: string; receivedAt: number },
      ttlMs: number,
      maxDepth: number,
    ) =>
      num(
        call.crashfixAccept(
          keys.reportIds(report.fingerprint),
          keys.intake,
          keys.depth,
          report.id,
          ttlMs,
          maxDepth,
          report.fingerprint,
          report.json,
          report.receivedAt,
        ),
      ),
    sort: (ids: readonly string[]) =>
      num(
        call.crashfixSort(
          keys.intake,
          keys.due,
          keys.depth,
          keys.group,
          keys.fingerprintPrefix,
          ...ids,
        ),
      ),
    readAndSort: async (consumer: string, count: number) => {
      const [read = 0, moved = 0] = (
        (await call.crashfixReadAndSort(
          keys.intake,
          keys.due,
          keys.depth,
          keys.group,
          keys.fingerprintPrefix,
          consumer,
          count,
        )) as unknown[]
      ).map(Number);
      return { read, moved };
    },
    done: (fingerprint: string, lastId: string, intervalMs: number, full = false) =>
      num(
        call.crashfixDone(
          keys.reports(fingerprint),
          keys.openBatch(fingerprint),
          keys.depth,
          keys.due,
          keys.failures,
          lastId,
          fingerprint,
          intervalMs,
          full ? 1 : 0,
        ),
      ),
    settle: (fingerprint: string) =>
      num(
        call.crashfixSettle(
          keys.reports(fingerprint),
          keys.openBatch(fingerprint),
          keys.due,
          fingerprint,
        ),
      ),
    forget: async (fingerprint: string) => {
      const [reports = 0, ids = 0] = (
        (await call.crashfixForget(
          keys.reports(fingerprint),
          keys.openBatch(fingerprint),
          keys.due,
          keys.failures,
          keys.depth,
          keys.reportIds(fingerprint),
          fingerprint,
        )) as unknown[]
      ).map(Number);
      return { reports, ids };
    },
    dropIntake: (ids: readonly string[]) =>
      num(call.crashfixDropIntake(keys.intake, keys.depth, keys.group, ...ids)),
  };
}

export type SpoolScripts = ReturnType<typeof spoolScripts>;
