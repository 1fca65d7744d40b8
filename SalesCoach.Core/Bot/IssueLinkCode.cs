// Owns issuing a link code for a manager over HTTP.
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Bot;

/// <summary>POST /api/managers/{managerId}/telegram-link-code: a one-time code the manager sends the bot as /start CODE.</summary>
public sealed class IssueLinkCode(ManagerRepository managers, LinkCodes codes)
{
    public async Task<LinkCode> RunAsync(string managerId, CancellationToken cancellationToken)
    {
        Keys.RequireId(managerId, "managerId");
        _ = await managers.GetAsync(managerId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Manager", managerId);
        return await codes.IssueAsync(managerId, "api", cancellationToken).ConfigureAwait(false);
    }
}
