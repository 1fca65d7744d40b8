using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>
/// The built app started as its own process in standalone mode (dotnet SalesCoach.Functions.dll), so a
/// test can kill it with SIGKILL mid-work and start it again, as an operator or a crash would.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private AppProcess(Process process, Uri address)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>The process's recent output (warnings and errors are worth reading when a test fails).</summary>
    public string RecentLog => string.Join('\n', log);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        log.Enqueue(line);
        while (log.Count > 400 && log.TryDequeue(out _))
        {
        }
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SalesCoach.Functions.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["SalesCoach__StandaloneUrls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = await app.Client.GetAsync("/api/monitoring/status");
                return app;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>An app root (host.json + functions.metadata) copied from the build, with host.json edited.</summary>
    public static string AppRoot(Action<JsonNode> editHost)
    {
        ArgumentNullException.ThrowIfNull(editHost);
        var root = Directory.CreateTempSubdirectory("salescoach-approot-").FullName;
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        editHost(host);
        File.WriteAllText(Path.Combine(root, "host.json"), host.ToJsonString());
        File.Copy(Path.Combine(AppContext.BaseDirectory, "functions.metadata"), Path.Combine(root, "functions.metadata"));
        return root;
    }

    /// <summary>SIGKILL: no shutdown code runs, leases and in-flight messages are left as they are.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
