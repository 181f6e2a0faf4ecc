package dev.runway.examples.architecture;

import dev.runway.core.internal.DaemonThreads;
import java.util.concurrent.ThreadFactory;

/**
 * A deliberate breach of the module rules (an application class using core.internal), for their own
 * test.
 */
public final class UsesCoreInternal {
  /** Returns a thread factory from core's internals. */
  ThreadFactory threads() {
    return new DaemonThreads("breach");
  }
}
