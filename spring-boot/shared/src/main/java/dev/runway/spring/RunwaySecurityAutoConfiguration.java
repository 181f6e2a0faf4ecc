package dev.runway.spring;

import dev.runway.core.auth.AuthProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * With Spring Security's resource server on the class path and an {@link AuthProvider} (from {@code
 * runway.auth.type} or an application bean), bearer tokens are verified by Runway ({@link
 * RunwayTokenIntrospector}). Spring Boot then secures every request with them unless the
 * application declares its own {@code SecurityFilterChain}, which uses the introspector through
 * {@code oauth2ResourceServer(o -> o.opaqueToken(withDefaults()))}. It stands back for an
 * application {@link OpaqueTokenIntrospector} bean, and when Spring Boot's own resource server is
 * configured ({@code spring.security.oauth2.resourceserver.opaquetoken.introspection-uri}, {@code
 * .jwt.issuer-uri} or {@code .jwt.jwk-set-uri}).
 */
@AutoConfiguration(
    after = RunwayAutoConfiguration.class,
    beforeName = {
      // Spring Boot 3.5
      "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
      // Spring Boot 4 (spring-boot-security-oauth2-resource-server)
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
    })
@ConditionalOnClass(OpaqueTokenIntrospector.class)
@ConditionalOnBean(AuthProvider.class)
@ConditionalOnExpression(
    "'${spring.security.oauth2.resourceserver.opaquetoken.introspection-uri:}${"
        + "spring.security.oauth2.resourceserver.jwt.issuer-uri:}${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}' == ''")
public class RunwaySecurityAutoConfiguration {

  /** Runway's verification of bearer tokens for the resource server. */
  @Bean
  @ConditionalOnMissingBean(OpaqueTokenIntrospector.class)
  public RunwayTokenIntrospector runwayTokenIntrospector(AuthProvider auth) {
    return new RunwayTokenIntrospector(auth);
  }
}
