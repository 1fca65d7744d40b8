// Owns calling a [Function] method the way the Functions host would: an instance per invocation, parameters bound by binding.
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting.Standalone;

/// <summary>What a trigger hands to the function: its payload, and for queues the dequeue count.</summary>
public sealed record TriggerInput(object? Value, long DequeueCount = 1);

/// <summary>
/// Binds and calls a function method: the trigger parameter (HttpRequest, TimerInfo, a queue message
/// as string or JSON, an activity input), route values by parameter name, dequeueCount, a
/// [DurableClient] DurableTaskClient and the CancellationToken. A function class gets its constructor
/// dependencies from the service provider, a new instance per invocation, as in the isolated worker.
/// Parameters it cannot bind are refused when the app starts, not on the first call.
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services, DurableTaskClient durableClient)
{
    public static void Validate(FunctionEntry function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var parameter in function.Method.GetParameters())
        {
            var type = parameter.ParameterType;
            var bindable = parameter.Name == function.TriggerParameter
                || type == typeof(CancellationToken)
                || type == typeof(HttpContext)
                || type == typeof(DurableTaskClient)
                || (function.Kind == TriggerKind.Http && type == typeof(string) && (function.Route?.Contains('{' + parameter.Name + '}', StringComparison.Ordinal) == true
                    || function.Route?.Contains("{*" + parameter.Name + '}', StringComparison.Ordinal) == true))
                || (function.Kind == TriggerKind.Queue && parameter.Name == "dequeueCount" && (type == typeof(long) || type == typeof(int)));
            if (!bindable)
            {
                throw new InvalidOperationException($"Function {function.Name}: standalone mode cannot bind parameter '{parameter.Name}' ({type.Name}).");
            }
        }
        if (function.Kind == TriggerKind.Http && !typeof(IResult).IsAssignableFrom(ResultType(function.Method)))
        {
            throw new InvalidOperationException($"Function {function.Name}: an HTTP function returns IResult (or Task<IResult>).");
        }
    }

    /// <summary>Invokes the function and returns what it returned (awaited), traced and timed as the worker's middleware does (<see cref="FunctionTelemetry"/>).</summary>
    public Task<object?> InvokeAsync(FunctionEntry function, IServiceProvider scope, TriggerInput trigger, HttpContext? http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FunctionTelemetry.MeasureAsync(function.Name, Guid.NewGuid().ToString("N"), services.GetRequiredService<ILoggerFactory>(),
            () => InvokeCoreAsync(function, scope, trigger, http, cancellationToken));
    }

    private async Task<object?> InvokeCoreAsync(FunctionEntry function, IServiceProvider scope, TriggerInput trigger, HttpContext? http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Bind(function, p, trigger, http, cancellationToken)).ToArray();
        object? returned;
        try
        {
            returned = method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    /// <summary>The services of a new invocation scope.</summary>
    public AsyncServiceScope CreateScope() => services.CreateAsyncScope();

    private object? Bind(FunctionEntry function, ParameterInfo parameter, TriggerInput trigger, HttpContext? http, CancellationToken cancellationToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return cancellationToken;
        }
        if (type == typeof(DurableTaskClient))
        {
            return durableClient;
        }
        if (type == typeof(HttpContext))
        {
            return http;
        }
        if (parameter.Name == function.TriggerParameter)
        {
            return trigger.Value switch
            {
                string text when type != typeof(string) => Deserialize(text, type, function.Name),
                var value => value,
            };
        }
        if (parameter.Name == "dequeueCount")
        {
            return type == typeof(int) ? (object)(int)trigger.DequeueCount : trigger.DequeueCount;
        }
        return http!.GetRouteValue(parameter.Name!)?.ToString();
    }

    private static object? Deserialize(string text, Type type, string function)
    {
        try
        {
            return JsonSerializer.Deserialize(text, type, Json.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{function}: the message is not a valid {type.Name}: {e.Message}", e);
        }
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && (method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) || method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType;
}
