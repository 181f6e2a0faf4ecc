/**
 * The seed application's production shape as an AWS CDK application: one stack per concern, with
 * the dashboard and alarms on Runway's own metrics generated from {@link
 * dev.runway.examples.infrastructure.RunwayAlarms}.
 */
package dev.runway.examples.infrastructure;
