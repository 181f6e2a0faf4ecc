package dev.runway.core.auth;

import dev.runway.core.health.Health;
import java.util.Objects;

/**
 * An {@link AuthProvider} that forwards every call to another; decorators extend it and override
 * only what they change.
 */
public abstract class ForwardingAuthProvider implements AuthProvider {

  private final AuthProvider delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingAuthProvider(AuthProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the provider calls are forwarded to. */
  public AuthProvider delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public AuthResult authenticate(String username, String password) {
    return delegate.authenticate(username, password);
  }

  @Override
  public AuthResult respondToChallenge(ChallengeResponse response) {
    return delegate.respondToChallenge(response);
  }

  @Override
  public Principal verify(String accessToken) {
    return delegate.verify(accessToken);
  }

  @Override
  public AuthResult refresh(String refreshToken) {
    return delegate.refresh(refreshToken);
  }

  @Override
  public void signOut(String accessToken) {
    delegate.signOut(accessToken);
  }

  @Override
  public Health health() {
    return delegate.health();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
