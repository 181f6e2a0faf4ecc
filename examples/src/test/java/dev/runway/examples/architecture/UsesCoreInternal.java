package dev.runway.examples.architecture;

import dev.runway.core.internal.DaemonThreads;
import java.util.concurrent.ThreadFactory;

/** A deliberate breach of the module rules (a module using core.internal), for their own test. */
final class UsesCoreInternal {
  /** Returns a thread factory from core's internals. */
  ThreadFactory threads() {
    return new DaemonThreads("breach");
  }
}
