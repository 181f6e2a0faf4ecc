package dev.runway.core.auth;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated user as a verified token describes them: subject, user name, e-mail, personas
 * and when the token expires. Applications authorise with {@link #hasPersona(String)}.
 */
public final class Principal {

  private final String subject;
  private final String username;
  private final @Nullable String email;
  private final Set<String> personas;
  private final Instant expiresAt;

  /**
   * Creates a principal.
   *
   * @param subject the stable identifier (Cognito {@code sub}, or the user name locally)
   * @param username the sign-in name
   * @param email the e-mail address, or {@code null}
   * @param personas the personas, such as {@code Warehouse Manager}
   * @param expiresAt when the token it came from expires
   */
  public Principal(
      String subject,
      String username,
      @Nullable String email,
      Set<String> personas,
      Instant expiresAt) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.username = Objects.requireNonNull(username, "username");
    this.email = email;
    this.personas = Set.copyOf(personas);
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns the stable subject identifier. */
  public String subject() {
    return subject;
  }

  /** Returns the sign-in name. */
  public String username() {
    return username;
  }

  /** Returns the e-mail address. */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** Returns the personas. */
  public Set<String> personas() {
    return personas;
  }

  /** Returns when the token this principal came from expires. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Returns whether the user has {@code persona}, comparing case-insensitively and treating spaces,
   * hyphens and underscores alike ({@code warehouse_manager} matches {@code Warehouse Manager}).
   */
  public boolean hasPersona(String persona) {
    String wanted = normalise(Objects.requireNonNull(persona, "persona"));
    return personas.stream().map(Principal::normalise).anyMatch(wanted::equals);
  }

  private static String normalise(String p) {
    return p.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p
        && subject.equals(p.subject)
        && username.equals(p.username)
        && Objects.equals(email, p.email)
        && personas.equals(p.personas)
        && expiresAt.equals(p.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, username);
  }

  @Override
  public String toString() {
    return "Principal{username="
        + username
        + ", personas="
        + personas.stream().sorted().collect(Collectors.joining(", ", "[", "]"))
        + "}";
  }
}
