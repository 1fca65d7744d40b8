// Owns turning retrieved chunks into the client's answer: the LLM grounded in them (validated) when configured, else the extractive answer.
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Assistant.Knowledge;

/// <summary>
/// Answers a question from the passages that passed the gate. With Azure OpenAI configured the model gets
/// only those passages and must answer from them, citing their ids, or say it cannot (JSON schema
/// {answerable, answer, citations}). Its output is checked: valid JSON, the answer 1–1000 characters,
/// citations non-empty and all among the given passages; anything else, or an outage, falls back to the
/// extractive answer. The model saying it cannot answer is a refusal (the assistant hands off).
/// </summary>
public sealed class KnowledgeAnswerer(ILogger<KnowledgeAnswerer> logger, AzureOpenAiChat? llm = null)
{
    public const int MaxAnswerLength = 1000;

    private static readonly BinaryData Schema = BinaryData.FromString("""
        {"type":"object","additionalProperties":false,"required":["answerable","answer","citations"],
         "properties":{"answerable":{"type":"boolean"},"answer":{"type":"string"},"citations":{"type":"array","items":{"type":"string"}}}}
        """);

    /// <summary>The answer, or null when the passages do not answer the question (refuse and hand off).</summary>
    public async Task<KnowledgeAnswer?> AnswerAsync(string question, KnowledgeHits hits, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Best is not { } best)
        {
            return null;
        }
        if (llm is not null)
        {
            try
            {
                var answer = await llm.CompleteJsonAsync(System(language), User(question, hits), "shop_answer", Schema, cancellationToken).ConfigureAwait(false);
                var parsed = Parse(answer.Content, hits.Passing.Select(p => p.Chunk.Id).ToHashSet(StringComparer.Ordinal));
                if (parsed is { Answerable: false })
                {
                    return null;
                }
                if (parsed is { Answer: { } text, Citations: { } citations })
                {
                    return new KnowledgeAnswer(text, citations, llm.Source);
                }
                logger.LogWarning("The LLM's answer failed validation; answering extractively");
            }
            catch (LlmUnavailableException e)
            {
                logger.LogWarning("LLM unavailable, answering extractively: {Reason}", e.Message);
            }
        }
        return new KnowledgeAnswer(KnowledgeRetrieval.Extract(hits, best, ShopAnalyzer.Default), [best.Chunk.Id], "extractive");
    }

    internal sealed record ParsedAnswer(bool Answerable, string? Answer, IReadOnlyList<string>? Citations);

    /// <summary>The model's JSON, checked; null when it breaks any rule.</summary>
    internal static ParsedAnswer? Parse(string? content, IReadOnlySet<string> passages)
    {
        try
        {
            using var document = JsonDocument.Parse(content ?? "");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("answerable", out var answerable) || answerable.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return null;
            }
            if (!answerable.GetBoolean())
            {
                return new ParsedAnswer(false, null, null);
            }
            if (!root.TryGetProperty("answer", out var answer) || answer.ValueKind != JsonValueKind.String
                || answer.GetString()!.Trim() is not { Length: > 0 and <= MaxAnswerLength } text
                || !root.TryGetProperty("citations", out var citations) || citations.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var ids = new List<string>();
            foreach (var citation in citations.EnumerateArray())
            {
                if (citation.ValueKind != JsonValueKind.String || !passages.Contains(citation.GetString()!))
                {
                    return null;
                }
                ids.Add(citation.GetString()!);
            }
            return ids.Count == 0 ? null : new ParsedAnswer(true, text, ids.Distinct(StringComparer.Ordinal).ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string System(string language) =>
        "You are the WhatsApp assistant of a women's shoe and accessories shop. Answer the client's question using ONLY the passages given. "
        + "Do not add facts, prices, dates or promises that the passages do not state. If the passages do not answer the question, set answerable to false. "
        + $"Answer briefly (1-3 sentences), politely, in the client's language ({language}). Put the ids of the passages you used in citations.";

    private static string User(string question, KnowledgeHits hits)
    {
        var text = new StringBuilder("Passages:\n");
        foreach (var hit in hits.Passing)
        {
            text.Append('[').Append(hit.Chunk.Id).Append("] ").Append(hit.Chunk.SearchText).Append('\n');
        }
        return text.Append("\nQuestion: ").Append(question).ToString();
    }
}
