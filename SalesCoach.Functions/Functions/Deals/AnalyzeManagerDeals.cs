// Owns the team run's per-manager activity function.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Deals.Runs;
using Job = SalesCoach.Core.Deals.Runs.AnalyzeManagerDeals;

namespace SalesCoach.Functions.Functions.Deals;

public sealed class AnalyzeManagerDeals(Job job)
{
    [Function(TeamRunNames.AnalyzeManager)]
    public Task<ManagerRunResult> RunAsync([ActivityTrigger] ManagerRunInput input, CancellationToken cancellationToken) => job.RunAsync(input, cancellationToken);
}
