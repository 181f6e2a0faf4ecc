/**
 * Contract suites that every implementation of the four interfaces runs (ours and integrators':
 * extend {@code DatabaseClientContract}, {@code QueryCacheContract}, {@code SessionStoreContract}
 * or {@code AuthProviderContract} and supply the instance), and fixtures that start real servers on
 * free loopback ports.
 */
package dev.runway.testkit;
