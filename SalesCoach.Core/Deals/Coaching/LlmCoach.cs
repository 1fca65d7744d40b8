// Owns the LLM coach, cached, with the rule coach as its fallback.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Deals.Coaching;

/// <summary>
/// The AI coach: Azure OpenAI with a JSON-schema response format, validated by
/// <see cref="LlmAdviceParser"/>. Answers are cached by <see cref="DealContentHash"/>; an invalid answer
/// is asked for once more; any failure (invalid twice, 429 beyond patience, 5xx, timeout, open circuit)
/// falls back to the rule coach, so a deal always gets a full card.
/// </summary>
public sealed class LlmCoach(AzureOpenAiChat llm, RuleCoach rules, CoachingCacheRepository cache, ILogger<LlmCoach> logger) : ICoach
{
    public async Task<CoachingOutcome> AdviseAsync(DealContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hash = DealContentHash.Compute(context);
        if (await cache.GetAsync(context.Deal.Id, hash, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return new CoachingOutcome(cached, CoachingUsage.None with { CacheHit = true });
        }

        var usage = CoachingUsage.None;
        var user = CoachingPrompt.UserMessage(context);
        // One more try for an answer that breaks the schema; transport failures were retried by Polly already.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            ChatAnswer answer;
            try
            {
                answer = await llm.CompleteJsonAsync(CoachingPrompt.SystemFor(context.Language), user, CoachingPrompt.SchemaName, CoachingPrompt.Schema, cancellationToken).ConfigureAwait(false);
            }
            catch (LlmUnavailableException e)
            {
                logger.LogWarning("LLM coach unavailable for deal {DealId} ({Error}); using the rule coach", context.Deal.Id, e.Message);
                break;
            }

            usage = usage.Add(new CoachingUsage(answer.PromptTokens, answer.CompletionTokens, 1, false));
            try
            {
                var advice = LlmAdviceParser.Parse(answer.Content, llm.Source);
                await cache.PutAsync(context.Deal.Id, hash, advice, context.Now, cancellationToken).ConfigureAwait(false);
                return new CoachingOutcome(advice, usage);
            }
            catch (InvalidLlmOutputException e)
            {
                logger.LogWarning("LLM answer for deal {DealId} rejected on attempt {Attempt}: {Reason}", context.Deal.Id, attempt, e.Message);
            }
        }

        return new CoachingOutcome(rules.Advise(context), usage);
    }
}
