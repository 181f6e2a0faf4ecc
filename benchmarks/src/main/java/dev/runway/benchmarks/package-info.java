/** JMH benchmarks comparing Runway with the raw clients in one run. */
package dev.runway.benchmarks;
