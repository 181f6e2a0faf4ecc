package dev.runway.athena;

/** The database contract on Athena, results read from GetQueryResults pages. */
class AthenaApiContractTest extends AthenaContractBase {
  @Override
  AthenaDatabaseClient.ResultFetch fetch() {
    return AthenaDatabaseClient.ResultFetch.API;
  }
}
