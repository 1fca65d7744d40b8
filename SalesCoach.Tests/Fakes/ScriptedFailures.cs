using System.Collections.Concurrent;

namespace SalesCoach.Tests.Fakes;

/// <summary>Statuses a fake answers before it answers normally, in order (a 429 carries Retry-After: 1).</summary>
public sealed class ScriptedFailures
{
    private readonly ConcurrentQueue<int> script = new();

    public void Add(int status, int times)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue(status);
        }
    }

    public bool TryTake(Microsoft.AspNetCore.Http.HttpContext context, out int status)
    {
        if (!script.TryDequeue(out status))
        {
            return false;
        }
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        return true;
    }
}
