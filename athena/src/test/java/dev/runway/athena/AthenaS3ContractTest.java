package dev.runway.athena;

/** The database contract on Athena, results read from the result CSV streamed from S3. */
class AthenaS3ContractTest extends AthenaContractBase {
  @Override
  AthenaDatabaseClient.ResultFetch fetch() {
    return AthenaDatabaseClient.ResultFetch.S3;
  }
}
