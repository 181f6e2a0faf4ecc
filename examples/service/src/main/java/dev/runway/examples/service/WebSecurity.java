package dev.runway.examples.service;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Spring Security, decided as a web team would:
 *
 * <ul>
 *   <li>Actuator's endpoints other than health name every query label in their meters and tags:
 *       they are a resource server's, answering only a bearer token that Runway's {@code
 *       AuthProvider} verifies (the starter's {@code RunwayTokenIntrospector}); 401 otherwise.
 *       {@code /actuator/health} stays open for load balancers.
 *   <li>The API verifies its own tokens (each route answers the seed's error shape), so its chain
 *       adds no authentication: a token is verified once per request, not twice.
 *   <li>Every response carries {@code X-Content-Type-Options: nosniff}, a {@code
 *       Content-Security-Policy} that allows only the page's own script, style and API (no inline
 *       script, no framing: {@code frame-ancestors 'none'}, with {@code X-Frame-Options: DENY} for
 *       older browsers) and {@code Referrer-Policy: no-referrer}.
 *   <li>No CSRF tokens and no HTTP session: nothing is authorised by a cookie.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The seed's error shape for a caller without a valid token. */
  static final AuthenticationEntryPoint UNAUTHORIZED =
      (request, response, e) -> {
        response.setStatus(401);
        response.setContentType("application/json");
        response.setHeader("WWW-Authenticate", "Bearer");
        response
            .getOutputStream()
            .write(
                ("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Actuator's endpoints "
                        + "need a signed-in caller: send Authorization: Bearer <access_token>\"}}")
                    .getBytes(StandardCharsets.UTF_8));
      };

  @Bean
  @Order(1)
  SecurityFilterChain actuator(HttpSecurity http) throws Exception {
    common(http.securityMatcher("/actuator/**"))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            o -> o.opaqueToken(Customizer.withDefaults()).authenticationEntryPoint(UNAUTHORIZED))
        .exceptionHandling(x -> x.authenticationEntryPoint(UNAUTHORIZED));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain application(HttpSecurity http) throws Exception {
    common(http).authorizeHttpRequests(a -> a.anyRequest().permitAll());
    return http.build();
  }

  private static HttpSecurity common(HttpSecurity http) throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .headers(
            h ->
                h.contentTypeOptions(Customizer.withDefaults())
                    .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                    .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                    .referrerPolicy(
                        r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
  }
}
