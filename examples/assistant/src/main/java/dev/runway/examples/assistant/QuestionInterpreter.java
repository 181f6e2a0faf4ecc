package dev.runway.examples.assistant;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.session.ConversationMessage;
import java.util.List;

/**
 * Turns a persona's question into SQL and a result into an answer: the persona's "specialized
 * agent" of the migration guide. Two implementations: {@link NamedQuestions} (the local default:
 * the persona's named questions, no model, no network) and {@link BedrockInterpreter} (any
 * question, through Amazon Bedrock). Whatever SQL an interpreter returns is held to the persona's
 * {@link PersonaPolicies policy} before it runs.
 */
public interface QuestionInterpreter {

  /**
   * What the interpreter made of a question.
   *
   * @param query the SQL to run, or {@code null} when the interpreter answers without a query
   * @param understood the question as understood (a named question's own words, or the user's)
   * @param reply the interpreter's own answer when there is no query (such as "I can only ...")
   * @param usage what the model call used
   */
  record Interpretation(Query query, String understood, String reply, TokenUsage usage) {}

  /**
   * An answer written from a result.
   *
   * @param text the answer, the response's {@code agent_response}
   * @param usage what the model call used
   */
  record Answer(String text, TokenUsage usage) {}

  /** Returns the interpreter's name, {@code named} or {@code bedrock}. */
  String name();

  /** Interprets {@code question} asked as {@code persona}, with the session's earlier messages. */
  Interpretation interpret(String persona, String question, List<ConversationMessage> history);

  /** Writes the answer to {@code question} from {@code result}. */
  Answer answer(String persona, String question, Query query, QueryResult result);
}
