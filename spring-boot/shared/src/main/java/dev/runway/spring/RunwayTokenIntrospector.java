package dev.runway.spring;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.error.RunwayException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Spring Security's resource server, verifying bearer tokens with Runway's {@link AuthProvider}
 * (Cognito's signed tokens, the local users file's, or an application's own provider), revocation
 * and expiry included. The authenticated principal is named after the user and carries the
 * attributes {@code sub}, {@code username}, {@code email} (when known), {@code personas} and {@code
 * exp}; its authorities are {@code PERSONA_<persona>} for each persona, so a rule reads {@code
 * hasAuthority("PERSONA_Field Engineer")}.
 *
 * <p>An invalid, expired or signed-out token is a {@link BadOpaqueTokenException} (HTTP 401); a
 * provider that cannot answer (Cognito unreachable) is an {@link OAuth2IntrospectionException},
 * also refused. Neither message carries the token.
 */
public final class RunwayTokenIntrospector implements OpaqueTokenIntrospector {

  /** The prefix of the authorities made from personas. */
  public static final String PERSONA_AUTHORITY_PREFIX = "PERSONA_";

  private final AuthProvider auth;

  /** Verifies tokens with {@code auth}. */
  public RunwayTokenIntrospector(AuthProvider auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    Principal p;
    try {
      p = auth.verify(token);
    } catch (TokenVerificationException e) {
      throw new BadOpaqueTokenException("the bearer token is not valid: " + e.getMessage());
    } catch (RunwayException e) {
      throw new OAuth2IntrospectionException(
          "the bearer token could not be verified now (" + e.category() + "); try again");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("sub", p.subject());
    attributes.put("username", p.username());
    p.email().ifPresent(e -> attributes.put("email", e));
    attributes.put("personas", List.copyOf(p.personas()));
    attributes.put("exp", p.expiresAt());
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String persona : p.personas()) {
      authorities.add(new SimpleGrantedAuthority(PERSONA_AUTHORITY_PREFIX + persona));
    }
    return new OAuth2IntrospectionAuthenticatedPrincipal(p.username(), attributes, authorities);
  }

  @Override
  public String toString() {
    return "RunwayTokenIntrospector[" + auth.name() + "]";
  }
}
