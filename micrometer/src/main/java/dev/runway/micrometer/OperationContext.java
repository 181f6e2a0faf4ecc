package dev.runway.micrometer;

import io.micrometer.observation.Observation;

/**
 * What an observation of a cache, session or sign-in operation knows: which observation ({@code
 * runway.cache.load}, {@code runway.cache.invalidate}, {@code runway.session}, {@code
 * runway.auth}), the implementation's name, the operation and its outcome.
 */
public final class OperationContext extends Observation.Context {

  private final String observation;
  private final String implementation;
  private final String operation;
  private String outcome = "success";

  OperationContext(String observation, String implementation, String operation) {
    this.observation = observation;
    this.implementation = implementation;
    this.operation = operation;
  }

  /** Returns the observation's name. */
  public String observation() {
    return observation;
  }

  /** Returns the implementation's name, e.g. {@code redis} or {@code dynamodb}. */
  public String implementation() {
    return implementation;
  }

  /** Returns the operation, e.g. {@code update} or {@code authenticate}. */
  public String operation() {
    return operation;
  }

  /**
   * Returns the outcome: {@code success}, {@code error}, or an operation's own (a session {@code
   * conflict} or {@code not-found}; a sign-in's {@code authenticated}, {@code challenge} or failure
   * code such as {@code invalid_credentials}). Never a user name or token.
   */
  public String outcome() {
    return outcome;
  }

  void setOutcome(String outcome) {
    this.outcome = outcome;
  }
}
