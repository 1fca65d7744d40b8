using SalesCoach.Core.Deals;
using SalesCoach.Core.Deals.Coaching;
using SalesCoach.Core.Deals.Forecast;

namespace SalesCoach.Tests.Deals.Forecast;

public sealed class WinModelFitterTests
{
    private static readonly DateTimeOffset Start = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WinModelFitter Fitter = new(new WinModelOptions(), new RuleCoach(new RuleCoachOptions()));

    /// <summary>
    /// Closed deals whose odds depend on the product, the manager and how long they stay open (as a
    /// generating process, not a lookup): each ends with a stage change into Won or Lost on its close date.
    /// </summary>
    private static List<DealHistory> Simulated(int count, int seed, Func<Deal, bool, IEnumerable<Activity>>? extra = null)
    {
        var random = new Random(seed);
        string[] products = ["Basic", "Pro", "Plus"];
        decimal[] prices = [550, 4821, 1096];
        double[] productEffect = [0.9, -0.9, 0];
        double[] managerSkill = [-1, -0.4, 0, 0.4, 1];
        var deals = new List<DealHistory>();
        for (var i = 0; i < count; i++)
        {
            var created = Start.AddDays(random.NextDouble() * 600);
            var cycle = 5 + random.NextDouble() * 150;
            var p = random.Next(products.Length);
            var m = random.Next(managerSkill.Length);
            var logit = -0.2 + productEffect[p] + managerSkill[m] - 0.012 * cycle;
            var won = random.NextDouble() < LogisticRegression.Sigmoid(logit);
            var closed = created.AddDays(cycle);
            var deal = new Deal
            {
                Id = $"d{i}", Name = $"Deal {i}", ManagerId = $"m{m}", Budget = prices[p], Currency = "USD", Product = products[p],
                Stage = won ? "Won" : "Lost", Status = won ? DealStatus.Won : DealStatus.Lost,
                CreatedAt = created, UpdatedAt = closed, ClosedAt = closed,
            };
            var activities = new List<Activity>
            {
                new() { Id = $"d{i}-close", DealId = deal.Id, Kind = ActivityKind.StageChange, OccurredAt = closed, FromStage = "Engaging", ToStage = deal.Stage },
            };
            activities.AddRange(extra?.Invoke(deal, won) ?? []);
            deals.Add(new DealHistory(deal, activities.OrderBy(a => a.OccurredAt).ToList()));
        }
        return deals;
    }

    private static TeamNorms Norms(IEnumerable<DealHistory> deals)
    {
        var builder = new TeamNormsBuilder();
        foreach (var history in deals)
        {
            builder.Add(history.Deal, history.Activities);
        }
        return builder.Build();
    }

    [Fact]
    public void Model_beats_the_rule_score_and_the_base_rate_on_a_later_holdout()
    {
        var deals = Simulated(3000, 11);
        var holdoutFrom = Start.AddDays(520);
        var evaluation = Fitter.Evaluate(deals, holdoutFrom, Norms(deals.Where(d => d.Deal.ClosedAt < holdoutFrom)));

        Assert.NotNull(evaluation);
        Assert.True(evaluation.Model.Auc >= 0.68, $"model AUC {evaluation.Model.Auc}");
        Assert.True(evaluation.Model.Auc > evaluation.Rules.Auc + 0.1, $"model {evaluation.Model.Auc} vs rules {evaluation.Rules.Auc}");
        Assert.True(evaluation.Model.Brier < evaluation.BaseRateBrier, $"model Brier {evaluation.Model.Brier} vs base rate {evaluation.BaseRateBrier}");
        Assert.True(evaluation.TrainDeals > 0 && evaluation.HoldoutDeals > 0);
        Assert.All(deals.Where(d => d.Deal.ClosedAt >= holdoutFrom), _ => { });
    }

