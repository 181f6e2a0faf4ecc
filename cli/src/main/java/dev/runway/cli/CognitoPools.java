package dev.runway.cli;

import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * Creates a user pool the way Runway needs one: a mutable {@code custom:personas} string attribute
 * (readable and writable by the app client) and an app client that allows {@code
 * USER_PASSWORD_AUTH} and refresh. For emulators and tests; production pools are made with
 * infrastructure code, with the same settings.
 */
final class CognitoPools {

  private CognitoPools() {}

  /** Creates the pool and its app client, prints both ids, and returns the pool id. */
  static String create(CognitoIdentityProviderClient client, String name, PrintStream out) {
    // user names are names, not e-mail addresses or phone numbers, whatever the service's (or an
    // emulator's) defaults: the users file's user names are "warehouse.manager" and the like
    String pool =
        client
            .createUserPool(
                b ->
                    b.poolName(name)
                        .usernameAttributes(List.of())
                        .usernameConfiguration(u -> u.caseSensitive(false))
                        .schema(
                            s ->
                                s.name("personas")
                                    .attributeDataType(AttributeDataType.STRING)
                                    .mutable(true)))
            .userPool()
            .id();
    var created = client.describeUserPool(b -> b.userPoolId(pool)).userPool();
    if (!created.usernameAttributes().isEmpty()) {
      // cognito-local deep-merges its default UsernameAttributes ([email]) into every new pool, so
      // the explicit empty list above does not reach it; Cognito itself honours it
      client.deleteUserPool(b -> b.userPoolId(pool));
      throw new IllegalStateException(
          "the new pool takes "
              + created.usernameAttributesAsStrings()
              + " as user names, so the users file's names (warehouse.manager, ...) cannot be created in it. "
              + "cognito-local does this by default: start it with user names as names, from the directory "
              + "examples/cognito-local (cd examples/cognito-local && cognito-local)");
    }
    String app =
        client
            .createUserPoolClient(
                b ->
                    b.userPoolId(pool)
                        .clientName(name + "-app")
                        .explicitAuthFlows(
                            ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                        .readAttributes("email", "custom:personas")
                        .writeAttributes("email", "custom:personas"))
            .userPoolClient()
            .clientId();
    out.println("COGNITO_USER_POOL_ID=" + pool);
    out.println("COGNITO_CLIENT_ID=" + app);
    return pool;
  }
}
