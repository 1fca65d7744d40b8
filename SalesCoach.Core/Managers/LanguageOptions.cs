// Owns which language a manager reads: their own setting, else their team's, else the default.
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Managers;

/// <summary>
/// Bound from the "Languages" section: <c>Languages__Default</c> (ru unless set) and
/// <c>Languages__Teams__&lt;team&gt;</c> per team. A manager's own <see cref="Manager.Language"/> wins.
/// </summary>
public sealed record LanguageOptions
{
    public string Default { get; init; } = Languages.Russian;

    public Dictionary<string, string> Teams { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The language this manager's texts are written in.</summary>
    public string For(Manager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (Languages.IsSupported(manager.Language))
        {
            return manager.Language!;
        }
        return Teams.TryGetValue(manager.Team, out var team) && Languages.IsSupported(team) ? team : Languages.OrDefault(Default);
    }

    /// <summary>The language of a team's shared texts (its squad analysis; a message whose manager is unknown: null team).</summary>
    public string ForTeam(string? team) =>
        team is not null && Teams.TryGetValue(team, out var code) && Languages.IsSupported(code) ? code : Languages.OrDefault(Default);

    /// <summary>Every configured code is one we write; the first that is not names its setting.</summary>
    public void Validate()
    {
        if (!Languages.IsSupported(Default))
        {
            throw new InvalidOperationException($"Languages__Default must be one of {string.Join(", ", Languages.Supported)}, not '{Default}'.");
        }
        foreach (var (team, code) in Teams)
        {
            if (!Languages.IsSupported(code))
            {
                throw new InvalidOperationException($"Languages__Teams__{team} must be one of {string.Join(", ", Languages.Supported)}, not '{code}'.");
            }
        }
    }
}
