/**
 * Redis / Amazon ElastiCache as the query cache: {@link dev.runway.cache.redis.RedisQueryCache}
 * (standalone, Sentinel, Cluster, TLS, AUTH; {@code cache.type: redis}) and the key migrator.
 */
@NullMarked
package dev.runway.cache.redis;

import org.jspecify.annotations.NullMarked;
