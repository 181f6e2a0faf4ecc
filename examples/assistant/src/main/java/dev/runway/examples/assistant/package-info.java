/**
 * The supply-chain assistant's application layer: the assistant's REST routes over Runway's four
 * interfaces, shared by the web host (examples/service) and the Lambda handler (examples/lambda).
 */
package dev.runway.examples.assistant;
