package dev.runway.core.error;

import dev.runway.core.Runway;

/**
 * A deliberate violation for the architecture tests (test sources only): a class of the error
 * package that reaches up to the facade, closing a cycle through the root package.
 */
public final class ErrorUsesFacade {

  private ErrorUsesFacade() {}

  /** Uses the facade from below it. */
  public static RunwayException wrap(Runway runway) {
    return new RunwayClientException("uses " + runway);
  }
}
