/**
 * Conversation sessions: {@link dev.runway.core.session.SessionStore} (create, find, versioned
 * update, sliding expiry, history), {@link dev.runway.core.session.Session}, {@link
 * dev.runway.core.session.ConversationMessage}, session ids and the session exceptions.
 */
@NullMarked
package dev.runway.core.session;

import org.jspecify.annotations.NullMarked;
