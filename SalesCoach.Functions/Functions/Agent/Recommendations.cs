// Owns the recommendation endpoints: a manager's open recommendations, and accept / dismiss / complete.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Agent;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Agent;

public sealed class Recommendations(RecommendationRepository recommendations, ActOnRecommendation act, TimeProvider time)
{
    [Function("ListRecommendations")]
    [ApiOperation("A manager's open and accepted recommendations (most urgent first, then newest); expired ones are left out.", Response = typeof(RecommendationList))]
    [ApiQuery("manager_id", "string", "The manager whose recommendations to list.", Required = true)]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agent/recommendations")] HttpRequest request, CancellationToken cancellationToken)
    {
        var managerId = Keys.RequireId(request.Query["manager_id"], "manager_id");
        var now = time.GetUtcNow();
        var items = (await recommendations.ListActiveAsync(managerId, cancellationToken))
            .Where(r => r.StatusAt(now) != RecommendationStatus.Expired)
            .Select(r => RecommendationView.Of(r, now)).ToList();
        return TypedResults.Ok(new RecommendationList(managerId, items.Count, items));
    }

    [Function("AcceptRecommendation")]
    [ApiOperation("Accepts a recommendation (it stays open until completed or dismissed). Idempotent; 409 when it is already dismissed, done or expired.", Response = typeof(RecommendationView))]
    public Task<IResult> AcceptAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "agent/recommendations/{recommendationId}/accept")] HttpRequest request, string recommendationId, CancellationToken cancellationToken) =>
        ActAsync(recommendationId, RecommendationAction.Accept, cancellationToken);

    [Function("DismissRecommendation")]
    [ApiOperation("Dismisses a recommendation. Idempotent; 409 when it is already done or expired.", Response = typeof(RecommendationView))]
    public Task<IResult> DismissAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "agent/recommendations/{recommendationId}/dismiss")] HttpRequest request, string recommendationId, CancellationToken cancellationToken) =>
        ActAsync(recommendationId, RecommendationAction.Dismiss, cancellationToken);

    [Function("CompleteRecommendation")]
    [ApiOperation("Marks a recommendation done (counts toward its daily plan's completion). Idempotent; 409 when it is already dismissed or expired.", Response = typeof(RecommendationView))]
    public Task<IResult> CompleteAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "agent/recommendations/{recommendationId}/complete")] HttpRequest request, string recommendationId, CancellationToken cancellationToken) =>
        ActAsync(recommendationId, RecommendationAction.Complete, cancellationToken);

    private async Task<IResult> ActAsync(string id, RecommendationAction action, CancellationToken cancellationToken)
    {
        var recommendation = await act.RunAsync(id, action, cancellationToken);
        return TypedResults.Ok(RecommendationView.Of(recommendation, time.GetUtcNow()));
    }
}
