package dev.runway.auth.cognito;

import dev.runway.testkit.CognitoLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/** A user pool on cognito-local, set up through the real SDK's admin API as a user would. */
final class TestPool implements AutoCloseable {

  final CognitoLocal server;
  final CognitoIdentityProviderClient admin;
  final String poolId;
  final String clientId;

  TestPool() {
    server = CognitoLocal.start();
    admin =
        CognitoIdentityProviderClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.of("local"))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
    poolId =
        admin
            .createUserPool(
                b ->
                    b.poolName("runway-test")
                        .schema(
                            s ->
                                s.name("personas")
                                    .attributeDataType(AttributeDataType.STRING)
                                    .mutable(true)))
            .userPool()
            .id();
    clientId =
        admin
            .createUserPoolClient(
                b ->
                    b.userPoolId(poolId)
                        .clientName("runway")
                        .explicitAuthFlows(
                            ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
            .userPoolClient()
            .clientId();
  }

  /**
   * Creates a confirmed user with a permanent password, the personas attribute and a group per
   * persona.
   */
  void user(String username, String password, String... personas) {
    admin.adminCreateUser(
        b ->
            b.userPoolId(poolId)
                .username(username)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(
                    AttributeType.builder().name("email").value(username + "@example.com").build(),
                    AttributeType.builder()
                        .name("custom:personas")
                        .value(String.join(",", personas))
                        .build()));
    admin.adminSetUserPassword(
        b -> b.userPoolId(poolId).username(username).password(password).permanent(true));
    for (String p : personas) {
      try {
        admin.createGroup(b -> b.userPoolId(poolId).groupName(p));
      } catch (RuntimeException exists) {
        // created for an earlier user
      }
      admin.adminAddUserToGroup(b -> b.userPoolId(poolId).username(username).groupName(p));
    }
  }

  /** Returns a provider builder on this pool. */
  CognitoAuthProvider.Builder provider() {
    return CognitoAuthProvider.builder()
        .client(admin)
        .userPoolId(poolId)
        .clientId(clientId)
        .issuer(server.issuer(poolId), true);
  }

  @Override
  public void close() {
    admin.close();
    server.close();
  }
}
