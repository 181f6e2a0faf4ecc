package dev.runway.examples.infrastructure;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The data Athena reads: the data bucket (the Parquet files Runway's table export writes), the
 * query-results bucket, the Glue database, and the Athena workgroup with a per-query scan cutoff,
 * encrypted results and its configuration enforced (a client cannot send its results elsewhere).
 * {@link #queryPolicy()} is everything a component running queries may do: read the data, run
 * queries in this workgroup, write and read its results, nothing more.
 */
public final class DataStack extends Stack {

  private final Bucket dataBucket;
  private final Bucket resultsBucket;
  private final CfnWorkGroup workgroup;
  private final ManagedPolicy queryPolicy;

  /** Creates the stack. */
  public DataStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    dataBucket =
        Bucket.Builder.create(this, "DataBucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    resultsBucket =
        Bucket.Builder.create(this, "ResultsBucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            // query results are read once, right after the query: a week is generous
            .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(7)).build()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .autoDeleteObjects(true)
            .build();

    CfnDatabase.Builder.create(this, "GlueDatabase")
        .catalogId(getAccount())
        .databaseInput(
            CfnDatabase.DatabaseInputProperty.builder()
                .name(settings.glueDatabase())
                .description("The supply-chain tables Athena queries")
                .locationUri("s3://" + dataBucket.getBucketName() + "/tables/")
                .build())
        .build();

    workgroup =
        CfnWorkGroup.Builder.create(this, "Workgroup")
            .name(settings.prefix())
            .description("Queries of the supply-chain assistant")
            .state("ENABLED")
            .recursiveDeleteOption(true)
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .bytesScannedCutoffPerQuery(settings.scanCutoffBytes())
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .engineVersion(
                        CfnWorkGroup.EngineVersionProperty.builder()
                            .selectedEngineVersion("Athena engine version 3")
                            .build())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation("s3://" + resultsBucket.getBucketName() + "/athena/")
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_S3")
                                    .build())
                            .build())
                    .build())
            .build();

    String workgroupArn = arn("athena", "workgroup", settings.prefix());
    queryPolicy =
        ManagedPolicy.Builder.create(this, "QueryPolicy")
            .description("Run Athena queries in the supply-chain workgroup; read its data")
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .sid("RunQueriesInTheWorkgroup")
                        .actions(
                            List.of(
                                "athena:StartQueryExecution",
                                "athena:GetQueryExecution",
                                "athena:GetQueryResults",
                                "athena:StopQueryExecution",
                                "athena:GetWorkGroup"))
                        .resources(List.of(workgroupArn))
                        .build(),
                    PolicyStatement.Builder.create()
                        .sid("ReadTheTableDefinitions")
                        .actions(
                            List.of(
                                "glue:GetDatabase",
                                "glue:GetTable",
                                "glue:GetTables",
                                "glue:GetPartition",
                                "glue:GetPartitions"))
                        .resources(
                            List.of(
                                arn("glue", "catalog", null),
                                arn("glue", "database", settings.glueDatabase()),
                                arn("glue", "table", settings.glueDatabase() + "/*")))
                        .build(),
                    PolicyStatement.Builder.create()
                        .sid("ReadTheData")
                        .actions(List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"))
                        .resources(
                            List.of(dataBucket.getBucketArn(), dataBucket.arnForObjects("*")))
                        .build(),
                    PolicyStatement.Builder.create()
                        .sid("WriteAndReadTheResults")
                        .actions(
                            List.of(
                                "s3:GetObject",
                                "s3:PutObject",
                                "s3:ListBucket",
                                "s3:GetBucketLocation",
                                "s3:AbortMultipartUpload",
                                "s3:ListMultipartUploadParts"))
                        .resources(
                            List.of(resultsBucket.getBucketArn(), resultsBucket.arnForObjects("*")))
                        .build()))
            .build();
  }

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>[/<name>]} in this stack. */
  private String arn(String service, String resource, String name) {
    return formatArn(
        ArnComponents.builder().service(service).resource(resource).resourceName(name).build());
  }

  /** Returns the bucket of the tables' files. */
  public Bucket dataBucket() {
    return dataBucket;
  }

  /** Returns the bucket of Athena's query results. */
  public Bucket resultsBucket() {
    return resultsBucket;
  }

  /** Returns the workgroup's name. */
  public String workgroupName() {
    return workgroup.getName();
  }

  /** Returns the policy of a component that runs queries. */
  public ManagedPolicy queryPolicy() {
    return queryPolicy;
  }
}
