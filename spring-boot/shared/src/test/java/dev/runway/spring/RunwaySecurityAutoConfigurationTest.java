package dev.runway.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * The Spring Security bridge: Runway's {@link AuthProvider} verifies a resource server's bearer
 * tokens.
 */
class RunwaySecurityAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RunwayAutoConfiguration.class, RunwaySecurityAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Users {
    @Bean
    AuthProvider users() {
      return FileAuthProvider.builder()
          .passwordCost(4)
          .users(
              UsersFile.empty()
                  .withUser(
                      "ana",
                      "correct horse".toCharArray(),
                      List.of("Field Engineer", "Planner"),
                      "ana@example.com",
                      4))
          .build();
    }
  }

  @Test
  void aValidToken_isThePrincipal_withItsPersonasAsAuthorities() {
    runner
        .withUserConfiguration(Users.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(OpaqueTokenIntrospector.class);
              OpaqueTokenIntrospector introspector = ctx.getBean(OpaqueTokenIntrospector.class);
              assertThat(introspector).isInstanceOf(RunwayTokenIntrospector.class);
              AuthProvider auth = ctx.getBean(AuthProvider.class);
              String token =
                  ((AuthResult.Authenticated) auth.authenticate("ana", "correct horse"))
                      .tokens()
                      .accessToken();

              OAuth2AuthenticatedPrincipal principal = introspector.introspect(token);
              assertThat(principal.getName()).isEqualTo("ana");
              assertThat(principal.getAuthorities())
                  .extracting(GrantedAuthority::getAuthority)
                  .containsExactlyInAnyOrder("PERSONA_Field Engineer", "PERSONA_Planner");
              assertThat((String) principal.getAttribute("email")).isEqualTo("ana@example.com");
              assertThat((List<?>) principal.getAttribute("personas")).hasSize(2);

              auth.signOut(token);
              assertThatThrownBy(() -> introspector.introspect(token))
                  .as("a signed-out token is refused")
                  .isInstanceOf(BadOpaqueTokenException.class)
                  .message()
                  .doesNotContain(token);
            });
  }

  @Test
  void aForgedToken_isRefused_withoutEchoingIt() {
    runner
        .withUserConfiguration(Users.class)
        .run(
            ctx -> {
              String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbmEifQ.";
              assertThatThrownBy(
                      () -> ctx.getBean(OpaqueTokenIntrospector.class).introspect(forged))
                  .isInstanceOf(BadOpaqueTokenException.class)
                  .message()
                  .doesNotContain(forged);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnIntrospector {
    @Bean
    OpaqueTokenIntrospector mine() {
      return token -> {
        throw new BadOpaqueTokenException("mine");
      };
    }
  }

  @Test
  void backsOff_forTheApplicationsIntrospector_orSpringBootsOwnResourceServer_orWithoutAuth() {
    runner
        .withUserConfiguration(Users.class, OwnIntrospector.class)
        .run(
            ctx ->
                assertThat(ctx)
                    .hasSingleBean(OpaqueTokenIntrospector.class)
                    .doesNotHaveBean(RunwayTokenIntrospector.class));
    runner
        .withUserConfiguration(Users.class)
        .withPropertyValues(
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.example")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(RunwayTokenIntrospector.class));
    runner.run(
        ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(RunwayTokenIntrospector.class));
    runner
        .withUserConfiguration(Users.class)
        .withClassLoader(new FilteredClassLoader(OpaqueTokenIntrospector.class))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(RunwayTokenIntrospector.class));
  }
}
