/** The supply-chain assistant's API as an AWS Lambda handler behind API Gateway. */
package dev.runway.examples.lambda;
