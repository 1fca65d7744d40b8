// Owns the amoCRM pull: users, pipelines, then what changed since the cursor.
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Crm.Sync;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.AmoCrm;

/// <summary>
/// Pulls amoCRM: users (→ managers), pipelines (stage names), then everything changed since the cursor
/// (filter[updated_at][from]): leads, lead notes (calls), lead tasks, and lead_status_changed events.
/// The cursor is the newest updated_at seen, so a re-pull only fetches what changed.
/// </summary>
public sealed class AmoCrmSource(AmoCrmOptions options, AmoCrmClient client, AmoCrmMapper mapper, AmoCrmStatusNames statusNames, ILogger<AmoCrmSource> logger) : ICrmSource
{
    public const int BatchSize = 500;

    public string Name => "amocrm";

    public bool IsConfigured => options.IsConfigured;

    public async Task<(string? Cursor, int Rejected)> PullAsync(string? cursor, Func<CrmBatch, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var since = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var newest = since;
        var validation = new ItemValidation(Name, logger);
        T? Map<T>(Func<T> map) where T : class => validation.Map(map);

        var managers = new List<Manager>();
        await foreach (var user in client.ListAsync("api/v4/users", "users", null, cancellationToken).ConfigureAwait(false))
        {
            if (Map(() => mapper.User(user)) is { } manager)
            {
                managers.Add(manager);
            }
        }
        await write(CrmBatch.Empty with { Managers = managers }).ConfigureAwait(false);

        var pipelines = new List<JsonElement>();
        await foreach (var pipeline in client.ListAsync("api/v4/leads/pipelines", "pipelines", null, cancellationToken).ConfigureAwait(false))
        {
            pipelines.Add(pipeline);
        }
        var statuses = AmoCrmMapper.Statuses(pipelines);
        var pipelineNames = AmoCrmMapper.PipelineNames(pipelines);
        await statusNames.SaveAsync(statuses, cancellationToken).ConfigureAwait(false);

        var filter = since > 0 ? OutboundJsonHttp.Invariant($"filter[updated_at][from]={since}") : null;
        await PumpAsync("api/v4/leads", "leads", filter, item => Map(() => mapper.Lead(item, statuses, pipelineNames)), deals => CrmBatch.Empty with { Deals = deals }).ConfigureAwait(false);
        await PumpAsync("api/v4/leads/notes", "notes", filter, item => Map(() => mapper.Note(item)), a => CrmBatch.Empty with { Activities = a }).ConfigureAwait(false);
        var taskFilter = "filter[entity_type]=leads" + (filter is null ? "" : "&" + filter);
        await PumpAsync("api/v4/tasks", "tasks", taskFilter, item => Map(() => mapper.Task(item)), a => CrmBatch.Empty with { Activities = a }).ConfigureAwait(false);
        var eventFilter = "filter[type]=lead_status_changed" + (since > 0 ? OutboundJsonHttp.Invariant($"&filter[created_at][from]={since}") : "");
        await PumpAsync("api/v4/events", "events", eventFilter, item => Map(() => mapper.StatusChange(item, statuses)), a => CrmBatch.Empty with { Activities = a }, AmoCrmClient.MaxEventsPageSize).ConfigureAwait(false);

        return (newest.ToString(CultureInfo.InvariantCulture), validation.Rejected);

        async Task PumpAsync<T>(string path, string embedded, string? query, Func<JsonElement, T?> map, Func<List<T>, CrmBatch> wrap, int? pageSize = null) where T : class
        {
            var buffer = new List<T>(BatchSize);
            await foreach (var item in client.ListAsync(path, embedded, query, cancellationToken, pageSize).ConfigureAwait(false))
            {
                var stamp = item.TryGetProperty("updated_at", out var u) && u.TryGetInt64(out var updated) ? updated
                    : item.TryGetProperty("created_at", out var c) && c.TryGetInt64(out var created) ? created : 0;
                newest = Math.Max(newest, stamp);
                if (map(item) is { } mapped)
                {
                    buffer.Add(mapped);
                }
                if (buffer.Count == BatchSize)
                {
                    await write(wrap(buffer)).ConfigureAwait(false);
                    buffer = new List<T>(BatchSize);
                }
            }
            if (buffer.Count > 0)
            {
                await write(wrap(buffer)).ConfigureAwait(false);
            }
        }
    }
}
