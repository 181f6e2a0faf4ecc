package dev.runway.examples.infrastructure;

import dev.runway.auth.cognito.PersonaGroups;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.ClientAttributes;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttributesMask;
import software.amazon.awscdk.services.cognito.StringAttribute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.constructs.Construct;

/**
 * Sign-in as {@code CognitoAuthProvider} expects it: a user pool with the seeds' password policy,
 * optional MFA (authenticator app), the mutable {@code custom:personas} attribute, one group per
 * persona (access tokens carry {@code cognito:groups}), and a public app client (no secret) allowed
 * the password, SRP and refresh flows, whose clients may read but not write {@code
 * custom:personas}: a user cannot grant themselves a persona.
 */
public final class IdentityStack extends Stack {

  /** The seeds' personas. */
  public static final List<String> PERSONAS =
      List.of("Warehouse Manager", "Field Engineer", "Procurement Specialist");

  private final UserPool pool;
  private final UserPoolClient client;

  /** Creates the stack. */
  public IdentityStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    pool =
        UserPool.Builder.create(this, "UserPool")
            .userPoolName(settings.prefix() + "-users")
            .selfSignUpEnabled(false)
            .signInAliases(SignInAliases.builder().username(true).email(true).build())
            .passwordPolicy(
                PasswordPolicy.builder()
                    .minLength(8)
                    .requireLowercase(true)
                    .requireUppercase(true)
                    .requireDigits(true)
                    .requireSymbols(true)
                    .tempPasswordValidity(Duration.days(3))
                    .build())
            .mfa(Mfa.OPTIONAL)
            .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
            .accountRecovery(AccountRecovery.EMAIL_ONLY)
            .customAttributes(
                Map.of("personas", StringAttribute.Builder.create().mutable(true).build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    for (String persona : PERSONAS) {
      String group = PersonaGroups.groupName(persona);
      CfnUserPoolGroup.Builder.create(this, "Group" + group.replace("_", ""))
          .userPoolId(pool.getUserPoolId())
          .groupName(group)
          .description("Persona " + persona)
          .build();
    }
    client =
        pool.addClient(
            "AppClient",
            software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                .userPoolClientName(settings.prefix() + "-app")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userPassword(true).userSrp(true).build())
                .accessTokenValidity(Duration.minutes(60))
                .idTokenValidity(Duration.minutes(60))
                .refreshTokenValidity(Duration.days(1))
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .readAttributes(
                    new ClientAttributes()
                        .withStandardAttributes(
                            StandardAttributesMask.builder().email(true).build())
                        .withCustomAttributes("personas"))
                .writeAttributes(
                    new ClientAttributes()
                        .withStandardAttributes(
                            StandardAttributesMask.builder().email(true).build()))
                .build());
  }

  /** Returns the user pool. */
  public UserPool pool() {
    return pool;
  }

  /** Returns the app client. */
  public UserPoolClient client() {
    return client;
  }
}
