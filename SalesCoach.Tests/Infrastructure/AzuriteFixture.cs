using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Infrastructure;

/// <summary>
/// A real Azurite for the integration tests. SALESCOACH_TEST_STORAGE (a connection string) points the
/// tests at one that is already running; otherwise this starts Azurite from node_modules (npm ci) in
/// memory on free loopback ports and stops it afterwards. Each test isolates itself with its own prefix.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's documented, public development account (not a secret).
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? azurite;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("SALESCOACH_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var executable = Path.Combine(RepoPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run 'npm ci' in the repository root first.");
        }
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        azurite = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        azurite.OutputDataReceived += (_, _) => { };
        azurite.ErrorDataReceived += (_, _) => { };
        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();

        foreach (var port in new[] { blob, queue, table })
        {
            await WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        }
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey + ";"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (azurite is { HasExited: false })
        {
            azurite.Kill(entireProcessTree: true);
            azurite.WaitForExit(5000);
        }
        azurite?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh storage account view with a prefix no other test uses.</summary>
    public StorageAccount NewAccount(out string prefix)
    {
        prefix = NewPrefix();
        return new StorageAccount(new StorageOptions { ConnectionString = ConnectionString, Prefix = prefix });
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && azurite is { HasExited: false })
            {
                await Task.Delay(100);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
