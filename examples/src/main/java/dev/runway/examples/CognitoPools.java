package dev.runway.examples;

import java.io.PrintStream;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * Creates a user pool the way Runway needs one: a mutable {@code custom:personas} string
 * attribute (readable and writable by the app client) and an app client that allows
 * {@code USER_PASSWORD_AUTH} and refresh. For emulators and tests; production pools are made with
 * infrastructure code, with the same settings.
 */
final class CognitoPools {

  private CognitoPools() {}

  /** Creates the pool and its app client, prints both ids, and returns the pool id. */
  static String create(CognitoIdentityProviderClient client, String name, PrintStream out) {
    String pool = client.createUserPool(b -> b.poolName(name).schema(s -> s.name("personas")
        .attributeDataType(AttributeDataType.STRING).mutable(true))).userPool().id();
    String app = client.createUserPoolClient(b -> b.userPoolId(pool).clientName(name + "-app")
        .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
        .readAttributes("email", "custom:personas").writeAttributes("email", "custom:personas"))
        .userPoolClient().clientId();
    out.println("COGNITO_USER_POOL_ID=" + pool);
    out.println("COGNITO_CLIENT_ID=" + app);
    return pool;
  }
}
