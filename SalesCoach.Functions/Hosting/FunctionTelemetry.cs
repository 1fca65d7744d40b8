// Owns what every function invocation records in either mode: a trace span, a logging scope with the function's name, and its duration.
using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

public static class FunctionTelemetry
{
    /// <summary>Runs one invocation inside an activity "function {name}" and a logging scope (FunctionName, InvocationId), and records its duration.</summary>
    public static async Task<T> MeasureAsync<T>(string functionName, string invocationId, ILoggerFactory loggers, Func<Task<T>> invoke)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(invoke);
        using var activity = SalesCoachTelemetry.Source.StartActivity("function " + functionName);
        activity?.SetTag("faas.name", functionName);
        activity?.SetTag("faas.invocation_id", invocationId);
        // A message-template scope: structured values for exporters, readable text on the console.
        using var scope = loggers.CreateLogger("SalesCoach.Functions").BeginScope("Function {FunctionName} invocation {InvocationId}", functionName, invocationId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await invoke().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            SalesCoachTelemetry.FunctionDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("function", functionName), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

/// <summary>Under the Functions host: the same span, scope and duration for every invocation.</summary>
public sealed class TelemetryMiddleware(ILoggerFactory loggers) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return FunctionTelemetry.MeasureAsync<object?>(context.FunctionDefinition.Name, context.InvocationId, loggers, async () =>
        {
            await next(context).ConfigureAwait(false);
            return null;
        });
    }
}
