// Owns the SPIN accuracy command: the rule classifier (and the LLM one when configured) on a labelled corpus.
using SalesCoach.Core.Chats;

namespace SalesCoach.Functions.Cli;

/// <summary>
/// "SalesCoach.Functions spin-accuracy &lt;corpus.tsv&gt; [heldout|dev|all]": accuracy overall, per language
/// and per label, and the confusion matrix, of the rule classifier on that part of a labelled corpus
/// (format: SalesCoach.Tests/Chats/Spin/README.md). With Azure OpenAI configured (OpenAI__Endpoint,
/// OpenAI__Deployment, OpenAI__ApiKey) the LLM classifier is measured the same way, through the same
/// batches, validation and cache as reports use; questions it left to the rules are counted.
/// </summary>
public static class SpinAccuracy
{
    public static readonly string[] Splits = ["heldout", "dev", "all"];

    /// <param name="llm">The LLM classifier when Azure OpenAI is configured, else null.</param>
    public static async Task<int> RunAsync(LlmSpinClassifier? llm, string corpusPath, string split, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Splits.Contains(split))
        {
            await errors.WriteLineAsync($"split must be one of {string.Join(", ", Splits)}, not '{split}'");
            return 2;
        }
        IReadOnlyList<SpinCorpusRow> rows;
        try
        {
            rows = SpinCorpus.Parse(await File.ReadAllTextAsync(corpusPath)).Where(r => split == "all" || r.Split == split).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            await errors.WriteLineAsync($"{corpusPath}: {e.Message}");
            return 2;
        }
        if (rows.Count == 0)
        {
            await errors.WriteLineAsync($"{corpusPath} has no {split} questions");
            return 2;
        }

        var rules = await SpinScore.MeasureAsync(new LexiconSpinClassifier(ChatLexicon.Default), rows, CancellationToken.None);
        await output.WriteAsync(rules.Format($"SPIN rules ({split})"));
        if (llm is not null)
        {
            var before = llm.FellBack;
            var score = await SpinScore.MeasureAsync(llm, rows, CancellationToken.None);
            await output.WriteAsync(score.Format($"SPIN LLM ({split})"));
            await output.WriteLineAsync($"  {llm.FellBack - before} of {rows.Count} questions fell back to the rules (LLM unavailable or answer out of shape)");
        }
        else
        {
            await output.WriteLineAsync("SPIN LLM: not configured (set OpenAI__Endpoint, OpenAI__Deployment and OpenAI__ApiKey to measure it the same way)");
        }
        return 0;
    }
}
