// Owns the app's traces and metrics names: one ActivitySource and one Meter, "SalesCoach", exported by OpenTelemetry when configured.
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SalesCoach.Core.Platform;

/// <summary>
/// Process-wide by design, as .NET's own libraries do it: an ActivitySource and a Meter cost nothing
/// until a listener (OpenTelemetry, a test's MeterListener) subscribes, and every capability records
/// into the same names without threading a service through each constructor.
/// </summary>
public static class SalesCoachTelemetry
{
    public const string Name = "SalesCoach";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    /// <summary>Milliseconds per function invocation, tagged with the function and its outcome (ok / error).</summary>
    public static readonly Histogram<double> FunctionDuration = Meter.CreateHistogram<double>("salescoach.function.duration", "ms", "Duration of one function invocation.");
    public static readonly Counter<long> OutboxSent = Meter.CreateCounter<long>("salescoach.outbox.sent", "{message}", "Telegram outbox messages delivered.");
    public static readonly Counter<long> OutboxFailed = Meter.CreateCounter<long>("salescoach.outbox.failed", "{message}", "Telegram outbox messages given up on.");
    public static readonly Counter<long> OutboxRescheduled = Meter.CreateCounter<long>("salescoach.outbox.rescheduled", "{message}", "Telegram outbox messages put back for a later attempt.");
    /// <summary>Tokens Azure OpenAI billed, tagged kind = prompt or completion.</summary>
    public static readonly Counter<long> LlmTokens = Meter.CreateCounter<long>("salescoach.llm.tokens", "{token}", "LLM tokens used.");
    /// <summary>Records a CRM pull wrote, tagged with the source and the kind (deals, activities, chats, messages, managers, rejected).</summary>
    public static readonly Counter<long> CrmSyncRecords = Meter.CreateCounter<long>("salescoach.crm.sync.records", "{record}", "Records written by CRM pulls.");
    /// <summary>CRM pulls, tagged with the source and the outcome (succeeded / failed).</summary>
    public static readonly Counter<long> CrmSyncRuns = Meter.CreateCounter<long>("salescoach.crm.sync.runs", "{pull}", "CRM pulls run.");
}
