package dev.runway.examples.infrastructure;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK application: {@code cdk synth} / {@code cdk deploy --all} in {@code
 * examples/infrastructure} (see cdk.json). The account and region come from the CDK CLI's
 * environment ({@code CDK_DEFAULT_ACCOUNT}, {@code CDK_DEFAULT_REGION}).
 */
public final class SupplyChainApp {

  private SupplyChainApp() {}

  /** The stacks of one deployment. */
  public record Stacks(
      NetworkStack network,
      DataStack data,
      StateStack state,
      CacheStack cache,
      IdentityStack identity,
      ApiStack api,
      ServiceStack service,
      RedshiftStack redshift,
      ObservabilityStack observability) {}

  /** Synthesizes the application. */
  public static void main(String[] args) {
    App app = new App();
    Settings settings = Settings.from(app.getNode()::tryGetContext);
    Environment env =
        Environment.builder()
            .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
            .region(System.getenv("CDK_DEFAULT_REGION"))
            .build();
    build(app, settings, env);
    app.synth();
  }

  /** Adds every stack of {@code settings} to {@code app}. */
  public static Stacks build(App app, Settings settings, Environment env) {
    StackProps props = StackProps.builder().env(env).build();
    String p = settings.prefix();
    Tags.of(app).add("application", p);
    NetworkStack network = new NetworkStack(app, stackName(p, "Network"), props, settings);
    DataStack data = new DataStack(app, stackName(p, "Data"), props, settings);
    StateStack state = new StateStack(app, stackName(p, "State"), props, settings);
    CacheStack cache =
        new CacheStack(
            app, stackName(p, "Cache"), props, settings, network.vpc(), network.cacheClients());
    IdentityStack identity = new IdentityStack(app, stackName(p, "Identity"), props, settings);
    Backends backends = new Backends(data, state, cache, identity);
    ApiStack api = new ApiStack(app, stackName(p, "Api"), props, settings, network.vpc(), backends);
    ServiceStack service =
        new ServiceStack(app, stackName(p, "Service"), props, settings, network.vpc(), backends);
    RedshiftStack redshift = null;
    if (settings.redshift() != Settings.RedshiftOption.NONE) {
      redshift =
          new RedshiftStack(
              app, stackName(p, "Redshift"), props, settings, network.vpc(), cache.clientGroup());
      api.function().getRole().addManagedPolicy(redshift.dataApiPolicy());
      service
          .service()
          .getTaskDefinition()
          .getTaskRole()
          .addManagedPolicy(redshift.dataApiPolicy());
    }
    ObservabilityStack observability =
        new ObservabilityStack(
            app,
            stackName(p, "Observability"),
            props,
            settings,
            p + "-api",
            p + "-cluster",
            p + "-service",
            redshift == null ? "" : redshift.clusterIdentifier());
    return new Stacks(network, data, state, cache, identity, api, service, redshift, observability);
  }

  private static String stackName(String prefix, String concern) {
    StringBuilder b = new StringBuilder();
    for (String part : prefix.split("-")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b + concern;
  }
}
