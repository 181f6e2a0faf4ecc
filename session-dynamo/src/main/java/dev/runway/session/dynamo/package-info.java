/**
 * Amazon DynamoDB as the session store: {@link dev.runway.session.dynamo.DynamoSessionStore}
 * (sessions table with TTL and a conversation-history table; {@code sessions.type: dynamodb}).
 */
@NullMarked
package dev.runway.session.dynamo;

import org.jspecify.annotations.NullMarked;
