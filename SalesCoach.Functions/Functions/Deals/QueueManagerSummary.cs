// Owns the team run's summary activity function (after the fan-in).
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Deals.Runs;
using Job = SalesCoach.Core.Deals.Runs.QueueManagerSummary;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class QueueManagerSummary(Job job)
{
    [Function(TeamRunNames.QueueSummary)]
    public Task<int> RunAsync([ActivityTrigger] ManagerSummaryInput input, CancellationToken cancellationToken) => job.RunAsync(input, cancellationToken);
}