    [Fact]
    public void What_happens_after_a_deal_closes_never_reaches_the_model()
    {
        // A call logged an hour after every won deal closed: a model that looked ahead would read the outcome from it.
        var deals = Simulated(1500, 5, (deal, won) => won
            ? [new Activity { Id = deal.Id + "-late", DealId = deal.Id, Kind = ActivityKind.Call, OccurredAt = deal.ClosedAt!.Value.AddHours(1), DurationSeconds = 60 }]
            : []);
        var holdoutFrom = Start.AddDays(520);
        var evaluation = Fitter.Evaluate(deals, holdoutFrom, TeamNorms.Unknown)!;
        var model = Fitter.Fit(deals, holdoutFrom, "t")!;

        Assert.DoesNotContain(model.Columns, c => c.Name is "log_calls" or "has_touches" or "log_days_since_touch");
        Assert.InRange(evaluation.Model.Auc, 0.5, 0.85);
    }

    [Fact]
    public void Fit_reads_only_deals_closed_before_its_instant_and_records_before_it()
    {
        var deals = Simulated(1200, 3);
        var until = Start.AddDays(400);
        var model = Fitter.Fit(deals, until, "t");

        Assert.NotNull(model);
        Assert.Equal(deals.Count(d => d.Deal.ClosedAt < until), model.ClosedDeals);
        Assert.Equal(model.ClosedDeals, model.Managers.Values.Sum(r => r.Closed));
        Assert.Equal(model.Won, model.Managers.Values.Sum(r => r.Won));
    }

    [Fact]
    public void Fewer_closed_deals_than_the_minimum_fit_no_model()
    {
        var deals = Simulated(150, 2);
        Assert.Null(Fitter.Fit(deals, Start.AddDays(1000), "t"));
    }

    [Fact]
    public void Manager_rate_is_shrunk_towards_the_team_and_uses_only_earlier_outcomes()
    {
        var deals = Simulated(400, 9);
        var timeline = new WinTimeline(deals);
        var first = deals.OrderBy(d => d.Deal.ClosedAt).First();
        // Before anyone closed anything: the neutral 0.5.
        Assert.Equal(0.5, timeline.RateAt(first.Deal.ManagerId, first.Deal.ClosedAt!.Value, 20), 6);
        // A newcomer with no record reads as the team.
        var at = Start.AddDays(900);
        Assert.Equal(timeline.TeamRateBefore(at), timeline.RateAt("nobody", at, 20), 6);
    }

    [Fact]
    public void Snapshot_sees_the_stage_and_tasks_as_they_were_then()
    {
        var created = Start;
        var deal = new Deal { Id = "s", Name = "S", ManagerId = "m", Stage = "Won", Status = DealStatus.Won, CreatedAt = created, UpdatedAt = created.AddDays(30), ClosedAt = created.AddDays(30) };
        List<Activity> activities =
        [
            new() { Id = "t", DealId = "s", Kind = ActivityKind.Task, OccurredAt = created.AddDays(1), DueAt = created.AddDays(3), CompletedAt = created.AddDays(20) },
            new() { Id = "m1", DealId = "s", Kind = ActivityKind.StageChange, OccurredAt = created.AddDays(10), FromStage = "New", ToStage = "Talks" },
            new() { Id = "m2", DealId = "s", Kind = ActivityKind.StageChange, OccurredAt = created.AddDays(30), FromStage = "Talks", ToStage = "Won" },
        ];
        var history = new DealHistory(deal, activities);

        var early = DealSnapshot.At(history, created.AddDays(5));
        Assert.Equal("New", early.Deal.Stage);
        Assert.Equal(DealStatus.Open, early.Deal.Status);
        Assert.Equal(1, early.Metrics.OverdueTasks);

        var later = DealSnapshot.At(history, created.AddDays(25));
        Assert.Equal("Talks", later.Deal.Stage);
        Assert.Equal(0, later.Metrics.OverdueTasks);
        Assert.Equal(15, later.Metrics.DaysInCurrentStage);
    }

    [Fact]
    public void Norms_are_medians_of_the_teams_own_history()
    {
        var deals = Simulated(500, 4);
        var norms = Norms(deals);
        var cycles = deals.Select(d => (d.Deal.ClosedAt!.Value - d.Deal.CreatedAt).TotalDays).Order().ToList();
        Assert.Equal(TeamNormsBuilder.Median(cycles), norms.CycleDays!.Value, 6);
        Assert.True(norms.DaysInStage.ContainsKey("Engaging"));
        Assert.False(norms.TouchesRecorded);
        Assert.False(norms.TasksInUse);
    }
}
