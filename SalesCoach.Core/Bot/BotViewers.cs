// Owns who is speaking to the bot: the linked manager, their role (manager, team lead, admin) and whose things they may see.
using SalesCoach.Core.Managers;

namespace SalesCoach.Core.Bot;

public enum BotRole
{
    Manager,
    TeamLead,
    Admin,
}

/// <summary>A linked manager as the bot sees them: what language they read and whose leads, deals and recommendations they may see and change.</summary>
public sealed record BotViewer(Manager Manager, BotRole Role, string Language, IReadOnlyList<Manager> Visible)
{
    /// <summary>A manager sees their own; a team lead their team's; an admin everyone's.</summary>
    public bool CanSee(string? ownerManagerId) => ownerManagerId is not null && Visible.Any(m => m.Id == ownerManagerId);

    public Manager? Owner(string? managerId) => Visible.FirstOrDefault(m => m.Id == managerId);

    public BotTexts Texts => new(Language);
}

public sealed class BotViewers(BotLinks links, ManagerRepository managers, LanguageOptions languages, BotOptions options)
{
    /// <summary>The viewer behind a Telegram user, or null when the user is not linked (or their manager is gone).</summary>
    public async Task<BotViewer?> FindAsync(long telegramUserId, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(telegramUserId, cancellationToken).ConfigureAwait(false) is not { } link)
        {
            return null;
        }
        var everyone = await managers.ListAsync(cancellationToken).ConfigureAwait(false);
        return everyone.FirstOrDefault(m => m.Id == link.ManagerId) is { } manager ? Of(manager, everyone) : null;
    }

    public BotViewer Of(Manager manager, IReadOnlyList<Manager> everyone)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(everyone);
        var role = options.AdminIds().Contains(manager.Id) ? BotRole.Admin
            : options.TeamLeadIds().Contains(manager.Id) ? BotRole.TeamLead
            : BotRole.Manager;
        IReadOnlyList<Manager> visible = role switch
        {
            BotRole.Admin => everyone,
            BotRole.TeamLead => everyone.Where(m => string.Equals(m.Team, manager.Team, StringComparison.Ordinal)).ToList(),
            _ => [manager],
        };
        return new BotViewer(manager, role, languages.For(manager), visible);
    }

    /// <summary>Whether <paramref name="issuer"/> may issue a link code for <paramref name="managerId"/>: admins for anyone, team leads for their team.</summary>
    public static bool MayIssueCodeFor(BotViewer issuer, string managerId)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.Role != BotRole.Manager && issuer.CanSee(managerId);
    }
}
