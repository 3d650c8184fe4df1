/**
 * The usage reader moved to common/usage/usage-reader.ts, where `gpuwatch report` shares it.
 * Kept so that the detector's imports need not change while detector/ is restructured in
 * parallel; import from common/usage/ in new code.
 */
export { hourlyUsage, latestUsageEndMs, RedisUsageReader } from '../common/usage/usage-reader.js';
export type { RedisUsageReaderOptions } from '../common/usage/usage-reader.js';
