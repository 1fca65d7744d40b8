// Owns recording a BANT assessment and the qualification and meeting automation it triggers.
using System.Globalization;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Core.Leads;

/// <summary>
/// POST /api/v1/leads/{id}/bant: records a BANT assessment (each part 0–25). Seed 001's automation:
/// the assessment is an activity (new → contacted); a total ≥ QualifyBantScore (50) moves contacted →
/// qualified; ≥ MeetingBantScore (75) creates an urgent "schedule a meeting" recommendation for the owner,
/// also queued to the owner's Telegram.
/// </summary>
public sealed class AssessBant(PipelineRepository pipeline, ManagerRepository managers, OutboxRepository outbox, LeadOptions options, TimeProvider time)
{
    public const int MaxPart = 25;

    public async Task<Lead> RunAsync(long leadId, int budget, int authority, int need, int timeline, CancellationToken cancellationToken)
    {
        var change = await pipeline.MutateLeadAsync(leadId, lead => Apply(lead, new BantAssessment(budget, authority, need, timeline, time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
        var lead = change.Lead;
        if (lead.Bant!.Total >= options.MeetingBantScore && lead.OwnerManagerId is { } ownerId
            && await managers.GetAsync(ownerId, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            var text = $"🔥 <b>СРОЧНО: назначить встречу</b>\n\nЛид #{lead.Id} · BANT {lead.Bant.Total}/100" +
                (lead.Contact?.Name is { } name ? $" · {TelegramHtml.Escape(name)}" : "") +
                "\nКлиент готов к разговору: предложите 2–3 слота на этой неделе.";
            var id = string.Create(CultureInfo.InvariantCulture, $"lead-{lead.Id}-meeting-{lead.Bant.AssessedAt.UtcTicks}");
            await outbox.EnqueueAsync(OutboxMessages.FromHtml(owner, OutboxKind.LeadRecommendation, text, id, lead.Bant.AssessedAt, null, null), cancellationToken).ConfigureAwait(false);
        }
        return lead;
    }

    private LeadChange Apply(Lead lead, BantAssessment bant)
    {
        var now = bant.AssessedAt;
        var current = lead with { Bant = bant, UpdatedAt = now };
        var transitions = new List<StageTransition>();
        if (current.Stage == LeadStage.New)
        {
            (current, var contacted) = LeadTransitions.Move(current, LeadStage.Contacted, true, "system", "BANT assessment logged", now);
            transitions.Add(contacted);
        }
        if (current.Stage == LeadStage.Contacted && bant.Total >= options.QualifyBantScore)
        {
            (current, var qualified) = LeadTransitions.Move(current, LeadStage.Qualified, true, "system",
                string.Create(CultureInfo.InvariantCulture, $"BANT {bant.Total} ≥ {options.QualifyBantScore}"), now);
            transitions.Add(qualified);
        }
        if (bant.Total >= options.MeetingBantScore)
        {
            current = current with
            {
                Recommendations = [.. current.Recommendations, new OwnerRecommendation("schedule_meeting", "urgent",
                    string.Create(CultureInfo.InvariantCulture, $"Schedule a meeting: BANT {bant.Total}/100"), now)],
            };
        }
        return new LeadChange(current, transitions);
    }
}
