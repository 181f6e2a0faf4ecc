/**
 * Coordination between the instances of one application: what must hold across processes
 * (account-wide call rates and concurrency, daily costs and budgets, sign-in lockouts, revoked
 * tokens, canary state, records the API serves) goes through a {@link
 * dev.runway.core.coordination.Coordination}. The in-memory implementation is exact for one
 * process; Redis and DynamoDB implementations (runway-cache-redis, runway-session-dynamo) serve
 * many, and {@link dev.runway.core.coordination.DegradingCoordination} keeps an instance working on
 * a local share of each limit while the shared store is down.
 */
@NullMarked
package dev.runway.core.coordination;

import org.jspecify.annotations.NullMarked;
