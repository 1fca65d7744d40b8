// Owns table, queue and blob container clients under the configured prefix, each created once per process.
using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace SalesCoach.Core.Platform;

/// <summary>
/// Hands out table and queue clients under the configured prefix, creating each table or queue once
/// per process on first use (a failed creation is retried by the next caller).
/// </summary>
public sealed class StorageAccount
{
    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;
    private readonly BlobServiceClient blobs;
    private readonly ConcurrentDictionary<string, Task<TableClient>> tableClients = new();
    private readonly ConcurrentDictionary<string, Task<QueueClient>> queueClients = new();
    private readonly ConcurrentDictionary<string, Task<BlobContainerClient>> containerClients = new();

    public StorageAccount(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        tables = new TableServiceClient(options.ConnectionString);
        // Base64 is what the Functions queue trigger expects by default (host.json messageEncoding).
        queues = new QueueServiceClient(options.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        blobs = new BlobServiceClient(options.ConnectionString);
    }

    public StorageOptions Options { get; }

    public Task<TableClient> TableAsync(string logicalName) =>
        CreateOnce(tableClients, Options.TableName(logicalName), async name =>
        {
            var client = tables.GetTableClient(name);
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
            return client;
        });

    /// <summary>A queue by its full name (as a queue trigger resolves it from functions.metadata), created on first use.</summary>
    public Task<QueueClient> QueueByFullNameAsync(string queueName) =>
        CreateOnce(queueClients, queueName, async name =>
        {
            var client = queues.GetQueueClient(name);
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
            return client;
        });

    public Task<QueueClient> QueueAsync(string logicalName) => QueueByFullNameAsync(Options.QueueName(logicalName));

    /// <summary>A blob container "{prefix}-{logicalName}" (lower case), created on first use.</summary>
    public Task<BlobContainerClient> ContainerAsync(string logicalName) =>
        CreateOnce(containerClients, Options.QueueName(logicalName).ToLowerInvariant(), async name =>
        {
            var client = blobs.GetBlobContainerClient(name);
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
            return client;
        });

    private static async Task<T> CreateOnce<T>(ConcurrentDictionary<string, Task<T>> cache, string name, Func<string, Task<T>> create)
    {
        var task = cache.GetOrAdd(name, create);
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Task<T>>(name, task));
            throw;
        }
    }
}
